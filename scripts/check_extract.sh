#!/usr/bin/env bash
# scripts/check_extract.sh: extracts the interface of every VerilogEval v2 reference design
# (and checks it against the problem's interface-only file), printing one line per problem and
# the time per design. Not part of ctest: it takes about a minute.
# Usage: scripts/check_extract.sh [SUITE_DIR] (default: the code-complete suite next to the repo)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${RTLDUET_BUILD_DIR:-$root/build}
suite=${1:-$root/../shared/verilog-eval-v2/dataset_code-complete-iccad2023}
cmake -S "$root" -B "$build" -G Ninja > /dev/null
ninja -C "$build" extract_check > /dev/null
exec "$build/tests/extract_check" "$suite"
