"""The output group: how fast Quarry writes a whole table out, against DuckDB (2 threads) and Polars.

On the generated layoffs table's columns company, date, funds_raised, all rows:
- a save to a file from inside one process after the load (CSV, TSV, JSON, NDJSON, and Markdown,
  which only Quarry writes), median of RUNS runs after a warm-up, the load not included;
- one whole process (start, load, write CSV or JSON to its standard output, a pipe that the
  benchmark reads to the end in chunks, counting the bytes), median of RUNS runs after one untimed
  run whose output is kept for the check;
- Quarry's peak resident memory writing CSV and JSON to a file and to a pipe, against the same
  process that only loads the table.
Every file written, and each engine's piped output, is read back and compared cell by cell with the
source table; a mismatch names the cell and fails the group.

Run as `output_bench.py ENGINE DATA FORMAT TARGET RUNS` it is the DuckDB or Polars side: it loads
DATA, then writes the three columns in FORMAT to TARGET (a file, timed, printing the median as
JSON; or `-`, once, to standard output).
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from engines import TYPES, measure  # noqa: E402

COLUMNS = ["company", "date", "funds_raised"]
QUARRY_SELECT = "layoffs select " + ", ".join(COLUMNS)
SQL_SELECT = "SELECT " + ", ".join(COLUMNS) + " FROM layoffs"
# name: (file extension, DuckDB's COPY options or None where DuckDB has no such format).
FORMATS = {
    "CSV": ("csv", "(HEADER)"),
    "TSV": ("tsv", "(HEADER, DELIMITER '\t')"),
    "JSON": ("json", "(FORMAT JSON, ARRAY true)"),
    "NDJSON": ("ndjson", "(FORMAT JSON)"),
    "Markdown": ("md", None),
}
PIPE_FORMATS = ["CSV", "JSON"]
ENGINES = ["quarry", "duckdb", "polars"]
CHUNK = 1 << 20


# The DuckDB and Polars side, in a process of its own.

def engine_main(engine, data, fmt, target, runs):
    if engine == "duckdb":
        import duckdb
        con = duckdb.connect()
        con.execute("SET threads = 2")
        spec = ", ".join(f"'{k}': '{v}'" for k, v in TYPES.items())
        con.execute(f"CREATE TABLE layoffs AS SELECT * FROM read_csv('{data}', header = true, columns = {{{spec}}})")
        path = "/dev/stdout" if target == "-" else target
        sql = f"COPY ({SQL_SELECT}) TO '{path}' {FORMATS[fmt][1]}"

        def write():
            con.execute(sql)
    else:
        import polars as pl
        frame = pl.read_csv(data, schema=polars_schema(pl))
        destination = sys.stdout.buffer if target == "-" else target
        writers = {"CSV": lambda f: f.write_csv(destination), "TSV": lambda f: f.write_csv(destination, separator="\t"),
                   "JSON": lambda f: f.write_json(destination), "NDJSON": lambda f: f.write_ndjson(destination)}

        def write():
            writers[fmt](frame.select(COLUMNS))
    if target == "-":
        write()
        sys.stdout.flush()
        return
    median, _ = measure(write, runs)
    print(json.dumps({"median": median}))


def polars_schema(pl):
    kinds = {"VARCHAR": pl.String, "BIGINT": pl.Int64, "DOUBLE": pl.Float64, "DATE": pl.Date}
    return {name: kinds[kind] for name, kind in TYPES.items()}


# Running and reading the processes.

def drain(command, env=None, capture=None):
    """Runs `command` with its standard output a pipe, read here to the end in chunks (written to the
    file `capture` when given, else only counted). Returns (bytes read, wall seconds, its stderr)."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, env=env, bufsize=0)
        buffer = bytearray(CHUNK)
        view = memoryview(buffer)
        count = 0
        sink = open(capture, "wb") if capture else None
        try:
            while True:
                n = process.stdout.readinto(buffer)
                if not n:
                    break
                count += n
                if sink:
                    sink.write(view[:n])
        finally:
            process.stdout.close()
            if sink:
                sink.close()
        process.wait()
        wall = time.perf_counter() - started
        if process.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"{command[0]} failed: {errors.read().decode(errors='replace')[-2000:]}")
        errors.seek(0)
        return count, wall, errors.read().decode(errors="replace")


def peak_mib(command):
    """Peak resident memory of `command` alone (/usr/bin/time's maximum resident set size), in MiB,
    its standard output a pipe read to the end; and the bytes it wrote there."""
    with tempfile.NamedTemporaryFile(mode="r") as report:
        count, _, _ = drain(["/usr/bin/time", "-f", "%M", "-o", report.name, *command])
        return int(report.read().strip().splitlines()[-1]) / 1024, count


def quarry_loads(data):
    return ["-c", f'load "{data}" as layoffs']


def engine_command(python, engine, data, fmt, target, runs=0):
    return [python, os.path.abspath(__file__), engine, data, fmt, target, str(runs)]


def engine_env():
    return dict(os.environ, POLARS_MAX_THREADS="2")


# Reading the written text back and comparing it with the source table.

