#!/usr/bin/env python3
"""Benchmark of `rtlduet score` (standard library only).

1. Speed: the 156 VerilogEval v2 golden references (renamed TopModule) scored by `rtlduet
   score --jobs J` against the official flow run directly (iverilog + `timeout 30 vvp` per
   problem in its own directory, J at a time), alternated for R rounds in the same run; the
   medians are compared. The first rtlduet round starts from an empty cache (golden learning,
   Verilator runtime build) and is reported on its own; the rounds after it reuse the cache.
   Each round also times both flows on the problems both decide (those rtlduet scores with
   Icarus): on the others Icarus cannot build the golden reference, the official flow stops at
   the compile error and rtlduet scores with Verilator, work the official flow never does.
2. Agreement: the 402 real LLM candidates of ../shared/llm-candidates: `verdict` must equal
   their `official`, `official_verdict` their `official_script`.

Prints a table and writes JSON (--out). Usage:
  bench/score_bench.py [--rtlduet build/src/rtlduet] [--jobs 2] [--rounds 3] [--out FILE]
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SUITE = SHARED / "verilog-eval-v2" / "dataset_spec-to-rtl"
CANDIDATES = SHARED / "llm-candidates" / "verilog-eval-v2.jsonl"


def problems():
    return sorted(p.name[: -len("_test.sv")] for p in SUITE.glob("*_test.sv"))


def write_golden_samples(directory):
    for problem in problems():
        ref = (SUITE / f"{problem}_ref.sv").read_text()
        (directory / f"{problem}_sample01.sv").write_text(re.sub(r"\bRefModule\b", "TopModule", ref))


# One problem of the official flow, as VerilogEval's Makefile runs it; prints 1 on a pass by
# the script rule. Arguments: suite dir, samples dir, problem.
OFFICIAL_SH = r"""
suite=$1 samples=$2 p=$3
mkdir "$p" && cd "$p" || exit 1
cp "$samples/${p}_sample01.sv" cand.sv
{ iverilog -Wall -Winfloop -Wno-timescale -g2012 -s tb -o sim cand.sv "$suite/${p}_test.sv" \
    "$suite/${p}_ref.sv" && timeout 30 vvp -n sim; } > log 2>&1
