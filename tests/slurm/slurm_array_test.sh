#!/usr/bin/env bash
# tests/slurm/slurm_array_test.sh: scripts/slurm on a real single-node Slurm (Debian's slurm-wlm
# and munge), started here as root in a temporary directory on free ports and stopped at the
# end. Over benchmarks/rtlduet-mini with the CI gate's options:
#   1. a 3-task array whose tasks each start their own fake LLM server (scripted replies) on a
#      free port, merged: the merged summary equals a single unsharded replay;
#   2. a 3-task array replaying the recording, one task killed mid-run (the merge is cancelled
#      by its dependency), resubmitted alone with --only: it resumes, and the new merge
#      equals the unsharded run too.
# Usage: slurm_array_test.sh RTLDUET_BIN FAKE_LLM_SERVER_BIN SOURCE_DIR. Exit 77 (skipped)
# when not root or Slurm/munge are missing.
set -euo pipefail
rtlduet=$1
fake_server=$2
src=$(cd "$3" && pwd)

skip() { echo "SKIPPED: $*" >&2; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "the Slurm test starts munged and the Slurm daemons: run it as root"
for tool in slurmctld slurmd sbatch squeue scontrol scancel sinfo munged mungekey; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] ||
    skip "$tool not found: apt-get install slurm-wlm munge"
done
id munge >/dev/null 2>&1 || skip "no munge user: apt-get install munge"
export PATH="$PATH:/usr/sbin"

