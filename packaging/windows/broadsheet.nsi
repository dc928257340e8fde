; Broadsheet installer for Windows: a per-user install that needs no administrator rights.
;
; Installs the PyInstaller one-folder build (dist\Broadsheet) into
; %LOCALAPPDATA%\Programs\Broadsheet, adds a Start-menu entry, an optional desktop shortcut and
; "Open with Broadsheet" for .txt/.html/.htm/.warc (HKCU only). The uninstaller removes the program
; and never the user's archive, which lives in %LOCALAPPDATA%\Broadsheet (platformdirs).
;
; Build (from the repository root, after pyinstaller packaging/broadsheet.spec):
;   makensis -DVERSION=0.1.0 -DVERSION_QUAD=0.1.0.0 packaging\windows\broadsheet.nsi
; Optional defines: DIST_DIR (the one-folder build), OUTFILE, CHECK_ONLY (no compression; used
; by packaging/check_frozen.sh, which compiles this script on Linux against the Linux build).

Unicode true
ManifestDPIAware true
RequestExecutionLevel user

; makensis runs in this script's folder, so paths here are relative to it.
!include "associations.nsh"
!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"

!ifndef VERSION
  !error "Pass the version: makensis -DVERSION=$(python packaging/app_info.py version) ..."
!endif
!ifndef VERSION_QUAD
  !define VERSION_QUAD "0.0.0.0"
!endif
; Paths in the host's own separator: makensis on Linux (the CI check) does not translate "\".
!ifdef NSIS_WIN32_MAKENSIS
  !define /ifndef SEP "\"
!else
  !define /ifndef SEP "/"
!endif
!define ROOT "..${SEP}.."
!ifndef DIST_DIR
  !define DIST_DIR "${ROOT}${SEP}dist${SEP}${APP_NAME}"
!endif
!ifndef OUTFILE
  !define OUTFILE "${ROOT}${SEP}dist${SEP}${APP_NAME}-${VERSION}-windows-setup.exe"
!endif
!define ICON_FILE "${ROOT}${SEP}resources${SEP}icons${SEP}broadsheet.ico"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_NAME}"
; Where the archive lives (platformdirs.user_data_dir("Broadsheet", appauthor=False)).
!define ARCHIVE_DIR "$LOCALAPPDATA\${APP_NAME}"

!ifdef CHECK_ONLY
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif

Name "${APP_NAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\${INSTALL_SUBDIR}"
; Upgrades go where the last install went. Kept in the uninstall entry, not under
; Software\${APP_NAME}, which is where the app's own QSettings live and the uninstaller keeps.
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION_QUAD}"
VIAddVersionKey "ProductName" "${APP_NAME}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "FileDescription" "${APP_NAME} installer"
VIAddVersionKey "CompanyName" "${APP_PUBLISHER}"
VIAddVersionKey "LegalCopyright" "${APP_PUBLISHER}"

!define MUI_ICON "${ICON_FILE}"
!define MUI_UNICON "${ICON_FILE}"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Open ${APP_NAME} now"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!define MUI_WELCOMEPAGE_TEXT "This removes the ${APP_NAME} program.$\r$\n$\r$\nYour archive (imported pages, notes and search index) in ${ARCHIVE_DIR} is kept: a new installation finds it again. Delete that folder yourself if you no longer need it."
!insertmacro MUI_UNPAGE_WELCOME
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"

; The uninstaller deletes what it installed; installing into the archive folder (or above it)
; would put the archive within reach of that, so the directory page refuses such folders.
Function .onVerifyInstDir
  ; Compared with a trailing backslash, so that ...\Broadsheet2 is not taken for ...\Broadsheet.
  StrCpy $2 "$INSTDIR\"
  StrCpy $3 "${ARCHIVE_DIR}\"
  StrLen $0 $3
  StrCpy $1 $2 $0
  ${If} $1 == $3  ; the install folder is the archive folder or inside it
    Abort
  ${EndIf}
  StrLen $0 $2
  StrCpy $1 $3 $0
  ${If} $1 == $2  ; the archive folder is inside the install folder
    Abort
  ${EndIf}
FunctionEnd

Section "${APP_NAME}" SecProgram
  SectionIn RO
  ; An upgrade replaces the bundled libraries wholesale, so no stale module from an older
  ; version lingers beside the new ones.
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${DIST_DIR}${SEP}*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${APP_PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section "Desktop shortcut" SecDesktop
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
SectionEnd

Section "$\"Open with ${APP_NAME}$\" for .txt, .html, .htm and .warc files" SecAssociations
  !insertmacro BROADSHEET_REGISTER_ASSOCIATIONS
SectionEnd

; Removes exactly what the installer put there. Never RMDir /r "$INSTDIR": the folder may have
; been chosen by hand and hold other files, and the archive folder must stay untouched.
Section "Uninstall"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  !insertmacro BROADSHEET_UNREGISTER_ASSOCIATIONS
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