def reference(data):
    import polars as pl
    return pl.read_csv(data, schema=polars_schema(pl)).select(COLUMNS)


def typed(frame):
    """The three columns as read back (strings), as the source table's types; values that do not
    parse raise."""
    import polars as pl
    return frame.select(pl.col("company").cast(pl.String),
                        pl.col("date").cast(pl.String).str.to_date("%Y-%m-%d", strict=True),
                        pl.col("funds_raised").cast(pl.String).cast(pl.Float64, strict=True))


def read_delimited(path, separator):
    import polars as pl
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split(separator)
    if header != COLUMNS:
        raise ValueError(f"header is {header}")
    return typed(pl.read_csv(path, separator=separator, infer_schema=False))


def read_json(path, lines):
    import polars as pl
    schema = {"company": pl.String, "date": pl.String, "funds_raised": pl.Float64}
    frame = pl.read_ndjson(path, schema=schema) if lines else pl.read_json(path, schema=schema)
    return typed(frame)


def markdown_cells(line):
    if not (line.startswith("| ") and line.endswith(" |")):
        raise ValueError(f"not a table row: {line[:200]!r}")
    inner = line[2:-2]
    if "\\" not in inner:
        return inner.split(" | ")
    cells, cell, i = [], [], 0
    while i < len(inner):
        if inner.startswith("\\|", i):
            cell.append("|")
            i += 2
        elif inner.startswith(" | ", i):
            cells.append("".join(cell))
            cell = []
            i += 3
        else:
            cell.append(inner[i])
            i += 1
    return cells + ["".join(cell)]


def read_markdown(path):
    """Quarry's Markdown table: a header row, a separator row, then one row per table row, `null`
    for a null."""
    import polars as pl
    columns = [[] for _ in COLUMNS]
    with open(path, encoding="utf-8", newline="\n") as f:
        if markdown_cells(f.readline().rstrip("\n")) != COLUMNS:
            raise ValueError("header is not the three columns")
        if not all(c.strip(":-") == "" for c in markdown_cells(f.readline().rstrip("\n"))):
            raise ValueError("no separator row")
        for number, line in enumerate(f, start=3):
            cells = markdown_cells(line.rstrip("\n"))
            if len(cells) != len(COLUMNS):
                raise ValueError(f"line {number} has {len(cells)} cells")
            for column, cell in zip(columns, cells):
                column.append(None if cell == "null" else cell)
    return typed(pl.DataFrame({name: pl.Series(values, dtype=pl.String) for name, values in zip(COLUMNS, columns)}))


def read_back(path, fmt):
    if fmt in ("CSV", "TSV"):
        return read_delimited(path, "," if fmt == "CSV" else "\t")
    if fmt in ("JSON", "NDJSON"):
        return read_json(path, lines=fmt == "NDJSON")
    return read_markdown(path)


def mismatch(expected, path, fmt):
    """None when the file holds exactly the table `expected`, else where it first differs."""
    try:
        got = read_back(path, fmt)
    except Exception as error:  # noqa: BLE001 - any failure to read back is a wrong output
        return f"could not be read back as {fmt}: {(str(error).splitlines() or [repr(error)])[0][:400]}"
    if got.height != expected.height:
        return f"{got.height} rows, expected {expected.height}"
    for name in COLUMNS:
        differs = expected[name].ne_missing(got[name])
        if differs.any():
            row = differs.arg_true()[0]
            return f"row {row + 1}, column {name}: expected {expected[name][row]!r}, got {got[name][row]!r}"
    return None


# The measurements.

class Check:
    """Collects the failures of the read-back checks; deletes each file once checked."""

    def __init__(self, label, data):
        self.label, self.expected, self.failures, self.sizes = label, reference(data), [], {}

    def file(self, path, fmt, what):
        problem = mismatch(self.expected, path, fmt)
        self.sizes[what] = os.path.getsize(path)
        os.remove(path)
        if problem:
            self.failures.append(f"{self.label} {what}: {problem}")


def quarry_saves(quarry, data, path, runs):
    """The median of RUNS saves of the three columns to `path` after a warm-up, in one Quarry
    process after the load (whose time is not counted)."""
    script = os.path.join(HERE, "data", "output.qry")
    with open(script, "w") as f:
        f.write(f'load "{data}" as layoffs\n' + f'{QUARRY_SELECT} | save "{path}"\n' * (runs + 1))
    _, _, err = drain([quarry, "--timer", "--quiet", script])
    times = [float(line.split()[1]) for line in err.splitlines() if line.startswith("time: ")]
    if len(times) != runs + 2:
        raise RuntimeError(f"quarry printed {len(times)} times for {runs + 1} saves and a load")
    return statistics.median(times[2:])


