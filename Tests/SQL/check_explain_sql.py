#!/usr/bin/env python3
"""Runs the `explain sql` of every golden query in DuckDB and checks it gives Quarry's rows.

usage: check_explain_sql.py QUARRY_BINARY REPOSITORY

DuckDB is installed from PyPI into a virtual environment under .build/ (never committed). The
tables DuckDB reads are Quarry's own tables written as CSV, with Quarry's column types, so both
engines see exactly the same data. Queries with `describe` or `chart` have no SQL form and are
skipped. Prints one line per mismatch and ends with 'N passed, N failed, N skipped'.
"""
import csv
import glob
import io
import math
import os
import subprocess
import sys
import tempfile
import venv

CLAUSES = {"where", "select", "derive", "drop", "group", "aggregate", "sort", "limit", "top", "distinct",
           "count", "join", "describe", "freq", "chart", "save"}
SQL_TYPES = {"int": "BIGINT", "float": "DOUBLE", "string": "VARCHAR", "bool": "BOOLEAN", "date": "DATE",
             "timestamp": "TIMESTAMP"}


def in_venv(repository):
    """Re-runs this script under a virtual environment that has duckdb."""
    home = os.path.join(repository, ".build", "sql-check-venv")
    python = os.path.join(home, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(home):
        return
    if not os.path.exists(python):
        venv.create(home, with_pip=True)
    if subprocess.run([python, "-c", "import duckdb"], capture_output=True).returncode != 0:
        subprocess.run([python, "-m", "pip", "install", "--quiet", "duckdb"], check=True)
    os.execv(python, [python] + sys.argv)


def quarry(binary, data, *arguments):
    run = subprocess.run([binary, *data, "--quiet", "--format", "csv", *arguments], capture_output=True, text=True)
    return run.returncode, run.stdout, run.stderr


def golden_cases(repository):
    """(file, name, data, query) for every golden case that is one query that succeeds."""
    for path in sorted(glob.glob(os.path.join(repository, "Tests/QuarryShellTests/Golden/*.test"))):
        text = open(path, encoding="utf-8").read()
        data = "shared" if "@data shared" in text else "demo"
        for block in text.split("\n== ")[1:]:
            header, _, rest = block.partition("\n")
            query, _, expected = rest.partition("\n----\n")
            lines = [l for l in query.split("\n") if l.strip() and not l.strip().startswith("#")]
            starts = [l for l in lines if not l[0].isspace() and l.split()[0].lower() not in CLAUSES and not l.startswith("|")]
            if len(starts) != 1 or "error:" in expected or ";" in query or "[format=" in header:
                continue
            first = starts[0].split()[0].lower()
            if first.startswith(".") or first in ("let", "load", "explain"):
                continue
            words = query.lower().split()
            if "describe" in words or "chart" in words:
                yield os.path.basename(path), header, data, None  # no SQL form: counted as skipped
                continue
            yield os.path.basename(path), header, data, query


def normalize(value):
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)) or hasattr(value, "as_integer_ratio"):
        return float(value)
    if hasattr(value, "isoformat"):
        text = str(value)
        return text
    try:
        return float(value)
    except ValueError:
        return str(value)


def same(a, b):
    if isinstance(a, float) and isinstance(b, float):
        return a == b or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9) or (math.isnan(a) and math.isnan(b))
    return a == b


def main():
    binary, repository = sys.argv[1], os.path.abspath(sys.argv[2])
    in_venv(repository)
    import duckdb

    os.chdir(repository)
    datasets = {
        "demo": [],
        "shared": [os.path.join("..", "shared", "data", "layoffs.csv"), os.path.join("Samples", "countries.csv")],
    }
    connections = {}
    folder = tempfile.mkdtemp(prefix="quarry-sql-")
    for name, data in datasets.items():
        con = duckdb.connect()
        for table in ("layoffs", "countries"):
            _, schema, _ = quarry(binary, data, "-c", ".schema " + table)
            columns = {row["column"]: SQL_TYPES[row["type"]] for row in csv.DictReader(io.StringIO(schema))}
            _, rows, _ = quarry(binary, data, "-c", table)
            file = os.path.join(folder, f"{name}-{table}.csv")
            open(file, "w", encoding="utf-8").write(rows)
            spec = ", ".join(f"'{c}': '{t}'" for c, t in columns.items())
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_csv('{file}', header = true, auto_detect = false, "
                        f"columns = {{{spec}}}, quote = '\"', escape = '\"', nullstr = '')")
        connections[name] = con

    passed = failed = skipped = 0
    for file, case, data, query in golden_cases(repository):
        if query is None:
            skipped += 1
            continue
        code, sql, error = quarry(binary, datasets[data], "-c", "explain sql " + query)
        if code != 0:
            failed += 1
            print(f"FAIL {file}: {case}: explain sql failed: {error.strip()}")
            continue
        code, mine, error = quarry(binary, datasets[data], "-c", query)
        expected = [[normalize(v) for v in row] for row in list(csv.reader(io.StringIO(mine)))[1:]]
        try:
            actual = [[normalize(v) for v in row] for row in connections[data].execute(sql).fetchall()]
        except Exception as problem:  # noqa: BLE001 - any DuckDB error is a failed case
            failed += 1
            print(f"FAIL {file}: {case}: DuckDB: {str(problem).splitlines()[0]}\n{sql}")
            continue
        bad = len(expected) != len(actual) or any(
            len(a) != len(b) or not all(same(x, y) for x, y in zip(a, b)) for a, b in zip(expected, actual))
        if bad:
            failed += 1
            first = next((i for i, (a, b) in enumerate(zip(expected, actual)) if a != b), min(len(expected), len(actual)))
            print(f"FAIL {file}: {case}: {len(expected)} rows from Quarry, {len(actual)} from DuckDB; first difference at row {first}:"
                  f"\n  quarry {expected[first] if first < len(expected) else None}\n  duckdb {actual[first] if first < len(actual) else None}")
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    sys.exit(1 if failed or passed == 0 else 0)


if __name__ == "__main__":
    main()
