#!/usr/bin/env bash
# make lint: OCA's pre-commit toolchain (.pre-commit-config.yaml) on every
# file of the repository; exit status 1 on any finding or any file a fixer
# changed. Installs its tools first, from the package registries only:
# requirements-lint.txt into .venv (keeping the pins of requirements.txt),
# package-lock.json into node_modules (npm ci).
#
#   scripts/lint.sh                      pre-commit run --all-files
#   scripts/lint.sh --from-ref A --to-ref HEAD    (any `pre-commit run` arguments)
#   scripts/lint.sh --install            only install the tools
#
# Needs no database: unlike run.sh and test.sh it does not source common.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
cd "$ROOT"
die() { echo "ERROR: $*" >&2; exit 1; }
info() { echo "==> $*"; }
start=$SECONDS

# --- Python tools into .venv -------------------------------------------------
ORIG_PATH="$PATH"
PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null 2>&1 || PY=python3
lint_hash="$(cat requirements-lint.txt requirements.txt | sha1sum | cut -c1-12)"
if [ ! -x "$VENV/bin/pre-commit" ] || [ "$(cat "$VENV/.lint-req-hash" 2>/dev/null)" != "$lint_hash" ]; then
    info "Installing the lint tools into .venv (requirements-lint.txt)"
    [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV" \
        || die "Could not create a virtualenv: install python3-venv (apt-get install python3-venv)."
    # -c requirements.txt: the lint tools never move a pin of Odoo's
    # (pip's notes about this machine's local index folders are left out)
    "$VENV/bin/pip" install -q -r requirements-lint.txt -c requirements.txt 2>&1 \
        | { grep -v "^WARNING: Location 'file:" || true; } \
        || die "pip could not install requirements-lint.txt (see above)."
    echo "$lint_hash" > "$VENV/.lint-req-hash"
fi
export PATH="$VENV/bin:$PATH"

# --- node tools into node_modules ---------------------------------------------
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        info "Installing Debian packages: nodejs npm"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    else
        die "prettier and eslint need node and npm: sudo apt-get install nodejs npm"
    fi
fi
node -e 'const [a, b] = process.versions.node.split(".").map(Number);
         process.exit(a > 18 || (a === 18 && b >= 18) ? 0 : 1)' \
    || die "eslint 9 needs node 18.18 or newer; this is node $(node --version)."
lock_hash="$(sha1sum package-lock.json | cut -c1-12)"
if [ "$(cat node_modules/.lint-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
    info "Installing prettier and eslint into node_modules (package-lock.json)"
    npm ci --no-audit --no-fund --ignore-scripts --loglevel=error \
        || die "npm ci failed (see above)."
    echo "$lock_hash" > node_modules/.lint-lock-hash
fi

# --- pre-commit on the PATH of every shell --------------------------------------
# Git hooks and other tools call a bare `pre-commit`: as root, a small command
# in /usr/local/bin runs the pre-commit of the checkout it is called in.
if [ "$(id -u)" = 0 ] && ! PATH="$ORIG_PATH" command -v pre-commit >/dev/null 2>&1 \
        && [ -d /usr/local/bin ] && [ -w /usr/local/bin ]; then
    cat > /usr/local/bin/pre-commit <<'SH'
#!/bin/sh
# The pre-commit of the git checkout it is called in (.venv/bin/pre-commit,
# installed there by the checkout's scripts/lint.sh, `make lint`).
top=$(git rev-parse --show-toplevel 2>/dev/null) && [ -x "$top/.venv/bin/pre-commit" ] \
    && exec "$top/.venv/bin/pre-commit" "$@"
echo "pre-commit: this checkout has no .venv/bin/pre-commit yet: run make lint" >&2
exit 127
SH
    chmod 755 /usr/local/bin/pre-commit
fi
info "Lint tools ready in $((SECONDS - start)) s"
[ "${1:-}" = "--install" ] && exit 0

# --- the toolchain --------------------------------------------------------------
[ $# -gt 0 ] || set -- --all-files
info "pre-commit run $*"
if pre-commit run --show-diff-on-failure --color="${PRE_COMMIT_COLOR:-auto}" "$@"; then
    info "Lint: no findings ($((SECONDS - start)) s)"
else
    echo "Lint: FAILED, see the hooks above ($((SECONDS - start)) s). Fixers (ruff, prettier," \
         "whitespace) changed files in place: review and commit them." >&2
    exit 1
fi
