"""packaging/macos/make_dmg.sh, run on Linux against stand-ins for the macOS tools.

The real hdiutil, codesign and notarytool exist only on the macOS runners; these stand-ins log
how they were called, so the script's decisions are checked here: no secrets means no signing
(with a warning) but still a disk image with an /Applications link; secrets mean every Mach-O
file signed with the hardened runtime, then the app, the image, notarization and stapling.
"""

import os
import shutil
import subprocess
import sys

import pytest

from tests.packaging.conftest import PACKAGING

SCRIPT = PACKAGING / "macos" / "make_dmg.sh"
pytestmark = pytest.mark.skipif(sys.platform == "win32" or not shutil.which("bash"), reason="needs bash")

STUBS = {
    "uname": 'case "$1" in -s) echo Darwin ;; -m) echo arm64 ;; *) echo Darwin ;; esac',
    "hdiutil": (
        'echo "hdiutil $*" >> "$STUB_LOG"\n'
        'if [ "$1" = create ]; then\n'
        '  while [ $# -gt 1 ]; do [ "$1" = -srcfolder ] && ls -l "$2" >> "$STUB_LOG"; shift; done\n'
        '  : > "$1"\n'
        "fi"
    ),
    "codesign": 'echo "codesign $*" >> "$STUB_LOG"',
    "security": 'echo "security $*" >> "$STUB_LOG"\n[ "$1" = list-keychains ] && echo \'    "/Users/me/login.keychain-db"\'\nexit 0',
    "xcrun": 'echo "xcrun $*" >> "$STUB_LOG"',
    "spctl": 'echo "spctl $*" >> "$STUB_LOG"',
    "uuidgen": "echo 00000000-0000-0000-0000-000000000000",
    "file": 'case "$2" in *.so|*.dylib|*/MacOS/*) echo "Mach-O 64-bit dynamically linked shared library arm64" ;; *) echo data ;; esac',
}


@pytest.fixture
def fake_mac(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, body in STUBS.items():
        stub = bin_dir / name
        stub.write_text(f"#!/bin/sh\n{body}\n")
        stub.chmod(0o755)
    dist = tmp_path / "dist"
    app = dist / "Broadsheet.app" / "Contents"
    for path in ("MacOS/Broadsheet", "MacOS/broadsheet-cli", "Frameworks/libQt6Core.dylib",
                 "Frameworks/tantivy/tantivy.so", "Resources/resources/sample_archive/page.txt"):  # fmt: skip
        (app / path).parent.mkdir(parents=True, exist_ok=True)
        (app / path).write_text("stand-in")
    log = tmp_path / "calls.log"
    log.touch()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("MACOS_", "APPLE_"))}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env['PATH']}", STUB_LOG=str(log), DIST=str(dist),
               PYTHON=sys.executable, RUNNER_TEMP=str(tmp_path))  # fmt: skip
    return dist, log, env


def run(env):
    return subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=120)


def test_without_secrets_the_image_is_built_unsigned_with_a_warning(fake_mac, app_info):
    dist, log, env = fake_mac
    result = run(env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "::warning::no signing secrets" in result.stderr
    calls = log.read_text()
    assert "codesign" not in calls and "notarytool" not in calls and "security" not in calls
    assert "Applications -> /Applications" in calls  # the drag-to-install link sits in the image
    assert f"hdiutil create -volname Broadsheet {app_info.version()}" in calls
    assert (dist / f"Broadsheet-{app_info.version()}-macos-arm64.dmg").exists()


def test_with_secrets_everything_is_signed_notarized_and_stapled(fake_mac):
    dist, log, env = fake_mac
    env.update(MACOS_CERTIFICATE="c3RhbmQtaW4=", MACOS_CERTIFICATE_PASSWORD="pw",
               MACOS_SIGNING_IDENTITY="Developer ID Application: Test (TEAM123456)",
               APPLE_ID="me@example.org", APPLE_TEAM_ID="TEAM123456", APPLE_APP_PASSWORD="app-pw")  # fmt: skip
    result = run(env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "::warning::" not in result.stderr
    calls = log.read_text().splitlines()
    signed = [c for c in calls if c.startswith("codesign --force")]
    # Both executables and both libraries, then the bundle, then the disk image; data files not.
    assert sum("--options runtime" in c for c in signed) == 5
    assert not any("page.txt" in c for c in signed)
    assert any(c.endswith("Broadsheet.app") for c in signed)
    order = [next(i for i, c in enumerate(calls) if key in c)
             for key in ("security create-keychain", "codesign --force", "hdiutil create", "notarytool submit",
                         "stapler staple")]  # fmt: skip
    assert order == sorted(order)
    assert not (dist.parent / "certificate.p12").exists()  # the decoded certificate is not left behind


def test_signed_but_not_notarized_warns(fake_mac):
    _, log, env = fake_mac
    env.update(MACOS_CERTIFICATE="c3RhbmQtaW4=", MACOS_CERTIFICATE_PASSWORD="pw", MACOS_SIGNING_IDENTITY="Dev ID")
    result = run(env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "not notarized" in result.stderr and "notarytool" not in log.read_text()
