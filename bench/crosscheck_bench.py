#!/usr/bin/python3
"""Times one cross-check pair (design + Python reference model) with rtlduet and with a
baseline built the way the published method does it: an Icarus testbench with every vector
written inline, outputs printed with $display and parsed from stdout, and the Python model run
in this process. Configurations are measured alternately in the same run; medians of --runs.
The floor of a pair is the model's own eval loop in this process plus the simulator's run
alone (rtlduet's Verilator executable run directly), both on rtlduet's own vectors.

    bench/crosscheck_bench.py [--rtlduet build/src/rtlduet] [--runs 3] [--vectors 1000,100000]
                              [--before OLD_RTLDUET] [--configs NAME,...] [--problems P,...]

Every rtlduet configuration runs with crosscheck's defaults (confirmation on the other
simulator, coverage, guided rows); `verilator-cold-bare` and `verilator-warm-bare` add
--confirm none --guided off, and the table prints each default's ratio to its bare run.
--before runs verilator-cold and verilator-warm also with another build (e.g. of the commit
before confirmation existed), alternated in the same run, and prints each default's ratio to
it. `cold` is a design the build cache has never seen (a new candidate), `warm` one it has.
Prints a table and writes JSON to bench/results/crosscheck-<time>.json (or --out).
Standard library only.
"""
import argparse
import json
import os
import platform
import random
import resource
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "crosscheck" / "verilogeval"
DATASET = ROOT.parent / "shared" / "verilog-eval-v2" / "dataset_spec-to-rtl"
DEFAULT_PROBLEMS = ["Prob021_mux256to1v", "Prob030_popcount255", "Prob040_count10",
                    "Prob047_dff8ar", "Prob068_countbcd", "Prob105_rotate100",
                    "Prob109_fsm1", "Prob140_fsm_hdlc"]


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(argv, env, cwd=None):
    """Wall seconds and the finished process; done.cpu_s is the CPU of its whole tree."""
    cpu = children_cpu()
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    done.cpu_s = children_cpu() - cpu
    return seconds, done


def unique_copy(source, target, tag):
    """A copy whose text differs (a comment), so the build cache misses."""
    target.write_text(source.read_text() + f"\n// bench {tag}\n")
    return target


BARE = ("--confirm", "none", "--guided", "off")


class Rtlduet:
    def __init__(self, binary, cache):
        self.binary = binary
        self.env = dict(os.environ, XDG_CACHE_HOME=str(cache))

    def run(self, rtl_files, model, vectors, sim, extra=(), keep_work=False):
        argv = [self.binary] + (["--keep-work"] if keep_work else []) + [
            "crosscheck", "--rtl", str(rtl_files[0]), "--model", str(model),
            "--vectors", str(vectors), "--sim", sim, "--json", *extra]
        if len(rtl_files) > 1:
            argv += ["--batch-rtl"] + [str(f) for f in rtl_files[1:]]
        seconds, done = timed(argv, self.env)
        if done.returncode not in (0, 1):
            raise RuntimeError(f"rtlduet failed: {done.stderr[-2000:]}")
        text = done.stdout.strip()
        results = [json.loads(line) for line in text.splitlines()] if len(rtl_files) > 1 \
            else [json.loads(text)]
        results[0].setdefault("timing_ms", {})["cpu"] = round(done.cpu_s * 1000, 1)
        return seconds, results


def baseline_vectors(ifc, count, seed):
    rng = random.Random(seed)
    inputs = [p for p in ifc["ports"] if p["direction"] == "input" and p["name"] != ifc.get("clock")]
    reset = (ifc.get("reset") or {}).get("name")
    low = (ifc.get("reset") or {}).get("active_low", False)
    rows = []
    for i in range(count):
        row = {p["name"]: rng.getrandbits(p["width"]) for p in inputs}
        if reset:
            asserted = i < 2 or rng.random() < 0.05
            row[reset] = (0 if low else 1) if asserted else (1 if low else 0)
        rows.append(row)
    return inputs, rows


