#!/usr/bin/env python3
"""Golden references of every suite scored by `rtlduet score --golden` (standard library only).

For each suite (VerilogEval v2 spec-to-rtl and code-complete, RTLLM 2.0, ChipBench's three
datasets) the references, renamed as the suite's layout requires, are scored as the one sample
of their problem, from an empty cache. Prints per suite: problems, passes, skipped problems,
worked-around problems, the simulators that decided and the wall time; then every erratum with
its reason. Writes JSON (--out). Exit 1 when a done-when figure is not met (spec-to-rtl 155,
RTLLM at least 48, every other problem passing or listed).

Usage: bench/golden_sweep.py [--rtlduet build/src/rtlduet] [--jobs 2] [--out FILE] [--suite NAME]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SUITES = {
    "verilog-eval-spec-to-rtl": (SHARED / "verilog-eval-v2" / "dataset_spec-to-rtl", 155),
    "verilog-eval-code-complete": (SHARED / "verilog-eval-v2" / "dataset_code-complete-iccad2023", None),
    "rtllm-2.0": (SHARED / "rtllm-2.0", 48),
    "chipbench-self-contain": (SHARED / "chipbench-verilog-gen" / "dataset_self_contain", None),
    "chipbench-not-self-contain": (SHARED / "chipbench-verilog-gen" / "dataset_not_self_contain", None),
    "chipbench-cpu-ip": (SHARED / "chipbench-verilog-gen" / "dataset_cpu_ip", None),
}


def sweep(binary, name, suite, jobs, tmp):
    summary = tmp / f"{name}.json"
    start = time.monotonic()
    run = subprocess.run([binary, "-q", "score", "--suite", str(suite), "--golden", "--jobs", str(jobs),
                          "--cache-dir", str(tmp / "cache"), "--json", str(summary)],
                         capture_output=True, text=True)
    seconds = time.monotonic() - start
    if run.returncode != 0:
        raise SystemExit(f"{name}: rtlduet score exited {run.returncode}\n{run.stderr}")
    data = json.loads(summary.read_text())
    simulators = Counter(r["simulator"].split(" ")[0] for r in data["results"] if r["simulator"])
    failed = [r for r in data["results"] if r["verdict"] not in ("pass", "skipped")]
    return {"suite": name, "problems": data["problems"], "pass": data["verdicts"]["pass"],
            "skipped": data["skipped_problems"], "not_passing": failed,
            "errata": data["problem_errata"], "simulators": dict(simulators),
            "seconds": round(seconds, 1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rtlduet", default=str(ROOT / "build" / "src" / "rtlduet"))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", default="golden_sweep.json")
    parser.add_argument("--suite", choices=sorted(SUITES), help="only this suite")
    args = parser.parse_args()
    rows, ok = [], True
    with tempfile.TemporaryDirectory(prefix="rtlduet-golden-sweep-") as tmp_name:
        for name, (suite, minimum) in SUITES.items():
            if args.suite and name != args.suite:
                continue
            row = sweep(args.rtlduet, name, suite, args.jobs, Path(tmp_name))
            row["met"] = (minimum is None or row["pass"] >= minimum) and not row["not_passing"]
            ok &= row["met"]
            rows.append(row)
    result = {"machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg()},
              "jobs": args.jobs, "suites": rows}
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(f"{'suite':<28} {'problems':>8} {'pass':>5} {'skipped':>7} {'worked around':>13} "
          f"{'seconds':>8}  simulators")
    for row in rows:
        worked = sum(1 for e in row["errata"] if e["handling"] == "worked around")
        print(f"{row['suite']:<28} {row['problems']:>8} {row['pass']:>5} {len(row['skipped']):>7} "
              f"{worked:>13} {row['seconds']:>8}  {row['simulators']}{'' if row['met'] else '  NOT MET'}")
    for row in rows:
        for erratum in row["errata"]:
            print(f"  {row['suite']}: {erratum['problem']} ({erratum['handling']}): {erratum['reason']}")
        for failed in row["not_passing"]:
            print(f"  {row['suite']}: {failed['problem']} {failed['verdict']}: {failed['reason']}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cpus")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
