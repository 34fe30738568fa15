#!/usr/bin/env bash
# Fails when a library includes a header of a library it may not depend on.
# The allowed edges are the layering table of docs/architecture.md.
set -euo pipefail
src=${1:-$(dirname "$0")/../src}
declare -A allowed=(
  [util]=""
  [html]="util"
  [llm]="util"
  [hdl]="util"
  [sim]="hdl stimulus util"
  [stimulus]="hdl util"
  [flow]="llm hdl sim stimulus html util"
  [bench]="flow llm sim hdl stimulus html util"
  [cli]="bench flow llm sim hdl stimulus html util"
)
status=0
for lib in "${!allowed[@]}"; do
  [ -d "$src/$lib" ] || continue
  while IFS= read -r line; do
    file=${line%%:*}
    dep=$(sed -E 's/.*#include "([a-z_]+)\/.*/\1/' <<<"${line#*:}")
    [ "$dep" = "$lib" ] && continue
    if [[ " ${allowed[$lib]} " != *" $dep "* ]]; then
      echo "layering violation: $file includes \"$dep/...\" but $lib may use only: ${allowed[$lib]:-nothing}"
      status=1
    fi
  done < <(grep -rHE '^#include "[a-z_]+/' "$src/$lib" || true)
done
[ $status -eq 0 ] && echo "layering ok"
exit $status
