"""What the installers say about Broadsheet, kept in one place.

The PyInstaller spec (macOS Info.plist, Windows version resource), the NSIS installer (through
the generated `windows/associations.nsh`) and the release workflow all read their name, bundle
identifier, version and file associations from here, so the platforms cannot drift apart.

    python packaging/app_info.py version         # the version, e.g. 0.1.0
    python packaging/app_info.py version-quad    # the same as Windows wants it, e.g. 0.1.0.0
    python packaging/app_info.py nsh             # print the NSIS include
    python packaging/app_info.py nsh --write     # regenerate packaging/windows/associations.nsh
    python packaging/app_info.py plist           # print the macOS Info.plist entries

This directory is deliberately not a Python package: a `packaging` package at the repository
root would shadow the PyPI `packaging` library that pip and PyInstaller import.
"""

from __future__ import annotations

import plistlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NSH_PATH = Path(__file__).resolve().parent / "windows" / "associations.nsh"

APP_NAME = "Broadsheet"
DISPLAY_NAME = "Broadsheet"
DESCRIPTION = "Offline news-archive manager"
PUBLISHER = "The Broadsheet developers"
BUNDLE_ID = "org.broadsheet.Broadsheet"
# Windows: the windowed program Explorer launches, and the console twin for the command line.
GUI_EXE = "Broadsheet"
CLI_EXE = "broadsheet-cli"
# Never the same folder as the archive (platformdirs puts it in %LOCALAPPDATA%\Broadsheet):
# the uninstaller deletes the install folder, and it must never take the archive with it.
WINDOWS_INSTALL_SUBDIR = r"Programs\Broadsheet"
# The Windows ProgID our "Open with" entries point to; versioned by convention.
PROG_ID = "Broadsheet.Page.1"
MACOS_MINIMUM = "11.0"


@dataclass(frozen=True, slots=True)
class FileType:
    """One kind of page the app imports, as each system names it."""

    extensions: tuple[str, ...]  # without the dot
    description: str
    uti: str  # macOS Uniform Type Identifier
    mime: str
    # macOS knows public.* types itself; any other must be declared as imported (never exported:
    # the format is not ours) so that Finder can map the extension to it.
    conforms_to: tuple[str, ...] = ()

    @property
    def declared_by_system(self) -> bool:
        return self.uti.startswith("public.")


FILE_TYPES: tuple[FileType, ...] = (
    FileType(("txt",), "Text page", "public.plain-text", "text/plain"),
    FileType(("html", "htm"), "Web page", "public.html", "text/html"),
    # ISO 28500 web archives as crawlers save them. Only .warc: claiming .gz would offer
    # Broadsheet for every gzip file (a .warc.gz is still imported by drag-and-drop and the menu).
    FileType(("warc",), "Web archive (WARC)", "org.netpreserve.warc", "application/warc", ("public.data",)),
)