def baseline_testbench(ifc, inputs, rows):
    outputs = [p for p in ifc["ports"] if p["direction"] == "output"]
    clock = ifc.get("clock")
    decl = lambda p: f"[{p['width'] - 1}:0] " if p["width"] > 1 else ""
    lines = ["module tb;"]
    lines += [f"  reg {decl(p)}{p['name']};" for p in inputs]
    lines += [f"  wire {decl(p)}{p['name']};" for p in outputs]
    if clock:
        lines.append(f"  reg {clock} = 0;")
    ports = [p["name"] for p in ifc["ports"]]
    lines.append("  TopModule dut(" + ", ".join(f".{n}({n})" for n in ports) + ");")
    fmt_ = " ".join("%h" for _ in outputs)
    show = f'    $display("{fmt_}", ' + ", ".join(p["name"] for p in outputs) + ");"
    lines.append("  initial begin")
    for row in rows:
        for p in inputs:
            lines.append(f"    {p['name']} = {p['width']}'h{row[p['name']]:x};")
        if clock:
            lines += [f"    #5 {clock} = 1;", "    #1;", show, f"    #4 {clock} = 0;"]
        else:
            lines += ["    #5;", show]
    lines += ["    $finish;", "  end", "endmodule"]
    return "\n".join(lines) + "\n"


def run_baseline(ifc, design, model, vectors, work):
    """The published method's flow, timed as a whole (testbench generation included)."""
    start = time.perf_counter()
    inputs, rows = baseline_vectors(ifc, vectors, 1)
    (work / "tb.sv").write_text(baseline_testbench(ifc, inputs, rows))
    compile_ = subprocess.run(["iverilog", "-g2012", "-o", "sim.vvp", "-s", "tb", "tb.sv",
                               str(design)], cwd=work, capture_output=True, text=True)
    if compile_.returncode != 0:
        raise RuntimeError(f"baseline compile failed: {compile_.stderr[-2000:]}")
    sim = subprocess.run(["vvp", "-n", "sim.vvp"], cwd=work, capture_output=True, text=True)
    printed = [line.split() for line in sim.stdout.splitlines() if line and line[0] != "V"]
    namespace = {}
    exec(compile(model.read_text(), str(model), "exec"), namespace)
    instance = namespace["TopModule"]()
    outputs = [p["name"] for p in ifc["ports"] if p["direction"] == "output"]
    mismatches = 0
    for row, values in zip(rows, printed):
        expected = instance.eval(dict(row))
        got = [int(v, 16) if all(c in "0123456789abcdef" for c in v) else None for v in values]
        mismatches += any(expected[name] != value for name, value in zip(outputs, got))
    return time.perf_counter() - start, mismatches


