"""The one description of the app that the spec, the NSIS include and the Info.plist come from."""

import plistlib
import re
import tomllib
from pathlib import PureWindowsPath

import platformdirs

from tests.packaging.conftest import PACKAGING

ROOT = PACKAGING.parent


def test_committed_nsis_include_matches_app_info(app_info):
    committed = (PACKAGING / "windows" / "associations.nsh").read_text(encoding="utf-8")
    assert committed == app_info.nsh_text(), "run: python packaging/app_info.py nsh --write"


def test_version_is_the_package_version(app_info):
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    import indexer

    assert app_info.version() == indexer.__version__
    if "version" in pyproject["project"]:  # not when the version becomes dynamic
        assert app_info.version() == pyproject["project"]["version"]


def test_numeric_versions_are_what_macos_and_windows_accept(app_info):
    assert app_info.numeric_version("1.2.0rc1") == "1.2.0"
    assert app_info.numeric_version("2.0") == "2.0.0"
    assert app_info.numeric_version("1.2.3.dev4", parts=4) == "1.2.3.0"
    assert re.fullmatch(r"\d+\.\d+\.\d+", app_info.numeric_version())


def test_every_file_type_is_named_for_every_system(app_info):
    assert sorted(app_info.extensions()) == ["htm", "html", "txt", "warc"]
    for file_type in app_info.FILE_TYPES:
        assert file_type.declared_by_system or file_type.conforms_to, file_type
        assert re.fullmatch(r"(text|application)/[a-z]+", file_type.mime)
        assert all(not ext.startswith(".") for ext in file_type.extensions)


def test_info_plist_declares_the_document_types(app_info):
    plist = plistlib.loads(app_info.plist_xml("1.4.0b2").encode("utf-8"))
    assert plist["CFBundleIdentifier"] == app_info.BUNDLE_ID
    assert re.fullmatch(r"[a-z]+(\.[A-Za-z][A-Za-z0-9-]*)+", plist["CFBundleIdentifier"])
    assert plist["CFBundleShortVersionString"] == "1.4.0b2"
    assert plist["CFBundleVersion"] == "1.4.0"
    types = plist["CFBundleDocumentTypes"]
    assert sorted(ext for t in types for ext in t["CFBundleTypeExtensions"]) == ["htm", "html", "txt", "warc"]
    assert {uti for t in types for uti in t["LSItemContentTypes"]} == {"public.plain-text", "public.html",
                                                                        "org.netpreserve.warc"}
    # A type macOS does not know is declared as imported, with its extension, or Finder cannot map it.
    imported = {t["UTTypeIdentifier"]: t for t in plist["UTImportedTypeDeclarations"]}
    assert set(imported) == {"org.netpreserve.warc"}
    assert imported["org.netpreserve.warc"]["UTTypeTagSpecification"]["public.filename-extension"] == ["warc"]
    assert "UTExportedTypeDeclarations" not in plist
    # Importing a copy never writes the page back, and the app must not grab the default handler.
    assert {t["CFBundleTypeRole"] for t in types} == {"Viewer"}
    assert {t["LSHandlerRank"] for t in types} == {"Alternate"}


def test_nsis_include_registers_and_unregisters_every_extension(app_info):
    text = app_info.nsh_text()
    register, unregister = text.split("!macro BROADSHEET_UNREGISTER_ASSOCIATIONS")
    for ext in app_info.extensions():
        assert f'"Software\\Classes\\.{ext}\\OpenWithProgids" "${{PROG_ID}}" ""' in register
        assert f'"Software\\Classes\\.{ext}\\OpenWithProgids" "${{PROG_ID}}"' in unregister
    # Per-user only: no administrator rights, and nothing outside the user's hive.
    assert "HKLM" not in text and "HKCR" not in text
    # $INSTDIR must expand at install time, so it may not be escaped as $$INSTDIR.
    assert '$\\"$INSTDIR\\Broadsheet.exe$\\" $\\"%1$\\"' in register
    assert "$$INSTDIR" not in text


def test_install_folder_is_not_the_archive_folder(app_info, monkeypatch):
    """The uninstaller deletes the install folder's contents; the archive must be out of its reach."""
    from indexer import paths

    asked = {}

    def fake_user_data_dir(appname, appauthor=None, *args, **kwargs):
        asked.update(appname=appname, appauthor=appauthor)
        return rf"C:\Users\reader\AppData\Local\{appname}"

    monkeypatch.delenv("BROADSHEET_HOME", raising=False)
    monkeypatch.setattr(platformdirs, "user_data_dir", fake_user_data_dir)
    paths.default_home()
    assert asked["appauthor"] is False  # else platformdirs nests it: Local\<author>\<app>
    local = PureWindowsPath(r"C:\Users\reader\AppData\Local")
    archive = local / asked["appname"]
    install = local / app_info.WINDOWS_INSTALL_SUBDIR
    assert archive != install
    assert archive not in install.parents and install not in archive.parents
