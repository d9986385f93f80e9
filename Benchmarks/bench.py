#!/usr/bin/env python3
"""Times Quarry against DuckDB (2 threads) and Polars on the same generated files, in one run.

usage: bench.py [--sizes 1000000,10000000] [--runs 5]     (run through Benchmarks/run)

For each size: load time, each query's median of RUNS runs after a warm-up (inside one process
per engine), peak resident memory after loading, and one whole process (start, load, Q1, exit).
Checks that all engines give the same answers, then prints medians and the ratios
Quarry / DuckDB and Quarry / Polars.
"""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from engines import QUARRY  # noqa: E402

QUARRY_BIN = os.path.join(ROOT, ".build", "release", "quarry")


def child(command, env=None):
    """Runs a command; returns (stdout, stderr, wall seconds)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    out, err = process.communicate()
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {err[-2000:]}")
    return out, err, wall


def peak_of(command, env=None):
    """Peak memory of one command alone, through /usr/bin/time's maximum resident set size."""
    result = subprocess.run(["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True, env=env)
    return int(result.stderr.strip().splitlines()[-1]) / 1024


def run_quarry(data, countries, runs):
    lines = [f'load "{data}" as layoffs', f'load "{countries}" as countries']
    for name, query in QUARRY.items():
        lines += [query] * (runs + 1)
    script = os.path.join(HERE, "data", "bench.qry")
    open(script, "w").write("\n".join(lines) + "\n")
    out, err, _ = child([QUARRY_BIN, "--timer", "--quiet", "--format", "json", script])
    times = [float(line.split()[1]) for line in err.splitlines() if line.startswith("time: ")]
    report = {"load": times[0] + times[1], "queries": {}, "answers": {}}
    outputs = split_json_outputs(out)
    k = 2
    for i, name in enumerate(QUARRY):
        report["queries"][name] = statistics.median(times[k + 1:k + 1 + runs])
        report["answers"][name] = outputs[i * (runs + 1)]
        k += runs + 1
    loads = os.path.join(HERE, "data", "load.qry")
    open(loads, "w").write("\n".join(lines[:2]) + "\n")
    report["rss_after_load_mb"] = peak_of([QUARRY_BIN, loads])
    return report


def split_json_outputs(text):
    """Quarry prints one JSON array per query; each becomes a list of rows of values."""
    decoder = json.JSONDecoder()
    outputs, position = [], 0
    while position < len(text):
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            break
        rows, position = decoder.raw_decode(text, position)
        outputs.append([list(row.values()) for row in rows])
    return outputs


def run_engine(engine, data, countries, runs, python):
    env = dict(os.environ, POLARS_MAX_THREADS="2")
    out, _, _ = child([python, os.path.join(HERE, "engines.py"), engine, data, countries, str(runs)], env=env)
    return json.loads(out)


def whole_process(data, countries, python, repeats=3):
    """Start, load, run Q1, exit: the median wall time of each engine."""
    env = dict(os.environ, POLARS_MAX_THREADS="2")
    commands = {
        "quarry": [QUARRY_BIN, "--quiet", "--format", "csv", "-c", f'load "{data}" as layoffs', "-c", QUARRY["Q1"]],
        "duckdb": [python, os.path.join(HERE, "engines.py"), "duckdb", data, countries, "0"],
        "polars": [python, os.path.join(HERE, "engines.py"), "polars", data, countries, "0"],
    }
    return {name: statistics.median(child(command, env)[2] for _ in range(repeats)) for name, command in commands.items()}


def normalize(rows):
    def cell(v):
        if v is None or v == "":
            return None
        try:
            f = float(v)
            return float(f"{f:.6g}")
        except (TypeError, ValueError):
            return str(v)
    return [[cell(v) for v in row] for row in rows]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000000,10000000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()
    os.makedirs(os.path.join(HERE, "data"), exist_ok=True)
    countries = os.path.join(HERE, "data", "countries.csv")
    tables = []
    for size in [int(s) for s in args.sizes.split(",")]:
        label = f"{size // 1_000_000}M" if size >= 1_000_000 else str(size)
        data = os.path.join(HERE, "data", f"layoffs_{label}.csv")
        if not os.path.exists(data):
            print(f"generating {data} ...", file=sys.stderr)
            subprocess.run([args.python, os.path.join(HERE, "generate.py"), str(size), data, countries], check=True)
        print(f"timing {label} rows ...", file=sys.stderr)
        # Read the file once first so every engine finds it in the page cache, not being written back.
        os.sync()
        with open(data, "rb") as f:
            while f.read(1 << 24):
                pass
        reports = {"quarry": run_quarry(data, countries, args.runs),
                   "duckdb": run_engine("duckdb", data, countries, args.runs, args.python),
                   "polars": run_engine("polars", data, countries, args.runs, args.python)}
        whole = whole_process(data, countries, args.python)
        agree = True
        for name in QUARRY:
            answers = {engine: normalize(report["answers"][name]) for engine, report in reports.items()}
            if not (answers["quarry"] == answers["duckdb"] == answers["polars"]):
                agree = False
                print(f"DISAGREE {label} {name}: " + json.dumps(answers)[:600], file=sys.stderr)
        tables.append((label, reports, whole, agree))

    startup = statistics.median(child([QUARRY_BIN, "-c", "layoffs count"])[2] for _ in range(10))
    prompt = statistics.median(child([QUARRY_BIN], env=dict(os.environ))[2] for _ in range(10))
    memory_gib = round(int(open("/proc/meminfo").readline().split()[1]) / 1048576)
    print(f"Benchmark: {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, {memory_gib} GiB; "
          f"seconds (medians of {args.runs} runs after a warm-up); memory in MB\n")
    print("| rows | step | Quarry | DuckDB | Polars | Quarry/DuckDB | Quarry/Polars |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for label, reports, whole, agree in tables:
        steps = [("load", "load")] + [(name, name) for name in QUARRY]
        for title, key in steps:
            q = reports["quarry"]["load"] if key == "load" else reports["quarry"]["queries"][key]
            d = reports["duckdb"]["load"] if key == "load" else reports["duckdb"]["queries"][key]
            p = reports["polars"]["load"] if key == "load" else reports["polars"]["queries"][key]
            print(f"| {label} | {title} | {q:.4f} | {d:.4f} | {p:.4f} | {q / d:.2f} | {q / p:.2f} |")
        q, d, p = (reports[e]["rss_after_load_mb"] for e in ("quarry", "duckdb", "polars"))
        print(f"| {label} | peak memory after load (MB) | {q:.0f} | {d:.0f} | {p:.0f} | {q / d:.2f} | {q / p:.2f} |")
        print(f"| {label} | whole process: start, load, Q1, exit | {whole['quarry']:.3f} | {whole['duckdb']:.3f} | "
              f"{whole['polars']:.3f} | {whole['quarry'] / whole['duckdb']:.2f} | {whole['quarry'] / whole['polars']:.2f} |")
        print(f"| {label} | answers agree | {'yes' if agree else 'NO'} | | | | |")
    print(f"\nQuarry on the demo data: `quarry -c 'layoffs count'` {startup * 1000:.0f} ms; start and exit at end of input "
          f"(the prompt's start-up) {prompt * 1000:.0f} ms.")
    if not all(t[3] for t in tables):
        sys.exit(1)


if __name__ == "__main__":
    main()
