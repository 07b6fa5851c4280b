#!/usr/bin/env bash
# Test of scripts/mailsink.py, the local mail sink of `make run` (see
# test_mailsink.py). Run by `make test`; a few seconds.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
py="$here/../../.venv/bin/python"
[ -x "$py" ] || py=python3
exec "$py" "$here/test_mailsink.py"
