#!/usr/bin/python3
"""Throughput of `rtlduet eval` against a latency-bound endpoint or pool: each fake endpoint
(build/tests/fake_llm_server) answers every chat request after a fixed latency with at most
--slots requests processed at once, from scripted replies that take every path of the flow
(agree at once, after feedback, never; repairs). rtlduet's own work (extraction, lint, builds,
simulation, scoring, file writes) should hide behind that latency, in a process that stays small.

    bench/eval_bench.py [--rtlduet build/src/rtlduet] [--server build/tests/fake_llm_server]
                        [--runs 3] [--long-runs N] [--latencies 300,2000] [--slots 2,4]
                        [--servers 1,2,3] [--kill-one] [--copies 2] [--rss-copies 1]
                        [--also-sim verilator] [--jobs J] [--max-inflight N]
                        [--eval-args '...'] [--cache DIR] [--before OLD_RTLDUET] [--keep]
                        [--quick] [--out FILE]

--before runs every configuration with a second build too, alternated run by run with
--rtlduet (each first every other time) in this one process, so that both see the same machine.
Nothing is deleted until the end: a run's files and the content caches it starts without are
moved aside (see retire()).

--servers runs the pool as 1, 2, 3 ... servers, each with --slots (rtlduet gets one --endpoint
URL#slots=N per server); --kill-one adds a run of the largest pool in which one server is
killed (SIGKILL) once half of the requests are answered, its ideal counted with the smaller
pool for the second half.

The suite is --copies copies of benchmarks/rtlduet-mini (18 problems each) with a tag line in
each copy's prompt, run with `eval -n 3 -t 3` and rtlduet's defaults otherwise. Per
configuration (latency, slots), medians of --runs (--long-runs at 1 s or more): wall time, the
LLM-bound ideal from the request log, wall/ideal, requests per second, time with no request in
flight, CPU time, rtlduet's own peak RSS (polled from /proc) and RSS at quarters of the run,
simulator builds, and a check that every request was answered once and appears once in the
transcripts and that no process of the run was left an orphan (the benchmark is a subreaper:
an orphan's CPU time is added to the run's, and the check fails). Prints a table and writes
JSON to bench/results/eval-<time>.json (or --out). Standard library only. docs/benchmarks.md explains the columns and the measured results.
"""
import argparse
import ctypes
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "benchmarks" / "rtlduet-mini"
CANDIDATES, TURNS = 3, 3
POLL_S = 0.02
PR_SET_CHILD_SUBREAPER = 36
ORPHAN_WAIT_S = 0.5
LONG_MS = 1000


