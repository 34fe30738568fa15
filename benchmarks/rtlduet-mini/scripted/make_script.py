#!/usr/bin/env python3
"""Writes the fake endpoint's script (tests/fake_llm/README.md) that answers rtlduet's agents on
every rtlduet-mini problem with hand-written replies: the golden design (RefModule renamed
TopModule), the reference model from models/, or a wrong variant from wrong/. No reply comes
from a language model. Standard library only.

Usage: make_script.py [--out FILE]   (default: standard output)
"""

import argparse
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
SUITE = HERE.parent
GOLDEN = "golden"

# Per problem: the path it takes through `rtlduet run -n 1 -t 3`, and the replies in the order
# the agent asks. The last reply repeats for any further request. A repair entry answers the
# flow's repair request, matched on a name that only the error text of the broken reply holds.
PLAN = {
    "Prob001_majority_parity": {"path": "agrees on turn 1", "rtl": [GOLDEN], "model": [GOLDEN]},
    "Prob002_priority_enc8": {"path": "agrees on turn 1", "rtl": [GOLDEN], "model": [GOLDEN]},
    "Prob003_sat_add_s8": {
        "path": "design wrong (wraps), fixed by feedback: agrees on turn 2",
        "rtl": ["wrong/Prob003_sat_add_s8.sv", GOLDEN],
        "model": [GOLDEN],
    },
    "Prob004_signed_alu": {
        "path": "design always wrong, turn 2 worse than turn 1 (backtracking keeps turn 1): "
        "best-effort, fails the testbench",
        "rtl": [
            "wrong/Prob004_signed_alu.sv",
            "wrong/Prob004_signed_alu_turn2.sv",
            "wrong/Prob004_signed_alu_turn3.sv",
        ],
        "model": [GOLDEN],
    },
    "Prob005_bitops128": {"path": "agrees on turn 1", "rtl": [GOLDEN], "model": [GOLDEN]},
    "Prob006_add96": {"path": "agrees on turn 1", "rtl": [GOLDEN], "model": [GOLDEN]},
    "Prob007_updown_counter_en": {
        "path": "design wrong (tc ignores en), fixed by feedback: agrees on turn 2",
        "rtl": ["wrong/Prob007_updown_counter_en.sv", GOLDEN],
        "model": [GOLDEN],
    },
    "Prob008_accum_areset": {
        "path": "model crashes (undefined name), repaired: agrees on turn 1",
        "rtl": [GOLDEN],
        "model": ["wrong/Prob008_accum_areset.py"],
        "model_repair": {"token": "ACC_WRAP_MASK", "replies": [GOLDEN]},
    },
    "Prob009_gray_counter_rstn": {
        "path": "model always wrong (synchronous reset), design right: best-effort, "
        "passes the testbench",
        "rtl": [GOLDEN],
        "model": ["wrong/Prob009_gray_counter_rstn.py"],
    },
    "Prob010_moore_1101": {
        "path": "design wrong (Mealy output), fixed by feedback: agrees on turn 2",
        "rtl": ["wrong/Prob010_moore_1101.sv", GOLDEN],
        "model": [GOLDEN],
    },
    "Prob011_vending_mealy": {
        "path": "design always wrong (registered outputs): best-effort, fails the testbench",
        "rtl": ["wrong/Prob011_vending_mealy.sv"],
        "model": [GOLDEN],
    },
    "Prob012_shift_noreset": {"path": "agrees on turn 1", "rtl": [GOLDEN], "model": [GOLDEN]},
    "Prob013_regfile8x8": {"path": "agrees on turn 1", "rtl": [GOLDEN], "model": [GOLDEN]},
    "Prob014_param_sat_counter": {
        "path": "design and model share a misreading: agree on turn 1, fail the testbench",
        "rtl": ["wrong/Prob014_param_sat_counter.sv"],
        "model": ["wrong/Prob014_param_sat_counter.py"],
    },
    "Prob015_fifo4": {
        "path": "design does not lint (undeclared name), repaired: agrees on turn 1",
        "rtl": ["wrong/Prob015_fifo4.sv"],
        "model": [GOLDEN],
        "rtl_repair": {"token": "fifo_fill_level", "replies": [GOLDEN]},
    },
    "Prob016_debounce": {
        "path": "design wrong twice (count, then press), fixed by the second feedback: "
        "agrees on turn 3",
        "rtl": ["wrong/Prob016_debounce.sv", "wrong/Prob016_debounce_turn2.sv", GOLDEN],
        "model": [GOLDEN],
    },
    "Prob017_traffic_light": {
        "path": "design always wrong (side green too long): best-effort, fails the testbench",
        "rtl": ["wrong/Prob017_traffic_light.sv"],
        "model": [GOLDEN],
    },
    "Prob018_crc8_serial": {
        "path": "model wrong (feedback bit), fixed by feedback: agrees on turn 2",
        "rtl": [GOLDEN],
        "model": ["wrong/Prob018_crc8_serial.py", GOLDEN],
    },
}