if grep -q 'Mismatches: 0 in' log && ! grep -q -e TIMEOUT -e error log; then echo 1; else echo 0; fi
"""


def official_round(samples, jobs, names=None):
    """The official flow for all problems (or `names`) with `xargs -P jobs`; returns (seconds,
    passes)."""
    with tempfile.TemporaryDirectory(prefix="rtlduet-official-") as tmp:
        script = Path(tmp) / "one.sh"
        script.write_text(OFFICIAL_SH)
        start = time.monotonic()
        run = subprocess.run(["xargs", "-P", str(jobs), "-n", "1", "sh", str(script), str(SUITE),
                              str(samples)], input="\n".join(names or problems()) + "\n", cwd=tmp,
                             capture_output=True, text=True)
        return time.monotonic() - start, run.stdout.split().count("1")


def rtlduet_round(binary, samples, jobs, cache, summary, names=None):
    argv = [binary, "-q", "score", "--suite", str(SUITE), "--samples", str(samples), "--jobs",
            str(jobs), "--cache-dir", str(cache), "--json", str(summary)]
    if names:
        argv += ["--problems", ",".join(names)]
    start = time.monotonic()
    run = subprocess.run(argv, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if run.returncode != 0:
        sys.exit(f"rtlduet score failed ({run.returncode}): {run.stderr[-2000:]}")
    data = json.loads(summary.read_text())
    return seconds, data["verdicts"]


def check_candidates(binary, jobs, cache, tmp):
    rows = [json.loads(line) for line in CANDIDATES.read_text().splitlines() if line.strip()]
    counts, expected, lines = {}, {}, []
    for row in rows:
        counts[row["problem"]] = counts.get(row["problem"], 0) + 1
        key = (row["problem"], counts[row["problem"]])
        expected[key] = row
        lines.append(json.dumps({"problem": key[0], "sample": key[1], "completion": row["completion"]}))
    samples = tmp / "candidates.jsonl"
    samples.write_text("\n".join(lines) + "\n")
    summary = tmp / "candidates.json"
    start = time.monotonic()
    subprocess.run([binary, "-q", "score", "--suite", str(SUITE), "--samples", str(samples),
                    "--jobs", str(jobs), "--cache-dir", str(cache), "--json", str(summary)],
                   capture_output=True, text=True)
    seconds = time.monotonic() - start
    disagreements = []
    for r in json.loads(summary.read_text())["results"]:
        row = expected[(r["problem"], r["sample"])]
        want = "skipped" if row["official"] == "unknown" else row["official"]
        if r["verdict"] != want or r["official_verdict"] != row["official_script"]:
            disagreements.append({"id": row["id"], "verdict": r["verdict"], "official": row["official"],
                                  "official_verdict": r["official_verdict"],
                                  "official_script": row["official_script"]})
    return {"candidates": len(rows), "disagreements": disagreements, "seconds": round(seconds, 2)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rtlduet", default=str(ROOT / "build" / "src" / "rtlduet"))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", default="score_bench.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rtlduet-score-bench-") as tmp_name:
        tmp = Path(tmp_name)
        samples, cache = tmp / "samples", tmp / "cache"
        samples.mkdir()
        write_golden_samples(samples)
        cold, verdicts = rtlduet_round(args.rtlduet, samples, args.jobs, cache, tmp / "cold.json")
        # The problems the official flow can decide: rtlduet scores them with Icarus as it does.
        # The others (Icarus cannot build the golden reference) only rtlduet scores, with
        # Verilator; the official flow ends them at the compile error.
        both = sorted(r["problem"] for r in json.loads((tmp / "cold.json").read_text())["per_problem"]
                      if r["simulator"].startswith("iverilog"))
        official_times, rtlduet_times, official_shared, rtlduet_shared = [], [], [], []
        for _ in range(args.rounds):
            seconds, official_passed = official_round(samples, args.jobs)
            official_times.append(seconds)
            seconds, verdicts = rtlduet_round(args.rtlduet, samples, args.jobs, cache, tmp / "warm.json")
            rtlduet_times.append(seconds)
            official_shared.append(official_round(samples, args.jobs, both)[0])
            rtlduet_shared.append(rtlduet_round(args.rtlduet, samples, args.jobs, cache,
                                                tmp / "shared.json", both)[0])
        agreement = check_candidates(args.rtlduet, args.jobs, cache, tmp)
    result = {
        "machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg()},
        "jobs": args.jobs, "rounds": args.rounds,
        "official_seconds": [round(t, 2) for t in official_times],
        "official_median": round(statistics.median(official_times), 2),
        "official_passed": official_passed,
        "rtlduet_cold_seconds": round(cold, 2),
        "rtlduet_seconds": [round(t, 2) for t in rtlduet_times],
        "rtlduet_median": round(statistics.median(rtlduet_times), 2),
        "ratio": round(statistics.median(rtlduet_times) / statistics.median(official_times), 3),
        "shared_problems": len(both),
        "official_shared_seconds": [round(t, 2) for t in official_shared],
        "rtlduet_shared_seconds": [round(t, 2) for t in rtlduet_shared],
        "shared_ratio": round(statistics.median(rtlduet_shared) / statistics.median(official_shared), 3),
        "rtlduet_verdicts": verdicts,
        "candidates": agreement,
    }
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(f"{'flow':<34} {'median s':>9}  {'rounds'}")
    print(f"{'official (iverilog+vvp, -P ' + str(args.jobs) + ')':<34} {result['official_median']:>9}  "
          f"{result['official_seconds']}  passes {official_passed}/156 by the script rule")
    print(f"{'rtlduet score (warm cache)':<34} {result['rtlduet_median']:>9}  {result['rtlduet_seconds']}  "
          f"{verdicts}")
    print(f"{'rtlduet score (first, cold cache)':<34} {result['rtlduet_cold_seconds']:>9}")
    print(f"ratio rtlduet/official: {result['ratio']}x")
    print(f"the {len(both)} problems both flows decide (Icarus): official "
          f"{statistics.median(official_shared):.2f} s {result['official_shared_seconds']}, rtlduet "
          f"{statistics.median(rtlduet_shared):.2f} s {result['rtlduet_shared_seconds']}: "
          f"{result['shared_ratio']}x")
    print(f"LLM candidates: {agreement['candidates']} scored in {agreement['seconds']} s, "
          f"{len(agreement['disagreements'])} disagreements with the known verdicts")
    for d in agreement["disagreements"]:
        print(f"  {d}")
    return 0 if not agreement["disagreements"] else 1


if __name__ == "__main__":
    sys.exit(main())