def version() -> str:
    """The version of the package being frozen (indexer.__version__, which pyproject mirrors)."""
    text = (ROOT / "indexer" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', text, re.MULTILINE)
    if not found:
        raise RuntimeError("indexer/__init__.py declares no __version__")
    return found.group(1)


def numeric_version(text: str | None = None, parts: int = 3) -> str:
    """The leading numbers of a version, padded to `parts`: macOS CFBundleVersion and Windows
    VIProductVersion accept only digits and dots ("1.2.0rc1" -> "1.2.0")."""
    numbers = [int(n) for n in re.findall(r"\d+", re.match(r"[\d.]*", text or version()).group(0))]
    numbers = (numbers + [0] * parts)[:parts]
    return ".".join(str(n) for n in numbers)


def extensions() -> list[str]:
    return [ext for file_type in FILE_TYPES for ext in file_type.extensions]


def info_plist(app_version: str | None = None) -> dict:
    """Info.plist entries for the macOS bundle (PyInstaller adds executable and icon names)."""
    app_version = app_version or version()
    return {
        "CFBundleName": APP_NAME,
        "CFBundleDisplayName": DISPLAY_NAME,
        "CFBundleIdentifier": BUNDLE_ID,
        "CFBundleShortVersionString": app_version,
        "CFBundleVersion": numeric_version(app_version),
        "CFBundlePackageType": "APPL",
        "LSApplicationCategoryType": "public.app-category.productivity",
        "LSMinimumSystemVersion": MACOS_MINIMUM,
        "NSHighResolutionCapable": True,
        "NSPrincipalClass": "NSApplication",
        "NSRequiresAquaSystemAppearance": False,
        "NSHumanReadableCopyright": f"© {PUBLISHER}",
        "CFBundleDocumentTypes": [
            {
                "CFBundleTypeName": file_type.description,
                # Viewer, not Editor: Broadsheet imports a copy and never writes the file back.
                "CFBundleTypeRole": "Viewer",
                # Alternate: offered in "Open With", never made the default for text or web pages.
                "LSHandlerRank": "Alternate",
                "LSItemContentTypes": [file_type.uti],
                "CFBundleTypeExtensions": list(file_type.extensions),
                "CFBundleTypeMIMETypes": [file_type.mime],
            }
            for file_type in FILE_TYPES
        ],
        "UTImportedTypeDeclarations": [
            {
                "UTTypeIdentifier": file_type.uti,
                "UTTypeDescription": file_type.description,
                "UTTypeConformsTo": list(file_type.conforms_to),
                "UTTypeTagSpecification": {
                    "public.filename-extension": list(file_type.extensions),
                    "public.mime-type": [file_type.mime],
                },
            }
            for file_type in FILE_TYPES
            if not file_type.declared_by_system
        ],
    }


def plist_xml(app_version: str | None = None) -> str:
    return plistlib.dumps(info_plist(app_version), sort_keys=True).decode("utf-8")


def _nsis_string(text: str, *, expand: bool = False) -> str:
    """A double-quoted NSIS string: " is written $\\", and $ as $$ unless NSIS should expand it."""
    if not expand:
        text = text.replace("$", "$$")
    return '"' + text.replace('"', '$\\"') + '"'


def nsh_text() -> str:
    """The NSIS include: names and the per-user "Open with Broadsheet" registry entries.

    The version is not written here (it is passed to makensis as -DVERSION) so that a version
    bump does not make this committed file stale.
    """
    exe = f"{GUI_EXE}.exe"
    command = f'"$INSTDIR\\{exe}" "%1"'
    lines = [
        "; Generated by packaging/app_info.py -- do not edit; run",
        ";     python packaging/app_info.py nsh --write",
        "; tests/packaging checks that this file matches app_info.py.",
        "",
        f"!define APP_NAME {_nsis_string(APP_NAME)}",
        f"!define APP_DESCRIPTION {_nsis_string(DESCRIPTION)}",
        f"!define APP_PUBLISHER {_nsis_string(PUBLISHER)}",
        f"!define APP_BUNDLE_ID {_nsis_string(BUNDLE_ID)}",
        f"!define APP_EXE {_nsis_string(exe)}",
        f"!define CLI_EXE {_nsis_string(CLI_EXE + '.exe')}",
        f"!define INSTALL_SUBDIR {_nsis_string(WINDOWS_INSTALL_SUBDIR)}",
        f"!define PROG_ID {_nsis_string(PROG_ID)}",
        "",
        "; Everything lives under HKCU\\Software\\Classes, so no administrator rights are needed.",
        "; OpenWithProgids adds Broadsheet to \"Open with\" without taking the default away from",
        "; the user's editor or browser.",
        "!macro BROADSHEET_REGISTER_ASSOCIATIONS",
        f'  WriteRegStr HKCU "Software\\Classes\\${{PROG_ID}}" "" {_nsis_string(APP_NAME + " page")}',
        f'  WriteRegStr HKCU "Software\\Classes\\${{PROG_ID}}\\DefaultIcon" "" "$INSTDIR\\{exe},0"',
        f'  WriteRegStr HKCU "Software\\Classes\\${{PROG_ID}}\\shell\\open" "" "Open with ${{APP_NAME}}"',
        f'  WriteRegStr HKCU "Software\\Classes\\${{PROG_ID}}\\shell\\open\\command" "" {_nsis_string(command, expand=True)}',
        f'  WriteRegStr HKCU "Software\\Classes\\Applications\\{exe}" "FriendlyAppName" "${{APP_NAME}}"',
        f'  WriteRegStr HKCU "Software\\Classes\\Applications\\{exe}\\shell\\open\\command" "" {_nsis_string(command, expand=True)}',
    ]
    for file_type in FILE_TYPES:
        for ext in file_type.extensions:
            lines += [
                f"  ; .{ext}: {file_type.description} ({file_type.mime})",
                f'  WriteRegStr HKCU "Software\\Classes\\.{ext}\\OpenWithProgids" "${{PROG_ID}}" ""',
                f'  WriteRegStr HKCU "Software\\Classes\\Applications\\{exe}\\SupportedTypes" ".{ext}" ""',
            ]
    lines += [
        "  ; Tell Explorer the associations changed (SHCNE_ASSOCCHANGED, SHCNF_IDLIST).",
        "  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'",
        "!macroend",
        "",
        "!macro BROADSHEET_UNREGISTER_ASSOCIATIONS",
    ]
    for file_type in FILE_TYPES:
        for ext in file_type.extensions:
            lines.append(f'  DeleteRegValue HKCU "Software\\Classes\\.{ext}\\OpenWithProgids" "${{PROG_ID}}"')
    lines += [
        '  DeleteRegKey HKCU "Software\\Classes\\${PROG_ID}"',
        f'  DeleteRegKey HKCU "Software\\Classes\\Applications\\{exe}"',
        "  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'",
        "!macroend",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "version":
        print(version())
    elif command == "version-quad":
        print(numeric_version(parts=4))
    elif command == "plist":
        print(plist_xml(), end="")
    elif command == "nsh" and argv[1:] == ["--write"]:
        NSH_PATH.write_text(nsh_text(), encoding="utf-8", newline="\n")
        print(f"wrote {NSH_PATH.relative_to(ROOT)}")
    elif command == "nsh":
        print(nsh_text(), end="")
    else:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