LABEL = "Scripted reply (written by hand for rtlduet-mini, not by a language model)."


def fail(message):
    sys.exit(f"make_script.py: {message}")


def read(path):
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        fail(f"cannot read {path}: {error}")


def golden_design(problem):
    code = read(SUITE / f"{problem}_ref.sv")
    if "module RefModule" not in code:
        fail(f"{problem}_ref.sv does not define module RefModule")
    return code.replace("module RefModule", "module TopModule", 1)


def reply(problem, agent, source):
    if source == GOLDEN:
        code = golden_design(problem) if agent == "rtl" else read(SUITE / "models" / f"{problem}.py")
    else:
        code = read(HERE / source)
    fence = "verilog" if agent == "rtl" else "python"
    return {"content": f"{LABEL}\n\n```{fence}\n{code.rstrip()}\n```\n"}


def key_lines(problems, suite=SUITE):
    """For each problem, the first line of its prompt that no other prompt contains: every
    request rtlduet's prompts build from the spec (first request and feedback) holds it.
    `suite` is the directory of the prompts (bench/eval_bench.py passes a suite of copies)."""
    prompts = {p: read(suite / f"{p}_prompt.txt") for p in problems}
    keys = {}
    for problem, text in prompts.items():
        others = [t for p, t in prompts.items() if p != problem]
        for line in (raw.strip() for raw in text.splitlines()):
            if len(line) >= 20 and not any(line in other for other in others):
                keys[problem] = line
                break
        else:
            fail(f"{problem}: no prompt line is unique to it")
    return keys, prompts


def rules_for(problem, plan, key, prompts):
    rules = []
    # Repair requests carry the error text, not the spec: match them on a name that occurs
    # only in the broken reply. They come first so a spec line never shadows them.
    for agent in ("rtl", "model"):
        repair = plan.get(f"{agent}_repair")
        if repair is None:
            continue
        token = repair["token"]
        broken = "".join(read(HERE / s) for s in plan[agent] if s != GOLDEN)
        if token not in broken or any(token in text for text in prompts.values()):
            fail(f"{problem}: repair token {token!r} must occur in the broken reply only")
        rules.append({
            "name": f"{problem} {agent} repair",
            "agent": agent,
            "contains": token,
            "replies": [reply(problem, agent, s) for s in repair["replies"]],
            "then": "repeat",
        })
    for agent in ("rtl", "model"):
        rules.append({
            "name": f"{problem} {agent}",
            "agent": agent,
            "contains": key,
            "replies": [reply(problem, agent, s) for s in plan[agent]],
            "then": "repeat",
        })
    return rules


def build_script():
    problems = sorted(p.name[: -len("_prompt.txt")] for p in SUITE.glob("*_prompt.txt"))
    if sorted(PLAN) != problems:
        fail(f"the plan and the suite differ: {sorted(set(PLAN) ^ set(problems))}")
    keys, prompts = key_lines(problems)
    rules = []
    for problem in problems:
        rules += rules_for(problem, PLAN[problem], keys[problem], prompts)
    # No fallback: a request no rule matches gets HTTP 400, so a recording never holds a reply
    # the plan did not intend.
    return {"model": "scripted-rtlduet-mini", "rules": rules}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=pathlib.Path, help="write the script here")
    args = parser.parse_args()
    text = json.dumps(build_script(), indent=1) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