def file_saves(label, data, runs, python, quarry, check):
    results = {}
    for fmt, (extension, copy) in FORMATS.items():
        results[fmt] = {}
        for engine in ENGINES:
            if engine != "quarry" and copy is None:
                results[fmt][engine] = None
                continue
            print(f"  {label}: {engine} saves {fmt} ...", file=sys.stderr)
            path = os.path.join(HERE, "data", f"out-{engine}.{extension}")
            if engine == "quarry":
                results[fmt][engine] = quarry_saves(quarry, data, path, runs)
            else:
                out = output_of(engine_command(python, engine, data, fmt, path, runs))
                results[fmt][engine] = json.loads(out)["median"]
            check.file(path, fmt, f"{engine} {fmt} file")
    return results


def output_of(command):
    result = subprocess.run(command, capture_output=True, text=True, env=engine_env())
    if result.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {result.stderr[-2000:]}")
    return result.stdout


def pipe_commands(quarry, python, data, fmt):
    return {
        "quarry": [quarry, "--quiet", "--format", fmt.lower(), *quarry_loads(data), "-c", QUARRY_SELECT],
        "duckdb": engine_command(python, "duckdb", data, fmt, "-"),
        "polars": engine_command(python, "polars", data, fmt, "-"),
    }


def pipes(label, data, runs, python, quarry, check):
    """Whole processes writing to a pipe: one untimed run whose output is kept and checked, then
    the median wall time of RUNS runs, the output only counted."""
    results = {}
    for fmt in PIPE_FORMATS:
        results[fmt] = {}
        for engine, command in pipe_commands(quarry, python, data, fmt).items():
            print(f"  {label}: {engine} writes {fmt} to a pipe ...", file=sys.stderr)
            path = os.path.join(HERE, "data", f"pipe-{engine}.{FORMATS[fmt][0]}")
            checked, _, _ = drain(command, engine_env(), capture=path)
            check.file(path, fmt, f"{engine} {fmt} pipe")
            walls = []
            for _ in range(runs):
                count, wall, _ = drain(command, engine_env())
                if count != checked:
                    check.failures.append(f"{label} {engine} {fmt} pipe: {count} bytes, the checked run wrote {checked}")
                walls.append(wall)
            results[fmt][engine] = statistics.median(walls)
    return results


def peaks(label, data, quarry, check):
    """Quarry's peak memory loading only, then writing CSV and JSON to a file and to a pipe. The
    byte counts must match the checked runs'."""
    loads = quarry_loads(data)
    results = {"load": peak_mib([quarry, "--quiet", *loads])[0]}
    for fmt in PIPE_FORMATS:
        extension = FORMATS[fmt][0]
        path = os.path.join(HERE, "data", f"peak-quarry.{extension}")
        print(f"  {label}: quarry's peak memory writing {fmt} ...", file=sys.stderr)
        results[(fmt, "file")] = peak_mib([quarry, "--quiet", *loads, "-c", f'{QUARRY_SELECT} | save "{path}"'])[0]
        check.file(path, fmt, f"quarry {fmt} file (memory run)")
        results[(fmt, "pipe")], count = peak_mib([quarry, "--quiet", "--format", fmt.lower(), *loads, "-c", QUARRY_SELECT])
        if count != check.sizes[f"quarry {fmt} pipe"]:
            check.failures.append(f"{label} quarry {fmt} pipe (memory run): {count} bytes, "
                                  f"the checked run wrote {check.sizes[f'quarry {fmt} pipe']}")
    return results


def run(label, data, runs, python, quarry):
    """All of the output group's measurements for one data file: (results, failures)."""
    check = Check(label, data)
    results = {"files": file_saves(label, data, runs, python, quarry, check),
               "pipes": pipes(label, data, runs, python, quarry, check),
               "peaks": peaks(label, data, quarry, check)}
    return results, check.failures


def print_table(outputs):
    def seconds(x):
        return "-" if x is None else f"{x:.4f}"

    def ratio(q, other):
        return "-" if other is None else f"{q / other:.2f}"

    print("Writing all rows of company, date, funds_raised (seconds; memory in MiB):\n")
    print("| rows | work | Quarry | DuckDB | Polars | Quarry/DuckDB | Quarry/Polars |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for label, (results, failures) in outputs:
        rows = [(f"save {fmt} to a file", results["files"][fmt]) for fmt in FORMATS]
        rows += [(f"whole process: start, load, {fmt} to a pipe", results["pipes"][fmt]) for fmt in PIPE_FORMATS]
        for work, times in rows:
            q, d, p = (times[e] for e in ENGINES)
            print(f"| {label} | {work} | {seconds(q)} | {seconds(d)} | {seconds(p)} | {ratio(q, d)} | {ratio(q, p)} |")
        peak = results["peaks"]
        print(f"| {label} | peak memory, load only | {peak['load']:.0f} | | | | |")
        for fmt in PIPE_FORMATS:
            for where in ("file", "pipe"):
                added = peak[(fmt, where)] - peak["load"]
                print(f"| {label} | peak memory, {fmt} to a {where}: added to the load's | {added:+.1f} | | | | |")
        print(f"| {label} | output read back equals the table | {'NO' if failures else 'yes'} | | | | |")
    print("\nMarkdown is Quarry's only (`-`). The bound to meet: writing adds at most 128 MiB "
          "to the loaded table's peak.")


if __name__ == "__main__":
    engine_main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
