#!/usr/bin/env bash
# Re-records the scripted replies of this example through the fake endpoint (after a build).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
work=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
"$root/build/tests/fake_llm_server" --script "$here/script.json" --port-file "$work/port" &
server=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
rm -rf "$here/recording"
"$root/build/src/rtlduet" run "$here/spec.txt" -n 1 -t 3 \
    --endpoint "http://127.0.0.1:$(cat "$work/port")/v1" --record "$here/recording" \
    --out "$work/out"
