#!/usr/bin/env bash
# Create/update the project's virtual environment .venv (Debian 12 / Raspberry Pi OS
# bookworm forbid system-wide pip installs, PEP 668).
#
# Usage: scripts/setup-venv.sh [dev]
#   (no argument)  runtime requirements (requirements.txt)       -- used by ./run
#   dev            + test requirements (requirements-dev.txt)    -- used by ./test
#
# Idempotent and fast: pip only runs when the requirements files changed since the
# last successful install (sha256 stamps inside .venv). Works from any directory.
# Override the interpreter used to create the venv with PYTHON=/path/to/python3.
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

MIN_PY_MAJOR=3
MIN_PY_MINOR=11
PYTHON="${PYTHON:-python3}"
VENV=.venv
VENV_PY="$VENV/bin/python"

say() { echo "setup-venv: $*" >&2; }
die() { echo "setup-venv: ERROR: $*" >&2; exit 1; }

case "${1:-}" in
    "")  mode=runtime; req_files=(requirements.txt) ;;
    dev) mode=dev;     req_files=(requirements.txt requirements-dev.txt) ;;
    *)   die "unknown argument '$1' (usage: scripts/setup-venv.sh [dev])" ;;
esac
for f in "${req_files[@]}"; do
    [[ -f "$f" ]] || die "$f is missing in $(pwd)"
done

# Serialise concurrent runs (e.g. ./run and ./test at once) by locking the project
# directory itself; the lock is released when this script exits.
if command -v flock >/dev/null 2>&1; then
    exec 9<.
    flock 9
fi

# Exit status 0 iff the given interpreter is at least MIN_PY_MAJOR.MIN_PY_MINOR.
py_new_enough() {
    "$1" -c "import sys; sys.exit(0 if sys.version_info >= ($MIN_PY_MAJOR, $MIN_PY_MINOR) else 1)" \
        >/dev/null 2>&1
}

check_system_python() {
    command -v "$PYTHON" >/dev/null 2>&1 ||
        die "'$PYTHON' not found. Fix: sudo apt install python3 python3-venv"
    if ! py_new_enough "$PYTHON"; then
        local found
        found="$("$PYTHON" -c 'import sys; print(sys.version.split()[0])' 2>/dev/null || echo unknown)"
        die "Python >= $MIN_PY_MAJOR.$MIN_PY_MINOR required, but $(command -v "$PYTHON") is $found" \
            "(Debian 12 / Raspberry Pi OS bookworm ship 3.11)."
    fi
}

# Debian/Raspberry Pi OS split venv/ensurepip into the python3-venv package; without
# it `python3 -m venv` fails with "ensurepip is not available".
ensure_venv_module() {
    local probe="import venv, ensurepip"
    "$PYTHON" -c "$probe" >/dev/null 2>&1 && return 0
    if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        say "Python's venv/ensurepip module is missing; installing python3-venv with apt-get ..."
        export DEBIAN_FRONTEND=noninteractive
        if ! apt-get install -y -q python3-venv; then
            say "apt-get install failed; running apt-get update and retrying ..."
            apt-get update -q
            apt-get install -y -q python3-venv
        fi
        "$PYTHON" -c "$probe" >/dev/null 2>&1 ||
            die "python3-venv is installed but '$PYTHON' ($(command -v "$PYTHON")) still lacks venv/ensurepip."
    else
        die "Python's venv module is missing. Fix: sudo apt install python3-venv"
    fi
}

create_venv() {
    check_system_python
    ensure_venv_module
    say "creating $VENV with $(command -v "$PYTHON") ..."
    rm -rf "$VENV"
    if ! "$PYTHON" -m venv "$VENV"; then
        rm -rf "$VENV"   # never leave a half-created venv behind
        die "'$PYTHON -m venv $VENV' failed (see above). On Debian: sudo apt install python3-venv"
    fi
}

# (Re)create the venv when missing, broken (e.g. its base Python was removed or
# upgraded) or too old.
if [[ ! -e "$VENV_PY" ]]; then
    create_venv
elif ! py_new_enough "$VENV_PY"; then
    say "$VENV is broken or its Python is older than $MIN_PY_MAJOR.$MIN_PY_MINOR; recreating it."
    create_venv
fi

# The upstream "pygame" distribution and pygame-ce both install the module "pygame"
# and overwrite each other's files. If upstream pygame got into the venv, remove it
# (and pygame-ce, whose files are now damaged) and force a clean reinstall below.
if "$VENV_PY" -c '
import importlib.metadata as md, sys
try:
    md.distribution("pygame")
except md.PackageNotFoundError:
    sys.exit(1)
' >/dev/null 2>&1; then
    say "found the upstream 'pygame' package in $VENV; uninstalling it: it clobbers" \
        "pygame-ce (both provide the module 'pygame') and this project uses pygame-ce."
    "$VENV_PY" -m pip uninstall -q -y pygame pygame-ce
    rm -f "$VENV"/.requirements-*.sha256
fi

# Stamp = sha256 over the requirements files relevant for a mode. A dev install also
# satisfies the runtime requirements, so it writes both stamps.
req_hash() { cat "$@" | sha256sum | cut -d' ' -f1; }
stamp_file() { echo "$VENV/.requirements-$1.sha256"; }

want="$(req_hash "${req_files[@]}")"
have="$(cat "$(stamp_file "$mode")" 2>/dev/null || true)"
if [[ "$want" == "$have" ]]; then
    exit 0   # up to date: nothing to do
fi

# A venv created by a Python without ensurepip has no pip; recreate it then.
if ! "$VENV_PY" -c 'import pip' >/dev/null 2>&1; then
    say "$VENV has no pip; recreating it."
    create_venv
fi

say "installing $mode requirements into $VENV (first run or requirements changed) ..."
"$VENV_PY" -m pip install -q --disable-pip-version-check -r "${req_files[-1]}" ||
    die "pip install -r ${req_files[-1]} failed (see above). No network? Fix it and re-run."

# Guard against a dependency having pulled the upstream pygame back in.
if "$VENV_PY" -c 'import importlib.metadata as md; md.distribution("pygame")' >/dev/null 2>&1; then
    die "the upstream 'pygame' package got installed (a dependency requires it?);" \
        "it conflicts with pygame-ce. Remove it from the requirements and re-run."
fi

echo "$want" >"$(stamp_file "$mode")"
if [[ "$mode" == dev ]]; then
    req_hash requirements.txt >"$(stamp_file runtime)"
fi
say "done."
