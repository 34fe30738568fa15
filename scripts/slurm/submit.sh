#!/usr/bin/env bash
# scripts/slurm/submit.sh: submits an eval as a Slurm job array, one shard per task, and a merge
# job that starts once every task has succeeded (docs/cluster.md).
#
#   scripts/slurm/submit.sh --tasks N --out DIR [--only LIST] [--task-server CMD] -- EVAL_OPTIONS...
#
#   --tasks N          shards, one array task each (task IDs 1..N are the shard numbers)
#   --out DIR          shard I writes DIR/shard-I, the merge DIR/merged; logs go to DIR too
#   --only LIST        resubmit only these tasks (e.g. 2 or 2,5), with a new merge job: their
#                      eval continues with --resume where it stopped
#   --task-server CMD  each task starts CMD on a free port of its node first ({port} in CMD is
#                      replaced) and adds it to the pool, e.g.
#                      'llama-server -m model.gguf --parallel 4 --port {port}'
#
# EVAL_OPTIONS go to `rtlduet eval` (--suite, flow options, --endpoint ... for a shared pool,
# or --replay DIR). The rtlduet binary is $RTLDUET (default: rtlduet on PATH); sbatch's own
# settings (partition, time, GPUs) come from the usual SBATCH_* variables. DIR, the suite and
# the binary must be on a file system every node sees. Prints "array <id>" and "merge <id>".
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
usage() {
  sed -n '5p' "$0" | sed 's/^# *//' >&2
  exit 2
}
tasks=""
out=""
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --tasks) tasks=${2:-}; shift 2 ;;
    --out) out=${2:-}; shift 2 ;;
    --only) only=${2:-}; shift 2 ;;
    --task-server) export RTLDUET_TASK_SERVER=${2:-}; shift 2 ;;
    --) shift; break ;;
    *) echo "submit.sh: unknown option '$1'" >&2; usage ;;
  esac
done
[[ "$tasks" =~ ^[1-9][0-9]*$ && -n "$out" ]] || usage
mkdir -p "$out"
out=$(cd "$out" && pwd)
export RTLDUET_SHARDS=$tasks

array=$(sbatch --parsable --array="${only:-1-$tasks}" --output="$out/eval-%A_%a.log" \
    "$here/eval-array.sbatch" "$out" "$@")
array=${array%%;*}
merge=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes \
    --output="$out/merge-%j.log" "$here/merge.sbatch" "$out")
merge=${merge%%;*}
echo "array $array"
echo "merge $merge"
