"""The Windows installer script compiles (makensis runs on Linux too) and keeps the archive safe.

Compiled against a stand-in payload shaped like the PyInstaller build; packaging/check_frozen.sh
compiles it again against the real (Linux) build. Skipped only where makensis is missing: .ci/run
installs it, so CI always compiles.
"""

import shutil
import subprocess

import pytest

from tests.packaging.conftest import PACKAGING

SCRIPT = PACKAGING / "windows" / "broadsheet.nsi"
MAKENSIS = shutil.which("makensis")


@pytest.fixture
def payload(tmp_path):
    dist = tmp_path / "Broadsheet"
    (dist / "_internal" / "resources").mkdir(parents=True)
    (dist / "Broadsheet.exe").write_bytes(b"MZ stand-in")
    (dist / "broadsheet-cli.exe").write_bytes(b"MZ stand-in")
    (dist / "_internal" / "resources" / "page.txt").write_text("stand-in")
    return dist


@pytest.mark.skipif(MAKENSIS is None, reason="makensis not installed (apt-get install nsis)")
def test_installer_script_compiles_without_warnings(app_info, payload, tmp_path):
    out = tmp_path / "Broadsheet-check-setup.exe"
    result = subprocess.run(
        [MAKENSIS, "-WX", "-V2", f"-DVERSION={app_info.version()}",
         f"-DVERSION_QUAD={app_info.numeric_version(parts=4)}", "-DCHECK_ONLY",
         f"-DDIST_DIR={payload}", f"-DOUTFILE={out}", str(SCRIPT)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.read_bytes()[:2] == b"MZ"


@pytest.mark.skipif(MAKENSIS is None, reason="makensis not installed (apt-get install nsis)")
def test_installer_refuses_to_build_without_a_version(payload, tmp_path):
    result = subprocess.run(
        [MAKENSIS, "-V1", f"-DDIST_DIR={payload}", f"-DOUTFILE={tmp_path / 'x.exe'}", str(SCRIPT)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert not (tmp_path / "x.exe").exists()


def test_installer_is_per_user_and_uninstall_spares_the_archive():
    text = SCRIPT.read_text(encoding="utf-8")
    assert "RequestExecutionLevel user" in text
    assert 'InstallDir "$LOCALAPPDATA\\${INSTALL_SUBDIR}"' in text
    assert "HKLM" not in text
    uninstall = text.split('Section "Uninstall"', 1)[1]
    # Only what was installed goes; a recursive delete of $INSTDIR or of the archive never appears.
    assert 'RMDir /r "$INSTDIR"' not in uninstall
    assert "ARCHIVE_DIR" not in uninstall and "$LOCALAPPDATA" not in uninstall
    assert 'RMDir /r "$INSTDIR\\_internal"' in uninstall
