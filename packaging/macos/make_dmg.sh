#!/usr/bin/env bash
# Turn dist/Broadsheet.app (pyinstaller packaging/broadsheet.spec, on macOS) into a disk image
# with the app beside an /Applications link: dist/Broadsheet-<version>-macos-<arch>.dmg.
#
# Signing is done when its secrets are present and skipped with a warning when they are not
# (forks, pull requests, local builds): the unsigned image works, but Gatekeeper makes the
# librarian right-click > Open the first time (docs/INSTALL.md says how).
#
#   MACOS_CERTIFICATE           base64 of the "Developer ID Application" .p12
#   MACOS_CERTIFICATE_PASSWORD  its password
#   MACOS_SIGNING_IDENTITY      e.g. "Developer ID Application: Example Library (TEAMID1234)"
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD   notarization (an app-specific password)
#
#   bash packaging/macos/make_dmg.sh          # DIST=folder to use another dist/ folder
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PY=${PYTHON:-python3}
DIST=${DIST:-$ROOT/dist}
APP="$DIST/Broadsheet.app"
VERSION=$("$PY" packaging/app_info.py version)
ARCH=$(uname -m)  # arm64 or x86_64
DMG="$DIST/Broadsheet-$VERSION-macos-$ARCH.dmg"
ENTITLEMENTS="$ROOT/packaging/macos/entitlements.plist"

warn() { echo "::warning::$*" >&2; }

[[ -d "$APP" ]] || { echo "no $APP: run pyinstaller packaging/broadsheet.spec first" >&2; exit 1; }
[[ $(uname -s) == Darwin ]] || { echo "make_dmg.sh needs macOS (hdiutil, codesign)" >&2; exit 1; }

signing=false
if [[ -n "${MACOS_CERTIFICATE:-}" && -n "${MACOS_CERTIFICATE_PASSWORD:-}" && -n "${MACOS_SIGNING_IDENTITY:-}" ]]; then
    signing=true
else
    warn "no signing secrets (MACOS_CERTIFICATE, MACOS_CERTIFICATE_PASSWORD, MACOS_SIGNING_IDENTITY): the app stays ad-hoc signed and Gatekeeper will warn"
fi

if $signing; then
    # A throwaway keychain, so the certificate never lands in the runner's login keychain.
    keychain="${RUNNER_TEMP:-$(mktemp -d)}/broadsheet-signing.keychain-db"
    keychain_password=$(uuidgen)
    certificate="$(dirname "$keychain")/certificate.p12"
    echo "$MACOS_CERTIFICATE" | base64 --decode >"$certificate"
    security create-keychain -p "$keychain_password" "$keychain"
    security set-keychain-settings -lut 21600 "$keychain"
    security unlock-keychain -p "$keychain_password" "$keychain"
    security import "$certificate" -P "$MACOS_CERTIFICATE_PASSWORD" -A -t cert -f pkcs12 -k "$keychain"
    security set-key-partition-list -S apple-tool:,apple: -k "$keychain_password" "$keychain" >/dev/null
    # Add ours to the search list, keeping the keychains already on it.
    # (A read loop, not mapfile: macOS's own bash is 3.2.)
    existing=()
    while IFS= read -r line; do
        existing+=("$(echo "$line" | tr -d '"' | sed 's/^[[:space:]]*//')")
    done < <(security list-keychains -d user)
    security list-keychains -d user -s "$keychain" ${existing[@]+"${existing[@]}"}
    rm -f "$certificate"
    trap 'security delete-keychain "$keychain" 2>/dev/null || true' EXIT

    echo "signing $APP as $MACOS_SIGNING_IDENTITY"
    # Inside out: every library and executable, then the bundle, with the hardened runtime
    # that notarization requires.
    # Only Mach-O files: codesign would store a signature for anything else in extended
    # attributes, which the bundle signature then rejects.
    find "$APP/Contents" -type f -print0 | while IFS= read -r -d '' file; do
        if file -b "$file" | grep -q "Mach-O"; then
            codesign --force --timestamp --options runtime --entitlements "$ENTITLEMENTS" \
                --sign "$MACOS_SIGNING_IDENTITY" --keychain "$keychain" "$file"
        fi
    done
    codesign --force --timestamp --options runtime --entitlements "$ENTITLEMENTS" \
        --sign "$MACOS_SIGNING_IDENTITY" --keychain "$keychain" "$APP"
    codesign --verify --deep --strict --verbose=2 "$APP"
fi

echo "building $DMG"
staging=$(mktemp -d)
cp -R "$APP" "$staging/"
ln -s /Applications "$staging/Applications"
rm -f "$DMG"
hdiutil create -volname "Broadsheet $VERSION" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$DMG"
rm -rf "$staging"

if $signing; then
    codesign --force --timestamp --sign "$MACOS_SIGNING_IDENTITY" --keychain "$keychain" "$DMG"
    if [[ -n "${APPLE_ID:-}" && -n "${APPLE_TEAM_ID:-}" && -n "${APPLE_APP_PASSWORD:-}" ]]; then
        echo "notarizing (this waits for Apple, usually a few minutes)"
        xcrun notarytool submit "$DMG" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
            --password "$APPLE_APP_PASSWORD" --wait
        xcrun stapler staple "$DMG"
        xcrun stapler validate "$DMG"
        spctl --assess --type open --context context:primary-signature --verbose "$DMG"
    else
        warn "signed but not notarized (APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD missing): Gatekeeper will still warn"
    fi
fi

hdiutil verify "$DMG"
echo "dmg: $DMG ($(du -h "$DMG" | cut -f1))"