def read_request_rows(path):
    """The rows of a kept model work directory's request.bin (testbenches/model_runner.py)."""
    data = path.read_bytes()
    _, _, _, n_in, n_out = struct.unpack_from("<4sIIII", data, 0)
    (rows,) = struct.unpack_from("<Q", data, 20)
    at = 28

    def text():
        nonlocal at
        (size,) = struct.unpack_from("<I", data, at)
        at += 4 + size
        return data[at - size:at].decode()

    def number():
        nonlocal at
        at += 4
        return struct.unpack_from("<I", data, at - 4)[0]

    text(), text()  # the model's path and the top's name
    for _ in range(number()):
        text(), text(), number()  # a parameter: name, value, overridden
    ports = [(text(), number()) for _ in range(n_in + n_out)]
    sizes = [next(s for s in (1, 2, 4, 8) if w <= 8 * s) if w <= 64 else 8 * ((w + 63) // 64)
             for _, w in ports[:n_in]]
    names = [name for name, _ in ports[:n_in]]
    out = []
    for _ in range(rows):
        row = {}
        for name, size in zip(names, sizes):
            row[name] = int.from_bytes(data[at:at + size], "little")
            at += size
        out.append(row)
    return out


def measure_floor(tool, design, model, vectors, sim, runs):
    """The floor of one pair: the model's own eval loop in this process plus the simulator's
    run alone (the executable rtlduet built, run directly), both on rtlduet's own vectors."""
    _, results = tool.run([design], model, vectors, sim, BARE, keep_work=True)
    work = Path(results[0]["work_dir"])
    rows = read_request_rows(work / "model" / "request.bin")
    namespace = {}
    exec(compile(model.read_text(), str(model), "exec"), namespace)
    loops = []
    for _ in range(runs):
        instance = namespace["TopModule"]()
        has_outputs = callable(getattr(instance, "outputs", None))
        start = time.perf_counter()
        for row in rows:
            if has_outputs:
                instance.outputs(dict(row))
            instance.eval(dict(row))
        loops.append(time.perf_counter() - start)
    rtl = work / "rtl"
    argv = ["vvp", "-n", "sim.vvp"] if (rtl / "sim.vvp").exists() else [str(rtl / "obj" / "sim"), "0"]
    sims = [timed(argv, dict(os.environ), cwd=rtl)[0] for _ in range(runs)]
    shutil.rmtree(work)
    return statistics.median(loops), statistics.median(sims)


def measure(args):
    cache = Path(tempfile.mkdtemp(prefix="rtlduet-bench-cache-"))
    tool = Rtlduet(args.rtlduet, cache)
    before_cache = Path(tempfile.mkdtemp(prefix="rtlduet-bench-cache-before-"))
    before = Rtlduet(args.before, before_cache) if args.before else None
    # name -> (tool, extra arguments); the sim is the name's first word
    tools = {"iverilog": (tool, ()), "verilator-cold": (tool, ()), "verilator-warm": (tool, ()),
             "auto": (tool, ()), "verilator-cold-bare": (tool, BARE),
             "verilator-warm-bare": (tool, BARE)}
    if before:
        tools.update({"before-verilator-cold": (before, ()), "before-verilator-warm": (before, ())})
    work = Path(tempfile.mkdtemp(prefix="rtlduet-bench-"))
    samples = {}
    stages = {}

    def add(key, seconds):
        samples.setdefault(key, []).append(seconds)

    problems = args.problems.split(",") if args.problems else DEFAULT_PROBLEMS
    golden = {}
    for problem in problems:
        text = (DATASET / f"{problem}_ref.sv").read_text().replace("RefModule", "TopModule")
        golden[problem] = work / f"{problem}.sv"
        golden[problem].write_text(text)
    # The one-time runtime build (per toolchain), then warm-up of every golden design.
    first = time.perf_counter()
    model0 = DATA / problems[0] / "model.py"
    tool.run([golden[problems[0]]], model0, 10, "verilator")
    runtime_build = time.perf_counter() - first
    if before:
        before.run([golden[problems[0]]], model0, 10, "verilator")
    interfaces = {}
    for problem in problems:
        _, results = tool.run([golden[problem]], DATA / problem / "model.py", 10, "iverilog")
        interfaces[problem] = results[0]["interface"]
    for vectors in args.vectors:
        for run in range(args.runs):
            for problem in problems:
                model = DATA / problem / "model.py"
                g = golden[problem]
                tag = f"{vectors}-{run}-{problem}"
                cold = [unique_copy(g, work / f"{tag}-c{i}.sv", f"{tag} {i}") for i in range(3)]
                warm = [unique_copy(g, work / f"{problem}-w{i}.sv", f"warm {i}") for i in range(3)]
                if run == 0:  # fill the build caches for the warm cases
                    for each in {t for t, _ in tools.values()}:
                        each.run(warm, model, vectors, "verilator")
                        each.run(warm[:1], model, vectors, "verilator")
                pair_dir = work / f"baseline-{tag}"
                pair_dir.mkdir()
                seconds, _ = run_baseline(interfaces[problem], g, model, vectors, pair_dir)
                add((problem, vectors, "baseline", 1), seconds)
                cases = [("iverilog", [g]), ("verilator-cold", cold[:1]),
                         ("verilator-warm", warm[:1]), ("auto", [g]),
                         ("iverilog", cold), ("verilator-cold", cold), ("verilator-warm", warm),
                         ("verilator-cold-bare", cold[:1]), ("verilator-warm-bare", warm[:1]),
                         ("before-verilator-cold", cold[:1]),
                         ("before-verilator-warm", warm[:1])]
                random.Random(f"{tag}").shuffle(cases)  # no configuration always goes first
                for name, files in cases:
                    if name not in tools or (args.configs and name not in args.configs):
                        continue
                    runner, extra = tools[name]
                    sim = name.removeprefix("before-").split("-")[0]
                    if "verilator-cold" in name:
                        files = [unique_copy(g, work / f"{tag}-{name}-{len(files)}-{i}.sv",
                                             f"{tag} {name} {len(files)} {i}")
                                 for i in range(len(files))]
                    seconds, results = runner.run(files, model, vectors, sim, extra)
                    add((problem, vectors, name, len(files)), seconds)
                    stages.setdefault((problem, vectors, name, len(files)), []).append(
                        results[0].get("timing_ms", {}))
                    verdicts = {r["verdict"] for r in results}
                    if verdicts != {"agree"}:
                        print(f"warning: {problem} {name} n={len(files)}: {verdicts}",
                              file=sys.stderr)
                shutil.rmtree(pair_dir)
                if run == 0:
                    loop, sim_alone = measure_floor(tool, warm[0], model, vectors, "verilator",
                                                    args.runs)
                    add((problem, vectors, "floor", 1), loop + sim_alone)
                    stages[(problem, vectors, "floor", 1)] = [
                        {"model": round(loop * 1000, 1), "run": round(sim_alone * 1000, 1)}]
    shutil.rmtree(work)
    shutil.rmtree(cache)
    shutil.rmtree(before_cache)
    return problems, samples, stages, runtime_build


def summarise(problems, samples, stages, vectors_list):
    rows = []
    for (problem, vectors, name, n), values in sorted(samples.items()):
        stage = {}
        for key in ("extract", "build", "run", "model", "compare", "confirm", "guided", "cpu"):
            numbers = [s.get(key) for s in stages.get((problem, vectors, name, n), [])
                       if s.get(key) is not None]
            if numbers:
                stage[key] = statistics.median(numbers)
        rows.append({"problem": problem, "vectors": vectors, "config": name, "designs": n,
                     "median_s": statistics.median(values), "runs": values, "stages_ms": stage})
    ratios, floors = {}, {}
    for vectors in vectors_list:
        base = {r["problem"]: r["median_s"] for r in rows
                if r["vectors"] == vectors and r["config"] == "baseline"}
        floor = {r["problem"]: r["median_s"] for r in rows
                 if r["vectors"] == vectors and r["config"] == "floor"}
        for r in rows:
            if r["vectors"] != vectors or r["config"] in ("baseline", "floor"):
                continue
            per_pair = r["median_s"] / base[r["problem"]]
            r["ratio_to_baseline_pairs"] = per_pair / r["designs"]
            key = f"{vectors} {r['config']} n={r['designs']}"
            ratios.setdefault(key, []).append(r["ratio_to_baseline_pairs"])
            if r["problem"] in floor and r["designs"] == 1:
                r["ratio_to_floor"] = r["median_s"] / floor[r["problem"]]
                floors.setdefault(key, []).append(r["ratio_to_floor"])
    summary = {k: statistics.median(v) for k, v in ratios.items()}
    # The default against its bare run and against the --before build, per problem, then the
    # median over problems.
    against = {}
    for vectors in vectors_list:
        for kind in ("cold", "warm"):
            now = {r["problem"]: r["median_s"] for r in rows if r["vectors"] == vectors
                   and r["config"] == f"verilator-{kind}" and r["designs"] == 1}
            for other in (f"verilator-{kind}-bare", f"before-verilator-{kind}"):
                then = {r["problem"]: r["median_s"] for r in rows if r["vectors"] == vectors
                        and r["config"] == other}
                per_problem = [now[p] / then[p] for p in now if p in then]
                if per_problem:
                    against[f"{vectors} verilator-{kind} / {other}"] = \
                        statistics.median(per_problem)
    return rows, summary, against, {k: statistics.median(v) for k, v in floors.items()}


def stage_split(rows):
    """Per vectors and configuration (one design), the median over problems of each stage."""
    split = {}
    for r in rows:
        if r["designs"] == 1 and r["config"] not in ("baseline", "floor"):
            split.setdefault((r["vectors"], r["config"]), []).append(r["stages_ms"])
    out = {}
    for (vectors, config), stages in sorted(split.items()):
        keys = sorted({k for s in stages for k in s})
        out[f"{vectors} {config}"] = {k: statistics.median([s.get(k, 0) for s in stages])
                                      for k in keys}
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rtlduet", default=str(ROOT / "build" / "src" / "rtlduet"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--vectors", default="1000,100000")
    parser.add_argument("--problems", default="")
    parser.add_argument("--before", default="", help="another rtlduet build to compare with")
    parser.add_argument("--configs", default="", help="only these configurations (comma list)")
    parser.add_argument("--out", default="")
    parser.add_argument("--machine", default=f"{platform.machine()}, {os.cpu_count()} cores")
    args = parser.parse_args()
    args.vectors = [int(v) for v in args.vectors.split(",")]
    args.configs = set(filter(None, args.configs.split(",")))
    load_before = os.getloadavg()
    problems, samples, stages, runtime_build = measure(args)
    rows, summary, against, floor_ratios = summarise(problems, samples, stages, args.vectors)
    by_vectors = lambda kv: (int(kv[0].split()[0]), kv[0])
    print(f"{'vectors':>8} {'config':<22} {'n':>2} {'median ratio to n baseline pairs':>34} "
          f"{'to the floor':>13}")
    for key, ratio in sorted(summary.items(), key=by_vectors):
        vectors, config, n = key.split()
        to_floor = f"{floor_ratios[key]:.3f}" if key in floor_ratios else "-"
        print(f"{vectors:>8} {config:<22} {n[2:]:>2} {ratio:>34.3f} {to_floor:>13}")
    print(f"\n{'problem':<24} {'vectors':>8} {'config':<22} {'n':>2} {'median s':>9}  stages ms")
    for r in rows:
        print(f"{r['problem']:<24} {r['vectors']:>8} {r['config']:<22} {r['designs']:>2} "
              f"{r['median_s']:>9.3f}  {r['stages_ms']}")
    split = stage_split(rows)
    print("\nstage split, ms (median over problems, one design):")
    for key, stage in sorted(split.items(), key=by_vectors):
        print(f"  {key:<30} " + " ".join(f"{k}={v:.0f}" for k, v in stage.items()))
    print(f"\none-time Verilator runtime build: {runtime_build:.1f} s")
    for key, ratio in sorted(against.items(), key=by_vectors):
        print(f"{key}: {ratio:.3f} (median over problems)")
    load_after = os.getloadavg()
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f} "
          f"(numbers under load are indicative only)")
    out = Path(args.out) if args.out else \
        ROOT / "bench" / "results" / time.strftime("crosscheck-%Y%m%d-%H%M%S.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "machine": args.machine, "load_average_before": load_before,
        "load_average_after": load_after, "runs": args.runs, "problems": problems,
        "runtime_build_s": runtime_build, "ratios": summary, "floor_ratios": floor_ratios,
        "default_against": against, "stage_split_ms": split,
        "before": args.before, "rows": rows}, indent=1) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
