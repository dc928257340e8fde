#!/usr/bin/env bash
# Freeze Broadsheet on Linux from the same spec the Windows and macOS releases use, and prove the
# frozen build works before anyone ships one: the bundle check (engines, parsers, data files,
# worker processes, Qt), the desktop smoke test offscreen, the console executable's subcommands,
# and the NSIS installer script compiled against this build as a stand-in payload.
# Prints the build's size and its start-up time. Run from anywhere; .ci/run calls it last.
#
#   bash packaging/check_frozen.sh            # KEEP_BUILD=1 leaves dist/ and build/ behind
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY="$ROOT/.venv/bin/python"
DIST="$ROOT/dist/Broadsheet"
export QT_QPA_PLATFORM=offscreen
passed=0
failed=0
SECONDS=0

step() { printf '\n== %s\n' "$*"; }
ok() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAILED: $*" >&2; }

if [[ ! -x "$PY" ]]; then
    echo "no .venv: run 'python3 dev.py test' first" >&2
    exit 1
fi

step "installing the build tools (pyproject's 'packaging' extra)"
"$PY" -m pip install --quiet --disable-pip-version-check -e "${ROOT}[packaging]"
"$PY" -m PyInstaller --version

step "freezing with packaging/broadsheet.spec"
rm -rf "$ROOT/build/broadsheet" "$DIST"
freeze_started=$SECONDS
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN --distpath "$ROOT/dist" --workpath "$ROOT/build" \
    packaging/broadsheet.spec
echo "froze in $((SECONDS - freeze_started)) s"

step "bundle check (broadsheet-cli --check-bundle)"
if (cd /tmp && "$DIST/broadsheet-cli" --check-bundle); then ok "bundle check"; else fail "bundle check"; fi

step "console executable: import the sample archive, then stats --json"
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
if (cd /tmp && BROADSHEET_HOME="$home" "$DIST/broadsheet-cli" import "$ROOT/resources/sample_archive" --json) &&
    documents=$(cd /tmp && BROADSHEET_HOME="$home" "$DIST/broadsheet-cli" stats --json |
        "$PY" -c 'import json, sys; print(json.load(sys.stdin)["documents"])') &&
    [[ "$documents" -ge 5 ]]; then
    ok "broadsheet-cli import + stats ($documents documents)"
else
    fail "broadsheet-cli import + stats"
fi

step "desktop smoke test, offscreen, timed"
startup_json="$ROOT/build/startup.json"
if (cd /tmp && "$PY" "$ROOT/packaging/measure_startup.py" "$DIST/Broadsheet" --runs 3 --json "$startup_json"); then
    ok "Broadsheet --smoke-test"
else
    fail "Broadsheet --smoke-test"
fi

step "NSIS installer script against this build (stand-in payload)"
if ! command -v makensis >/dev/null; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        if ! { apt-get -o DPkg::Lock::Timeout=300 update -qq &&
            DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
                --no-install-recommends nsis >/dev/null; }; then
            echo "warning: apt-get could not install nsis" >&2
        fi
    fi
fi
if command -v makensis >/dev/null; then
    version=$("$PY" packaging/app_info.py version)
    quad=$("$PY" packaging/app_info.py version-quad)
    setup="$ROOT/dist/Broadsheet-$version-linux-check-setup.exe"
    if makensis -WX -V2 -DVERSION="$version" -DVERSION_QUAD="$quad" -DCHECK_ONLY -DDIST_DIR="$DIST" \
        -DOUTFILE="$setup" packaging/windows/broadsheet.nsi; then
        ok "makensis compiled the installer ($(du -h "$setup" | cut -f1) uncompressed)"
    else
        fail "makensis"
    fi
    rm -f "$setup"
    # The pytest NSIS tests skip without makensis; now that it is here, make sure they ran.
    if "$PY" -m pytest -q -p no:cacheprovider tests/packaging/test_nsis.py; then ok "NSIS tests"; else fail "NSIS tests"; fi
else
    echo "warning: makensis missing and not installable here (needs root and apt-get); NSIS check skipped" >&2
fi

step "size and start-up"
size_mb=$(du -sm "$DIST" | cut -f1)
files=$(find "$DIST" -type f | wc -l)
echo "one-folder build: ${size_mb} MB in ${files} files ($DIST)"
echo "largest parts:"
du -sm "$DIST"/_internal/* | sort -rn | awk 'NR <= 8 { print "  " $0 }'  # awk reads all: head would SIGPIPE sort under pipefail
[[ -f "$startup_json" ]] && echo "start-up (s): $(tr -d '\n ' <"$startup_json")"
echo "check_frozen took ${SECONDS} s"

if [[ -z "${KEEP_BUILD:-}" ]]; then
    rm -rf "$ROOT/build/broadsheet" "$DIST"
fi
# The plain summary line CI reads when this script is the last thing .ci/run prints.
echo "frozen: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
