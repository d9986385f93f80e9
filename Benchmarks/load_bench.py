"""The loads group: how fast Quarry loads the files it is handed, against DuckDB (2 threads) and Polars.

The generated layoffs table of each size, as NDJSON and as a JSON array (both written by DuckDB) and
as gzip-compressed CSV (Python's gzip at its default level), made once into Benchmarks/data:
- the load inside one process, median of RUNS runs after a warm-up;
- each engine's peak resident memory in a process that only loads the file, and Quarry's against
  the same table loaded from the plain CSV;
- a summary of the loaded table (rows, a sum, a distinct count, the latest date, a float sum) from
  every engine, which must agree.

Run as `load_bench.py ENGINE PATH RUNS` it is the DuckDB or Polars side: it loads PATH RUNS + 1
times and prints the median and the summary as JSON (with RUNS 0, one load and nothing timed).
"""
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from engines import measure  # noqa: E402

FORMATS = {"NDJSON": "ndjson", "JSON array": "json", "gzip CSV": "csv.gz"}
ENGINES = ["quarry", "duckdb", "polars"]
QUARRY_SUMMARY = ("layoffs aggregate n = count(), s = sum(total_laid_off), c = count_distinct(company), "
                  "d = max(date), f = sum(funds_raised)")
SQL_SUMMARY = ("SELECT count(*), sum(total_laid_off), count(DISTINCT company), CAST(max(date) AS VARCHAR), "
               "sum(funds_raised) FROM layoffs")


def engine_main(engine, path, runs):
    if engine == "duckdb":
        import duckdb
        con = duckdb.connect()
        con.execute("SET threads = 2")
        reader = "read_json" if path.endswith("json") else "read_csv"

        def load():
            con.execute(f"CREATE OR REPLACE TABLE layoffs AS SELECT * FROM {reader}('{path}')")

        median, _ = measure(load, runs)
        row = con.execute(SQL_SUMMARY).fetchone()
    else:
        import polars as pl
        if path.endswith(".ndjson"):
            def load():
                return pl.read_ndjson(path)
        elif path.endswith(".json"):
            def load():
                return pl.read_json(path)
        else:
            def load():
                return pl.read_csv(path, try_parse_dates=True)
        median, frame = measure(load, runs)
        col = pl.col
        row = frame.select(pl.len(), col("total_laid_off").sum(), col("company").n_unique(),
                           col("date").cast(pl.Utf8).max(), col("funds_raised").sum()).row(0)
    print(json.dumps({"load": median, "summary": list(row)}))


def make_files(label, data, python):
    """The NDJSON, JSON array and gzip CSV forms of `data`, made once."""
    paths = {}
    for name, extension in FORMATS.items():
        path = os.path.join(HERE, "data", f"layoffs_{label}.{extension}")
        paths[name] = path
        if os.path.exists(path):
            continue
        print(f"making {path} ...", file=sys.stderr)
        partial = path + ".partial"
        if extension == "csv.gz":
            with open(data, "rb") as source, gzip.open(partial, "wb") as sink:
                shutil.copyfileobj(source, sink, 1 << 20)
        else:
            array = "true" if extension == "json" else "false"
            script = (f"import duckdb; con = duckdb.connect(); con.execute('SET enable_progress_bar = false'); "
                      f"con.execute(\"COPY (SELECT * FROM read_csv('{data}')) TO '{partial}' "
                      f"(FORMAT JSON, ARRAY {array})\")")
            subprocess.run([python, "-c", script], check=True)
        os.rename(partial, path)
    return paths


def quarry_load(quarry, path, runs):
    """Quarry's median load of `path` (RUNS after a warm-up, in one process) and its summary row."""
    lines = [f'load "{path}" as layoffs'] * (runs + 1) + [QUARRY_SUMMARY]
    script = os.path.join(HERE, "data", "loads.qry")
    open(script, "w").write("\n".join(lines) + "\n")
    result = subprocess.run([quarry, "--timer", "--quiet", "--format", "json", script], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"quarry failed: {result.stderr[-2000:]}")
    times = [float(line.split()[1]) for line in result.stderr.splitlines() if line.startswith("time: ")]
    row = json.loads(result.stdout)[0]
    return statistics.median(times[1:runs + 1]), [row["n"], row["s"], row["c"], row["d"], row["f"]]


def peak(command):
    result = subprocess.run(["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {result.stderr[-2000:]}")
    return int(result.stderr.strip().splitlines()[-1]) / 1024


def same(a, b):
    def cell(v):
        try:
            return float(f"{float(v):.9g}")
        except (TypeError, ValueError):
            return str(v)
    return [cell(v) for v in a] == [cell(v) for v in b]


def run(label, data, runs, python, quarry):
    """Each format: every engine's median load, peak memory and summary; whether they agree."""
    paths = make_files(label, data, python)
    env = dict(os.environ, POLARS_MAX_THREADS="2")
    me = os.path.abspath(__file__)
    plain_peak = peak([quarry, "-c", f'load "{data}" as layoffs'])
    results = {}
    for name, path in paths.items():
        os.sync()
        loads, summaries, peaks = {}, {}, {}
        loads["quarry"], summaries["quarry"] = quarry_load(quarry, path, runs)
        peaks["quarry"] = peak([quarry, "-c", f'load "{path}" as layoffs'])
        for engine in ("duckdb", "polars"):
            out = subprocess.run([python, me, engine, path, str(runs)], capture_output=True, text=True, env=env)
            if out.returncode != 0:
                raise RuntimeError(f"{engine} failed on {path}: {out.stderr[-2000:]}")
            report = json.loads(out.stdout)
            loads[engine], summaries[engine] = report["load"], report["summary"]
            peaks[engine] = peak([python, me, engine, path, "0"])
        agree = all(same(summaries["quarry"], summaries[e]) for e in ("duckdb", "polars"))
        if not agree:
            print(f"DISAGREE {label} {name}: " + json.dumps(summaries), file=sys.stderr)
        results[name] = (loads, peaks, agree)
    return plain_peak, results


def print_table(tables):
    print("Loading the files analysts are handed (the same table as NDJSON, a JSON array and gzip CSV):\n")
    print("| rows | file | step | Quarry | DuckDB | Polars | Quarry/DuckDB | Quarry/Polars |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for label, (plain_peak, results) in tables:
        for name, (loads, peaks, agree) in results.items():
            q, d, p = (loads[e] for e in ENGINES)
            print(f"| {label} | {name} | load (s) | {q:.3f} | {d:.3f} | {p:.3f} | {q / d:.2f} | {q / p:.2f} |")
            q, d, p = (peaks[e] for e in ENGINES)
            print(f"| {label} | {name} | peak memory (MB) | {q:.0f} | {d:.0f} | {p:.0f} | {q / d:.2f} | {q / p:.2f} |")
            print(f"| {label} | {name} | answers agree | {'yes' if agree else 'NO'} | | | | |")
        print(f"\nQuarry's peak loading the plain CSV of {label} rows: {plain_peak:.0f} MB; each file's peak over it: " +
              ", ".join(f"{name} {results[name][1]['quarry'] / plain_peak:.2f}x" for name in results) + ".")


if __name__ == "__main__":
    engine_main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