work=$(mktemp -d /tmp/rtlduet-slurm-XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  local status=$?
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
  if [ "$status" -ne 0 ] && [ "$status" -ne 77 ]; then
    echo "--- slurmctld log (tail)" >&2; tail -n 20 "$work/slurmctld.log" >&2 || true
    for log in "$work"/a*/*.log; do
      [ -f "$log" ] && { echo "--- $log (tail)" >&2; tail -n 15 "$log" >&2; }
    done
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }

# munge: a generated key, munged as user munge on a socket of our own.
mkdir -p "$work/munge"
mungekey --create --keyfile="$work/munge/munge.key" --force
chown -R munge:munge "$work/munge"
chmod 755 "$work/munge"
chmod 400 "$work/munge/munge.key"
runuser -u munge -- munged --foreground --key-file="$work/munge/munge.key" \
    --socket="$work/munge/munge.sock" --pid-file="$work/munge/munged.pid" \
    --log-file="$work/munge/munged.log" --seed-file="$work/munge/seed" \
    >"$work/munged.out" 2>&1 &
pids+=($!)

read -r ctld_port slurmd_port < <(python3 -c '
import socket
sockets = [socket.socket() for _ in range(2)]
for s in sockets:
    s.bind(("", 0))
print(*(s.getsockname()[1] for s in sockets))')
node=$(hostname)
mkdir -p "$work/state" "$work/spool"
cat >"$work/slurm.conf" <<CONF
ClusterName=rtlduet-test
SlurmctldHost=$node
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.sock
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
NodeName=$node CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
CONF
export SLURM_CONF="$work/slurm.conf"
for _ in $(seq 100); do [ -S "$work/munge/munge.sock" ] && break; sleep 0.1; done
slurmctld -D -c -i >"$work/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D >"$work/slurmd.out" 2>&1 &
pids+=($!)
for _ in $(seq 300); do
  [ "$(sinfo -h -o %T 2>/dev/null)" = idle ] && break
  sleep 0.2
done
[ "$(sinfo -h -o %T 2>/dev/null)" = idle ] || fail "the Slurm node did not come up"

# The CI gate's options: the recording's keys depend on them.
suite="$src/benchmarks/rtlduet-mini"
options=(--suite "$suite" -n 1 -t 3 --samples 1 --sim iverilog --seed 1 --vectors 1000 --jobs 1)
export RTLDUET="$rtlduet"
export XDG_CACHE_HOME="$work/cache"

# Waits until job $1 (all its tasks) has left the queue.
wait_job() {
  for _ in $(seq 3000); do
    [ -z "$(squeue -h -j "$1" 2>/dev/null)" ] && return 0
    sleep 0.2
  done
  fail "job $1 still queued after 10 minutes"
}
job_state() { scontrol show job -o "$1" | grep -o 'JobState=[A-Z_]*' | sort -u | tr '\n' ' '; }
same_summary() {
  python3 - "$1" "$2" <<'PY' || fail "$2 differs from the unsharded run's summary"
import json, sys
def timeless(path):
    summary = json.load(open(path))
    for result in summary["results"]:
        result.pop("seconds", None)
    # sim_builds counts Verilator compiles of confirmations, which a warm build cache saves.
    for key in ("llm_seconds", "sim_seconds", "wall_seconds", "sim_builds"):
        summary["eval"].pop(key, None)
    return summary
a, b = timeless(sys.argv[1]), timeless(sys.argv[2])
if a != b:
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            print(f"{key}: {json.dumps(a.get(key))[:300]} != {json.dumps(b.get(key))[:300]}",
                  file=sys.stderr)
    sys.exit(1)
PY
}
submit() {
  "$src/scripts/slurm/submit.sh" "$@" >"$work/submitted"
  array=$(awk '$1 == "array" {print $2}' "$work/submitted")
  merge=$(awk '$1 == "merge" {print $2}' "$work/submitted")
}

"$rtlduet" eval "${options[@]}" --replay "$suite/recording" --out "$work/single" 2>"$work/single.log" ||
  fail "the unsharded run failed: $(tail -n 5 "$work/single.log")"

# 1. Every task with its own server on a free port of the same node.
python3 "$suite/scripted/make_script.py" --out "$work/script.json"
submit --tasks 3 --out "$work/a1" \
    --task-server "$fake_server --script $work/script.json --port {port}" -- "${options[@]}"
wait_job "$array"
wait_job "$merge"
[[ "$(job_state "$merge")" == "JobState=COMPLETED " ]] || fail "merge job: $(job_state "$merge")"
same_summary "$work/single/summary.json" "$work/a1/merged/summary.json"
ports=$(grep -ho 'listening on http://127.0.0.1:[0-9]*' "$work"/a1/server-*.log | sort -u | wc -l)
[ "$ports" -eq 3 ] || fail "expected 3 task servers on 3 ports, saw $ports"
echo "array of 3 with a server per task: merged summary equals the unsharded run"

# 2. Replay; task 2 killed once it has finished a pair, then resubmitted alone.
submit --tasks 3 --out "$work/a2" -- "${options[@]}" --replay "$suite/recording"
results="$work/a2/shard-2/results.jsonl"
for _ in $(seq 3000); do [ -s "$results" ] && break; sleep 0.1; done
[ -s "$results" ] || fail "task 2 wrote no result"
scancel --signal=KILL "${array}_2"
wait_job "$array"
wait_job "$merge"
[[ "$(job_state "$merge")" != *COMPLETED* ]] || fail "the merge ran although task 2 was killed"
[ ! -f "$work/a2/shard-2/summary.json" ] || fail "task 2 finished before it was killed"
done_before=$(wc -l <"$results")
submit --tasks 3 --out "$work/a2" --only 2 -- "${options[@]}" --replay "$suite/recording"
wait_job "$array"
wait_job "$merge"
[[ "$(job_state "$merge")" == "JobState=COMPLETED " ]] || fail "merge job: $(job_state "$merge")"
grep -q "$done_before done earlier" "$work"/a2/eval-"${array}"_2.log ||
  fail "the resubmitted task did not resume ($done_before pairs were done)"
same_summary "$work/single/summary.json" "$work/a2/merged/summary.json"
echo "task 2 killed after $done_before pair(s), resubmitted with --only 2: resumed, merged equal"