def load_make_script():
    """benchmarks/rtlduet-mini/scripted/make_script.py, imported from its path."""
    spec = importlib.util.spec_from_file_location("make_script", MINI / "scripted" / "make_script.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def copy_name(copy, problem):
    return f"C{copy}{problem}"


def build_suite(target, copies):
    """Copies of rtlduet-mini; each copy's prompt opens with a line no other prompt holds."""
    target.mkdir(parents=True)
    originals = sorted(p.name[: -len("_prompt.txt")] for p in MINI.glob("*_prompt.txt"))
    names = {}
    for copy in range(1, copies + 1):
        for problem in originals:
            name = copy_name(copy, problem)
            names[name] = problem
            for suffix in ("_ref.sv", "_test.sv", "_ifc.txt"):
                shutil.copyfile(MINI / f"{problem}{suffix}", target / f"{name}{suffix}")
            prompt = (MINI / f"{problem}_prompt.txt").read_text()
            (target / f"{name}_prompt.txt").write_text(
                f"Benchmark copy {copy} of problem {problem}.\n\n{prompt}")
    (target / "suite.json").write_text(json.dumps(
        {"name": f"rtlduet-mini-x{copies}", "source": "bench/eval_bench.py", "errata": []}))
    return names


def with_slot_comment(content, tag):
    """A comment inside the code block naming the copy and the slot, so no two candidates of
    different problems or slots are byte-identical (no build comes from the cache because the
    copies or slots share a reply). A reply the plan repeats in a later turn stays identical,
    as an agent's answer "return it unchanged" would."""
    for fence, comment in (("```verilog\n", "//"), ("```python\n", "#")):
        if fence in content:
            return content.replace(fence, f"{fence}{comment} {tag} slot {{sample}}\n", 1)
    return content


def build_script(make_script, suite, names):
    """make_script's rules for every copied problem, one rule per candidate slot, so each
    slot's requests follow the plan turn by turn whatever the order they arrive in."""
    keys, prompts = make_script.key_lines(sorted(names), suite)
    rules = []
    for name, problem in sorted(names.items()):
        copied = make_script.rules_for(problem, make_script.PLAN[problem], keys[name], prompts)
        # A repair request holds only the error text, matched on a name of the broken reply:
        # renamed per copy, so one copy's repair rule never answers another copy.
        tokens = [r["contains"] for r in copied if r["name"].endswith(" repair")]

        def rename(text):
            for token in tokens:
                text = text.replace(token, f"{token}_{name}")
            return text

        for rule in copied:
            for slot in range(CANDIDATES):
                replies = [dict(r, content=with_slot_comment(rename(r["content"]), name))
                           for r in rule["replies"]]
                # Reply k answers the request with k replies in its history, whichever server
                # gets it (a server's own reply counter would differ between servers).
                for turn, answer in enumerate(replies):
                    pinned = dict(rule, name=f"{name} {rule['name'].split(' ', 1)[1]} s{slot}",
                                  contains=rename(rule["contains"]), sample=slot,
                                  replies=[answer])
                    if turn < len(replies) - 1:
                        pinned["assistant_messages"] = turn
                    rules.append(pinned)
    return {"model": "scripted-eval-bench", "rules": rules}


class Server:
    def __init__(self, binary, script, work, latency_ms, slots, name="server"):
        self.slots = slots
        self.log = work / f"{name}-requests.jsonl"
        port_file = work / f"{name}.port"
        self.process = subprocess.Popen(
            [str(binary), "--script", str(script), "--port-file", str(port_file), "--log",
             str(self.log), "--latency-ms", str(latency_ms), "--slots", str(slots)])
        deadline = time.monotonic() + 10
        while not (port_file.exists() and port_file.read_text().strip()):
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError("fake_llm_server did not start")
            time.sleep(0.01)
        self.url = f"http://127.0.0.1:{port_file.read_text().strip()}"

    def health(self):
        """Bench time when the server logged a GET /health: maps its clock onto ours."""
        before = time.monotonic()
        urllib.request.urlopen(f"{self.url}/health", timeout=5).read()
        return (before + time.monotonic()) / 2

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
        self.process.wait(timeout=10)

    def kill(self):
        self.process.kill()
        self.process.wait(timeout=10)

    def requests(self):
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines() if line.strip()]

    def chats(self):
        return [r for r in self.requests() if r["path"].endswith("/chat/completions")]


def kill_halfway(servers, total_requests, stop):
    """Kills servers[1] (SIGKILL) once the pool has answered half of `total_requests`, from a
    thread; the returned dict gets answered_before and at (monotonic time) when it does."""
    killed = {}

    def watch():
        while not stop.is_set():
            answered = sum(len(s.chats()) for s in servers)
            if answered >= total_requests / 2:
                servers[1].kill()
                killed.update(answered_before=answered, at=time.monotonic())
                return
            time.sleep(0.05)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return killed, thread


