#!/usr/bin/env bash
# Re-records rtlduet-mini's scripted replies through the fake endpoint and rewrites the CI
# baseline. Run after a change to prompts/ or agents/ (recordings are keyed by prompt text).
# Usage: record.sh [BUILD_DIR]   (default: build/ at the project root, already built)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
suite=$(cd "$here/.." && pwd)
root=$(cd "$suite/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)

# The options the CI gate (tests/integration/ci_gate_test.cpp) replays with: keep both equal.
options=(-n 1 -t 3 --samples 1 --sim iverilog --seed 1 --vectors 1000 --jobs 2)

work=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
python3 "$here/make_script.py" --out "$work/script.json"
"$build/tests/fake_llm_server" --script "$work/script.json" --port-file "$work/port" \
    --log "$work/requests.jsonl" &
server=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
[ -s "$work/port" ] || { echo "record.sh: fake_llm_server did not start" >&2; exit 3; }

rm -rf "$suite/recording"
"$build/src/rtlduet" eval --suite "$suite" "${options[@]}" \
    --endpoint "http://127.0.0.1:$(cat "$work/port")/v1" --record "$suite/recording" \
    --out "$work/out"

# Every request must have been answered by the rule the plan meant for it.
python3 - "$work/requests.jsonl" <<'EOF'
import json, sys
bad = [r for r in map(json.loads, open(sys.argv[1])) if r["path"].endswith("/chat/completions")
       and (r["status"] != 200 or not r["rule"] or r["rule"] == "fallback")]
for r in bad:
    print(f"record.sh: request {r['seq']} ({r['agent']}) got status {r['status']}, rule {r['rule']!r}",
          file=sys.stderr)
sys.exit(1 if bad else 0)
EOF

cp "$work/out/summary.json" "$suite/baseline-summary.json"
echo "recorded $(ls "$suite/recording" | wc -l) replies; baseline: $suite/baseline-summary.json"
