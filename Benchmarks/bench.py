#!/usr/bin/env python3
"""Times Quarry against DuckDB (2 threads) and Polars on the same generated files, in one run.

usage: bench.py [--sizes 1000000,10000000] [--runs 5] [--group main|spellings|scripts|output|loads|all]
       (run through Benchmarks/run; QUARRY_BIN overrides the Quarry binary)

main: for each size, load time, each query's median of RUNS runs after a warm-up (inside one process
per engine), peak resident memory after loading, and one whole process (start, load, Q1, exit).
Checks that all engines give the same answers, then prints medians and the ratios
Quarry / DuckDB and Quarry / Polars.
spellings: Quarry only, each pair of queries that ask one question in two spellings: the median
of each form, the ratio second / first, and whether the two JSON answers are equal.
scripts: Quarry only, over the demo data: one whole process running a script of 10,000 one-line
statements, and the time per statement of a 40-line script against a 4,000-line one.
output (Benchmarks/output_bench.py): for each size, writing all rows of company, date, funds_raised:
a save to a file inside one process after the load (CSV, TSV, JSON, NDJSON; Markdown Quarry only),
median of RUNS after a warm-up; one whole process loading then writing CSV or JSON to a pipe the
benchmark reads to the end, median of RUNS; Quarry's peak memory writing CSV and JSON to a file and
to a pipe, against a process that only loads. Every output is read back and compared cell by cell
with the source table; a mismatch fails the group.
loads (Benchmarks/load_bench.py): for each size, loading the table as NDJSON, as a JSON array and as
gzip CSV, median of RUNS after a warm-up, with each engine's peak memory, and a summary of the
loaded table from every engine, which must agree.
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
from engines import QUARRY, SPELLINGS  # noqa: E402
import load_bench  # noqa: E402
import output_bench  # noqa: E402

QUARRY_BIN = os.environ.get("QUARRY_BIN") or os.path.join(ROOT, ".build", "release", "quarry")


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


def load_lines(data, countries):
    return [f'load "{data}" as layoffs', f'load "{countries}" as countries']


def time_quarry(data, countries, queries, runs, script_name):
    """Runs each of `queries` (name: text) RUNS + 1 times in one Quarry process after the loads.
    Returns the load time, each query's median after its warm-up, and each query's first answer
    (a list of rows, each a list of (column, value) pairs in the printed order)."""
    lines = load_lines(data, countries)
    for query in queries.values():
        lines += [query] * (runs + 1)
    script = os.path.join(HERE, "data", script_name)
    open(script, "w").write("\n".join(lines) + "\n")
    out, err, _ = child([QUARRY_BIN, "--timer", "--quiet", "--format", "json", script])
    times = [float(line.split()[1]) for line in err.splitlines() if line.startswith("time: ")]
    outputs = split_json_outputs(out)
    if len(times) != 2 + len(outputs) or len(outputs) != len(queries) * (runs + 1):
        raise RuntimeError(f"quarry printed {len(times)} times and {len(outputs)} answers for {len(queries)} queries")
    medians, answers = {}, {}
    for i, name in enumerate(queries):
        k = 2 + i * (runs + 1)
        medians[name] = statistics.median(times[k + 1:k + 1 + runs])
        answers[name] = outputs[i * (runs + 1)]
    return times[0] + times[1], medians, answers


def run_quarry(data, countries, runs):
    load, medians, answers = time_quarry(data, countries, QUARRY, runs, "bench.qry")
    report = {"load": load, "queries": medians,
              "answers": {name: [[v for _, v in row] for row in rows] for name, rows in answers.items()}}
    loads = os.path.join(HERE, "data", "load.qry")
    open(loads, "w").write("\n".join(load_lines(data, countries)) + "\n")
    report["rss_after_load_mb"] = peak_of([QUARRY_BIN, loads])
    return report


def run_spellings(label, data, countries, runs):
    """Each spelling pair: (first median, second median, whether the two answers are equal)."""
    queries = {(name, form): pair[form] for name, pair in SPELLINGS.items() for form in (0, 1)}
    _, medians, answers = time_quarry(data, countries, queries, runs, "spellings.qry")
    results = {}
    for name in SPELLINGS:
        first, second = answers[(name, 0)], answers[(name, 1)]
        if first != second:
            print(f"DISAGREE {label} {name}: " + json.dumps({"first": first, "second": second})[:600], file=sys.stderr)
        results[name] = (medians[(name, 0)], medians[(name, 1)], first == second)
    return results


def split_json_outputs(text):
    """Quarry prints one JSON array per query; each becomes a list of rows of (column, value) pairs."""
    decoder = json.JSONDecoder(object_pairs_hook=list)
    outputs, position = [], 0
    while position < len(text):
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            break
        rows, position = decoder.raw_decode(text, position)
        outputs.append([[tuple(pair) for pair in row] for row in rows])
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


def print_main(tables):
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
    startup = statistics.median(child([QUARRY_BIN, "-c", "layoffs count"])[2] for _ in range(10))
    prompt = statistics.median(child([QUARRY_BIN], env=dict(os.environ))[2] for _ in range(10))
    print(f"\nQuarry on the demo data: `quarry -c 'layoffs count'` {startup * 1000:.0f} ms; start and exit at end of input "
          f"(the prompt's start-up) {prompt * 1000:.0f} ms.")


SCRIPT_STATEMENTS = [
    'countries where region = "Asia" count',
    "countries top 3 by population | select country",
    "layoffs group by year(date) aggregate n = count()",
    'layoffs where industry = "Retail" count',
]


def write_script(statements):
    """A script of `statements` one-line statements over the demo data, in Benchmarks/data."""
    script = os.path.join(HERE, "data", f"script-{statements}.qry")
    lines = [SCRIPT_STATEMENTS[i % len(SCRIPT_STATEMENTS)] for i in range(statements)]
    open(script, "w").write("".join(line + "\n" for line in lines))
    return [QUARRY_BIN, "--quiet", "--format", "csv", script]


def per_statement(statements, repeats):
    """The time per statement of a script of `statements` lines: a whole process's wall time less
    an empty script's (start-up and the demo data), the fastest of `repeats` runs taken in turn
    (start-up varies by milliseconds, as much as 40 statements take, and only ever upwards)."""
    empty, script = write_script(0), write_script(statements)
    walls = {"empty": [], "script": []}
    for _ in range(repeats):
        walls["empty"].append(child(empty)[2])
        walls["script"].append(child(script)[2])
    return (min(walls["script"]) - min(walls["empty"])) / statements


def print_scripts():
    """Scripts take time linear in their length: a whole `quarry script.qry` process for 10,000
    statements, and the time per statement of a 40-line script against a 4,000-line one."""
    whole = statistics.median(child(write_script(10_000))[2] for _ in range(3))
    short, long = per_statement(40, repeats=41), per_statement(4_000, repeats=7)
    print(f"Quarry script of 10,000 statements (demo data, one whole process): {whole:.2f} s; per statement "
          f"{short * 1000:.3f} ms in a 40-line script, {long * 1000:.3f} ms in a 4,000-line one "
          f"(4,000 / 40: {long / short:.2f}).")


def print_spellings(spellings):
    print("Same question, other spelling (Quarry only):\n")
    print("| rows | pair | first (s) | second (s) | second/first | answers agree |")
    print("| --- | --- | ---: | ---: | ---: | --- |")
    for label, results in spellings:
        for name, (first, second, agree) in results.items():
            ratio = f"{second / first:.2f}" if first > 0 else "-"
            print(f"| {label} | {name} | {first:.4f} | {second:.4f} | {ratio} | {'yes' if agree else 'NO'} |")
    print()
    for name, (first, second) in SPELLINGS.items():
        print(f"- {name}: `{first}` / `{second}`")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000000,10000000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--group", choices=["main", "spellings", "scripts", "output", "loads", "all"], default="all",
                        help="main: Quarry against DuckDB and Polars; spellings: Quarry's spelling pairs; "
                             "scripts: Quarry's time for long scripts (demo data only); "
                             "output: writing whole tables to files and pipes, against DuckDB and Polars; "
                             "loads: loading NDJSON, JSON arrays and gzip CSV, against DuckDB and Polars")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    os.makedirs(os.path.join(HERE, "data"), exist_ok=True)
    countries = os.path.join(HERE, "data", "countries.csv")
    tables, spellings, outputs, loads = [], [], [], []
    sizes = [] if args.group == "scripts" else [int(s) for s in args.sizes.split(",")]
    for size in sizes:
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
        if args.group in ("main", "all"):
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
        if args.group in ("spellings", "all"):
            spellings.append((label, run_spellings(label, data, countries, args.runs)))
        if args.group in ("output", "all"):
            outputs.append((label, output_bench.run(label, data, args.runs, args.python, QUARRY_BIN)))
        if args.group in ("loads", "all"):
            loads.append((label, load_bench.run(label, data, args.runs, args.python, QUARRY_BIN)))

    memory_gib = round(int(open("/proc/meminfo").readline().split()[1]) / 1048576)
    print(f"Benchmark: {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, {memory_gib} GiB; "
          f"seconds (medians of {args.runs} runs after a warm-up); memory in MB\n")
    if tables:
        print_main(tables)
    if spellings:
        print("\n" if tables else "", end="")
        print_spellings(spellings)
    if args.group in ("scripts", "all"):
        print("\n" if tables or spellings else "", end="")
        print_scripts()
    if outputs:
        print("\n" if tables or spellings or args.group == "all" else "", end="")
        output_bench.print_table(outputs)
    if loads:
        print("\n" if tables or spellings or outputs or args.group == "all" else "", end="")
        load_bench.print_table(loads)
    failures = [failure for _, (_, found) in outputs for failure in found]
    for failure in failures:
        print(f"OUTPUT MISMATCH {failure}", file=sys.stderr)
    loads_agree = all(agree for _, (_, results) in loads for _, _, agree in results.values())
    if (not all(t[3] for t in tables) or not all(agree for _, r in spellings for _, _, agree in r.values()) or failures
            or not loads_agree):
        sys.exit(1)


if __name__ == "__main__":
    main()