def read_status(pid):
    """VmRSS and VmHWM of a process in KiB, or None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    fields = {}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0])
    return fields if len(fields) == 2 else None


def reap_orphans(known):
    """What rtlduet's processes left behind: this benchmark is a subreaper (main()), so a
    process whose parent ended before waiting for it comes here. Waits ORPHAN_WAIT_S for them
    and returns (count, CPU seconds); the servers (`known`) are left to their Popen."""
    count, cpu = 0, 0.0
    deadline = time.monotonic() + ORPHAN_WAIT_S
    while time.monotonic() < deadline:
        info = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        if info is None or info.si_pid in known:
            time.sleep(POLL_S)
            continue
        _, _, usage = os.wait4(info.si_pid, 0)
        count, cpu = count + 1, cpu + usage.ru_utime + usage.ru_stime
    return count, cpu


def run_eval(args, suite, servers, out, cache, options, binary=None):
    argv = [binary or args.rtlduet, "-q", "eval", "--suite", str(suite), "--out", str(out)]
    for server in servers:
        argv += ["--endpoint", f"{server.url}/v1#slots={server.slots}"]
    if args.max_inflight:
        argv += ["--max-inflight", str(args.max_inflight)]  # default: the pool's slots
    argv += options
    env = dict(os.environ, XDG_CACHE_HOME=str(cache))
    health_at = [server.health() for server in servers]
    with tempfile.TemporaryFile(mode="w+") as stderr:
        start = time.monotonic()
        process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        samples, peak = [], 0
        while True:
            # wait4's usage covers rtlduet and every tool it waited for: the run's CPU time.
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            fields = read_status(process.pid)
            if fields:
                samples.append((time.monotonic() - start, fields["VmRSS"]))
                peak = max(peak, fields["VmHWM"])
            time.sleep(POLL_S)
        wall = time.monotonic() - start
        code = process.returncode = os.waitstatus_to_exitcode(status)
        if code != 0:
            stderr.seek(0)
            raise RuntimeError(f"rtlduet eval exited {code}: {stderr.read()[-3000:]}")
    orphans, orphan_cpu = reap_orphans({server.process.pid for server in servers})
    return {"wall": wall, "start": start, "health_at": health_at, "rss_samples": samples,
            "peak_rss_kib": peak, "cpu": usage.ru_utime + usage.ru_stime + orphan_cpu,
            "orphans": orphans, "argv": argv}


def eval_options(args):
    options = ["-n", str(CANDIDATES), "-t", str(TURNS)]
    if args.jobs:
        options += ["--jobs", str(args.jobs)]
    return options + args.eval_args.split()


def union_length(intervals):
    total, end = 0.0, None
    for a, b in sorted(intervals):
        if end is None or a > end:
            total += b - a
            end = b
        elif b > end:
            total += b - end
            end = b
    return total


def transcripts(out):
    """(problem, agent, sample, seed) -> turn, for every exchange of every pair."""
    seen = {}
    duplicates = 0
    for path in sorted(out.glob("*/sample*/transcript.jsonl")):
        problem = path.parent.parent.name
        for line in path.read_text().splitlines():
            row = json.loads(line)
            # Slot s asks as sample s - 1, the index the fake server logs.
            key = (problem, row["agent"], row["slot"] - 1, row["seed"])
            duplicates += key in seen
            seen[key] = row["turn"]
    return seen, duplicates


def reported_requests(out):
    """Requests the flow reports (report.json usage, summed over turns and agents)."""
    total = 0
    for path in out.glob("*/sample*/report.json"):
        for turn in json.loads(path.read_text())["turns"]:
            total += turn["llm"]["rtl"]["requests"] + turn["llm"]["model"]["requests"]
    return total


def analyse(run, servers, out, latency_ms, killed=None):
    requests, intervals = [], []
    for server, health_at in zip(servers, run["health_at"]):
        chats = server.chats()
        health = [r for r in server.requests() if r["path"] == "/health"][-1]
        # Server milliseconds to seconds since rtlduet started.
        offset = health_at - health["arrived_ms"] / 1000 - run["start"]
        intervals += [(r["arrived_ms"] / 1000 + offset, r["done_ms"] / 1000 + offset)
                      for r in chats]
        requests += chats
    clipped = [(max(a, 0.0), min(b, run["wall"])) for a, b in intervals if b > 0]
    busy = union_length(clipped)
    exchanges, transcript_duplicates = transcripts(out)
    logged = {}
    log_duplicates = 0
    bad_status = [r["seq"] for r in requests if r["status"] != 200 or not r["rule"]]
    for r in requests:
        key = (r["rule"].split(" ", 1)[0], r["agent"], r["sample"], r["body"]["seed"])
        log_duplicates += key in logged
        logged[key] = r
    lost = sorted(set(exchanges) - set(logged))
    unexpected = sorted(set(logged) - set(exchanges))
    # The longest dependent chain: a pair's turns run one after another, and within a turn a
    # slot's repair waits for its first reply; pairs are independent.
    per_slot_turn = {}
    for (problem, role, slot, _), turn in exchanges.items():
        per_slot_turn[(problem, turn, role, slot)] = per_slot_turn.get((problem, turn, role, slot), 0) + 1
    per_turn = {}
    for (problem, turn, _, _), count in per_slot_turn.items():
        per_turn[(problem, turn)] = max(per_turn.get((problem, turn), 0), count)
    chains = {}
    for (problem, _), count in per_turn.items():
        chains[problem] = chains.get(problem, 0) + count
    chain = max(chains.values(), default=0)
    latency = latency_ms / 1000
    slots = sum(server.slots for server in servers)
    if killed:
        # Half the requests at the whole pool's rate, the rest without the killed server.
        before = killed["answered_before"]
        rest = slots - servers[1].slots
        llm_bound = before * latency / slots + (len(requests) - before) * latency / rest
    else:
        llm_bound = len(requests) * latency / slots
    ideal = max(llm_bound, chain * latency)
    summary = json.loads((out / "summary.json").read_text())
    quarters = []
    samples = run["rss_samples"]
    for q in (0.25, 0.5, 0.75, 1.0):
        before = [rss for t, rss in samples if t <= q * run["wall"]]
        quarters.append(before[-1] if before else None)
    return {
        "wall_s": run["wall"],
        "ideal_s": ideal,
        "per_server": [len(server.chats()) for server in servers],
        "ratio": run["wall"] / ideal if ideal else None,
        "requests": len(requests),
        "requests_per_s": len(requests) / run["wall"],
        "longest_chain": chain,
        "idle_s": run["wall"] - busy,
        # Where the idle time is: before the first request, and after the last reply.
        "first_request_s": min((a for a, _ in clipped), default=None),
        "after_last_reply_s": run["wall"] - max((b for _, b in clipped), default=0.0),
        "cpu_s": run["cpu"],
        "peak_rss_mib": run["peak_rss_kib"] / 1024,
        "rss_quarters_mib": [q / 1024 if q else None for q in quarters],
        "sim_builds": summary["eval"].get("sim_builds"),
        "pairs": summary["eval"]["pairs"],
        "pass_at_1": summary["pass_at_1"],
        "flow_verdicts": summary["eval"]["flow_verdicts"],
        "checks": {
            "answered_not_200": bad_status,
            "log_duplicates": log_duplicates,
            "transcript_duplicates": transcript_duplicates,
            "lost": len(lost),
            "unexpected": len(unexpected),
            "reported_by_flow": reported_requests(out),
            "transcript_exchanges": len(exchanges),
            "orphans": run["orphans"],
        },
    }


def checks_ok(result):
    c = result["checks"]
    return (not c["answered_not_200"] and c["log_duplicates"] == 0 and c["lost"] == 0
            and c["unexpected"] == 0 and c["transcript_duplicates"] == 0
            and c["reported_by_flow"] == c["transcript_exchanges"] == result["requests"]
            and c.get("orphans", 0) == 0)


def retire(path, work):
    """Moves `path` out of the way into work/retired, removed with the rest at the end. On a
    journal-less ext4 every new inode skips the inodes freed in its block group in the last
    minute (several while their block is dirty), reading each one's block to find that out:
    deleting a run's thousands of files right before the next run made that run's file
    creations several times dearer, a cost of the benchmark, not of rtlduet."""
    if not path.exists():
        return
    retired = work / "retired"
    retired.mkdir(exist_ok=True)
    try:
        path.rename(retired / f"{len(list(retired.iterdir()))}-{path.name}")
    except OSError:  # another file system: nothing to gain
        shutil.rmtree(path, ignore_errors=True)


def measure(args, work, make_script, config, run_index, cache, expected_requests=0,
            build="this"):
    copies, latency_ms, slots, count, extra, kill = config
    tag = (f"x{copies}-{latency_ms}ms-{count}x{slots}slots{'-'.join(extra)}"
           f"{'-kill' if kill else ''}-run{run_index}{'-before' if build == 'before' else ''}")
    base = work / tag
    base.mkdir()
    suite = base / "suite"
    names = build_suite(suite, copies)
    script = base / "script.json"
    script.write_text(json.dumps(build_script(make_script, suite, names)))
    servers = [Server(args.server, script, base, latency_ms, slots, f"server{i}")
               for i in range(count)]
    load_before = os.getloadavg()[0]
    stop = threading.Event()
    killed = {}
    try:
        # Every design is new to the caches of builds, Icarus compiles, lint and interface
        # runs and Yosys checks; the Verilator runtime and the golden plans stay (a one-time
        # cost per machine).
        for kept_by_content in ("builds", "icarus-builds", "verilator-runs", "yosys-runs"):
            retire(cache / "rtlduet" / kept_by_content, work)
        if kill:
            if not expected_requests:
                raise RuntimeError("--kill-one needs an earlier run of the same suite")
            killed, _ = kill_halfway(servers, expected_requests, stop)
        run = run_eval(args, suite, servers, base / "out", cache, eval_options(args) + extra,
                       args.before if build == "before" else args.rtlduet)
    finally:
        stop.set()
        for server in servers:
            server.stop()
    if kill and not killed:
        raise RuntimeError("the run ended before half of its requests: nothing was killed")
    result = analyse(run, servers, base / "out", latency_ms, killed)
    report = next((base / "out").glob("*/sample*/report.json"))
    result["sim"] = json.loads(report.read_text())["config"]["simulator"]
    # Load from other work on the machine inflates wall times: kept with each run.
    result["load_average_1min"] = [load_before, os.getloadavg()[0]]
    result.update({"problems": len(names), "latency_ms": latency_ms, "slots": slots,
                   "servers": count, "killed_halfway": bool(kill),
                   "killed_at_s": killed["at"] - run["start"] if killed else None,
                   "run": run_index, "build": build, "argv": run["argv"][1:]})
    if not args.keep:
        retire(base, work)
    return result


def warm_up(args, work, make_script, cache, extra, binary):
    """One fast run (-n 1 -t 1, no latency) so the Verilator runtime and the golden plans are
    in the cache: a one-time cost per machine and suite, not part of an evaluation's
    throughput."""
    base = work / f"warm-up{'-'.join(extra)}"
    base.mkdir()
    names = build_suite(base / "suite", 1)
    script = base / "script.json"
    script.write_text(json.dumps(build_script(make_script, base / "suite", names)))
    server = Server(args.server, script, base, 0, 4)
    try:
        run_eval(args, base / "suite", [server], base / "out", cache,
                 ["-n", "1", "-t", "1", "--jobs", "2"] + args.eval_args.split() + extra, binary)
    finally:
        server.stop()
    retire(base, work)


def median_row(results):
    row = {}
    for key in ("wall_s", "ideal_s", "ratio", "requests", "requests_per_s", "idle_s", "cpu_s",
                "peak_rss_mib", "sim_builds"):
        values = [r[key] for r in results if r[key] is not None]
        row[key] = statistics.median(values) if values else None
    row["checks_ok"] = all(checks_ok(r) for r in results)
    # RSS over the run of the run with the median wall time: flat means no growth per pair.
    middle = sorted(results, key=lambda r: r["wall_s"])[len(results) // 2]
    row["rss_quarters_mib"] = middle["rss_quarters_mib"]
    return row


def machine():
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu_model": model, "machine": platform.machine(),
            "kernel": platform.release(), "python": platform.python_version()}


def fmt(value, spec):
    return "-" if value is None else format(value, spec)


def print_table(rows):
    print(f"{'build':>6} {'problems':>8} {'sim':>9} {'latency':>8} {'servers':>7} {'slots':>5} {'runs':>4} "
          f"{'wall s':>7} {'ideal s':>7} {'wall/ideal':>10} {'req':>4} {'per server':>11} "
          f"{'req/s':>6} {'idle s':>6} {'CPU s':>6} {'peak RSS MiB':>12} "
          f"{'RSS at 1/4..4/4 MiB':>23} {'builds':>6} {'checks':>6}")
    for r in rows:
        quarters = "/".join(fmt(q, ".0f") for q in r["rss_quarters_mib"])
        servers = f"{r['servers']}{'-1' if r['killed_halfway'] else ''}"
        print(f"{r.get('build', 'this'):>6} {r['problems']:>8} {r['sim']:>9} {r['latency_ms']:>6}ms {servers:>7} "
              f"{r['slots']:>5} {r['runs']:>4} {fmt(r['wall_s'], '.1f'):>7} "
              f"{fmt(r['ideal_s'], '.1f'):>7} {fmt(r['ratio'], '.3f'):>10} "
              f"{fmt(r['requests'], '.0f'):>4} {'/'.join(map(str, r['per_server'])):>11} "
              f"{fmt(r['requests_per_s'], '.2f'):>6} {fmt(r['idle_s'], '.1f'):>6} "
              f"{fmt(r['cpu_s'], '.0f'):>6} {fmt(r['peak_rss_mib'], '.1f'):>12} {quarters:>23} "
              f"{fmt(r['sim_builds'], '.0f'):>6} {'ok' if r['checks_ok'] else 'FAIL':>6}")


def configurations(args):
    """(copies, latency, slots, servers, extra eval options, kill one halfway) and how many
    runs each gets."""
    latencies = [int(v) for v in args.latencies.split(",")]
    slot_counts = [int(v) for v in args.slots.split(",")]
    server_counts = [int(v) for v in args.servers.split(",")]
    configs = []
    for latency in latencies:
        runs = args.long_runs if latency >= LONG_MS and args.long_runs else args.runs
        for count in server_counts:
            configs += [((args.copies, latency, slots, count, [], False), runs)
                        for slots in slot_counts]
    if args.kill_one:
        # The largest pool again, one server killed (SIGKILL) once half the requests are done.
        count = max(server_counts)
        if count < 2:
            raise SystemExit("eval_bench: --kill-one needs --servers with 2 or more")
        configs.append(((args.copies, latencies[-1], slot_counts[-1], count, [], True), 1))
    if args.rss_copies and args.rss_copies != args.copies:
        # RSS must not grow with the problem count: the same configuration on fewer problems.
        configs.append(((args.rss_copies, latencies[0], slot_counts[-1], server_counts[0], [],
                         False), 1))
    if args.also_sim:
        # The other simulator on the first configuration, for comparison.
        configs.append(((args.copies, latencies[0], slot_counts[-1], server_counts[0],
                         ["--sim", args.also_sim], False), 1))
    return configs


def main():
    # Orphans of rtlduet's processes come to this process, so their CPU time is not lost.
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rtlduet", default=str(ROOT / "build" / "src" / "rtlduet"))
    parser.add_argument("--server", default=str(ROOT / "build" / "tests" / "fake_llm_server"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--long-runs", type=int, default=0,
                        help=f"runs at latencies of {LONG_MS} ms or more (0: --runs)")
    parser.add_argument("--latencies", default="300,2000", help="milliseconds per request")
    parser.add_argument("--slots", default="2,4", help="requests each server processes at once")
    parser.add_argument("--servers", default="1",
                        help="fake servers in the pool, e.g. 1,2,3 (each with --slots)")
    parser.add_argument("--kill-one", action="store_true",
                        help="one more run of the largest pool, a server killed halfway")
    parser.add_argument("--copies", type=int, default=2, help="copies of the 18 problems")
    parser.add_argument("--rss-copies", type=int, default=1,
                        help="copies for the RSS comparison run (0: none)")
    parser.add_argument("--also-sim", default="",
                        help="one more run with eval --sim NAME (first latency, most slots)")
    parser.add_argument("--jobs", type=int, default=0, help="eval --jobs (0: rtlduet's default)")
    parser.add_argument("--max-inflight", type=int, default=0,
                        help="0: rtlduet's default, the pool's slots")
    parser.add_argument("--eval-args", default="", help="more eval options, e.g. '--sim iverilog'")
    parser.add_argument("--quick", action="store_true", help="300 ms, 4 slots, one run")
    parser.add_argument("--cache", default="",
                        help="XDG_CACHE_HOME for rtlduet (default: fresh in the work directory)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--before", default="",
                        help="another rtlduet build, run alternately with --rtlduet on every "
                             "configuration in this run (its rows say build: before)")
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    if args.quick:
        args.latencies, args.slots, args.runs, args.rss_copies = "300", "4", 1, 0
    make_script = load_make_script()
    work = Path(tempfile.mkdtemp(prefix="rtlduet-eval-bench-"))
    cache = Path(args.cache) if args.cache else work / "cache"
    load_before = os.getloadavg()
    started = time.monotonic()
    configs = configurations(args)
    for extra in sorted({tuple(config[4]) for config, _ in configs}):
        for binary in filter(None, [args.rtlduet, args.before]):
            warm_up(args, work, make_script, cache, list(extra), binary)
    results, rows = [], []
    builds = ["this", "before"] if args.before else ["this"]
    for config, runs in configs:
        done = {build: [] for build in builds}
        for run_index in range(runs):
            # The plan's request count, for the kill: any earlier run of the same suite has it.
            expected = next((r["requests"] for r in results if r["problems"] ==
                             18 * config[0] and not r["killed_halfway"]), 0)
            # Alternated, and each build first every other time: the machine's drift is shared.
            for build in builds if run_index % 2 == 0 else builds[::-1]:
                result = measure(args, work, make_script, config, run_index, cache, expected,
                                 build)
                print(f"run: {result['problems']} problems, {result['sim']}, {config[1]} ms, "
                      f"{config[3]} x {config[2]} slots{', one killed' if config[5] else ''}, "
                      f"{'the build before, ' if build == 'before' else ''}"
                      f"#{run_index + 1}: {result['wall_s']:.1f} s, wall/ideal "
                      f"{result['ratio']:.3f}, CPU {result['cpu_s']:.0f} s, peak RSS "
                      f"{result['peak_rss_mib']:.1f} MiB, load "
                      f"{result['load_average_1min'][0]:.1f}", file=sys.stderr)
                done[build].append(result)
                results.append(result)
        for build in builds:
            rows.append(dict(median_row(done[build]), problems=done[build][0]["problems"],
                             sim=done[build][0]["sim"], latency_ms=config[1], slots=config[2],
                             servers=config[3], killed_halfway=config[5],
                             per_server=done[build][0]["per_server"], runs=runs, build=build))
    total = time.monotonic() - started
    if not args.keep:
        shutil.rmtree(work)
    print_table(rows)
    for r in results:
        if not checks_ok(r):
            print(f"check failed: {r['latency_ms']} ms {r['servers']} x {r['slots']} slots "
                  f"run {r['run']}: "
                  f"{r['checks']}", file=sys.stderr)
    out = Path(args.out) if args.out else \
        ROOT / "bench" / "results" / time.strftime("eval-%Y%m%d-%H%M%S.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "load_average_before": load_before, "load_average_after": os.getloadavg(),
        "bench_seconds": total, "candidates": CANDIDATES, "turns": TURNS,
        "jobs": args.jobs or "default", "eval_args": args.eval_args, "argv": sys.argv[1:],
        "rows": rows, "results": results}, indent=1) + "\n")
    print(f"wrote {out} ({total:.0f} s in all)")
    return 0 if all(checks_ok(r) for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
