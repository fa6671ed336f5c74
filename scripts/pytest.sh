#!/usr/bin/env bash
# Run the test suite; "no tests collected" (pytest exit 5) is a failure, not a silent pass.
set -u
cd "$(dirname "$0")/.."
.venv/bin/pytest -q "$@"
rc=$?
if [ "$rc" -eq 5 ]; then
  echo "pytest collected no tests: failing on purpose" >&2
  exit 1
fi
exit "$rc"
