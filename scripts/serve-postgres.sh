#!/usr/bin/env bash
# `paramstore serve ARGS` with the store in PostgreSQL, one schema per --data-dir (a restart on the same data dir
# finds its store again): the acceptance scenarios on PostgreSQL, `PARAMSTORE_SERVE=scripts/serve-postgres.sh`.
set -euo pipefail
dir=""
prev=""
for a in "$@"; do
  [ "$prev" = "--data-dir" ] && dir=$a
  prev=$a
done
[ -n "$dir" ] || { echo "serve-postgres.sh: --data-dir is required" >&2; exit 2; }
schema=acc_$(basename "$dir" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9_\n' '_')
exec node "$(dirname "$0")/../dist/src/main.js" serve \
  --database-url "${PARAMSTORE_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}" --database-schema "$schema" "$@"
