"""The eight benchmark queries for each engine, the Quarry spelling pairs, and how to time them inside one process."""
import json
import resource
import statistics
import sys
import time

QUARRY = {
    "Q1": 'layoffs where industry = "Retail" count',
    "Q2": "layoffs group by year(date) aggregate s = sum(total_laid_off)",
    "Q3": "layoffs group by industry aggregate n = count(), s = sum(total_laid_off), a = avg(percentage_laid_off), "
          "m = max(funds_raised) | sort by s desc",
    "Q4": "layoffs sort by total_laid_off desc, company | limit 10 | select company, total_laid_off",
    "Q5": "layoffs aggregate n = count_distinct(company)",
    "Q6": 'layoffs where country = "United States" and total_laid_off > 100 and contains(lower(company), "a") count',
    "Q7": "layoffs join countries on country | group by region aggregate s = sum(total_laid_off)",
    "Q8": "layoffs group by company | where count > 3 | count",
}

# Pairs of Quarry queries that ask the same question in two spellings, so their answers must be equal
# (each defines a deterministic row order) and their times ought to be close.
SPELLINGS = {
    # Sorting whole rows then picking columns, or picking columns first. Rows tied on both keys print alike.
    "S1": ("layoffs sort by total_laid_off, company | limit 3 | select company, total_laid_off",
           "layoffs sort by total_laid_off, company | select company, total_laid_off | limit 3"),
    "S2": ("layoffs where total_laid_off > 50 count",
           "layoffs where total_laid_off > 50 | select company | count"),
    # Filtering before or after the join.
    "S3": ("layoffs where total_laid_off > 100 | join countries on country "
           "group by region aggregate n = count(), s = sum(total_laid_off)",
           "layoffs join countries on country | where total_laid_off > 100 "
           "group by region aggregate n = count(), s = sum(total_laid_off)"),
    # Grouping on an expression, or on a column derived first (named as the expression's default name).
    "S4": ("layoffs group by year(date) aggregate s = sum(total_laid_off)",
           "layoffs derive year = year(date) | group by year aggregate s = sum(total_laid_off)"),
    # No two generated industries differ only by case, so both count the same rows.
    "S5": ('layoffs where industry = "Retail" count',
           'layoffs where lower(industry) = "retail" count'),
    # top is a stable descending sort then limit, so ties fall the same way in both.
    "S6": ("layoffs top 10 by total_laid_off | select company, date, total_laid_off",
           "layoffs sort by total_laid_off desc | limit 10 | select company, date, total_laid_off"),
}

SQL = {
    "Q1": "SELECT count(*) FROM layoffs WHERE industry = 'Retail'",
    "Q2": "SELECT year(date) AS y, sum(total_laid_off) FROM layoffs GROUP BY 1 ORDER BY 1",
    "Q3": "SELECT industry, count(*), sum(total_laid_off) AS s, avg(percentage_laid_off), max(funds_raised) "
          "FROM layoffs GROUP BY 1 ORDER BY s DESC",
    "Q4": "SELECT company, total_laid_off FROM layoffs ORDER BY total_laid_off DESC NULLS LAST, company LIMIT 10",
    "Q5": "SELECT count(DISTINCT company) FROM layoffs",
    "Q6": "SELECT count(*) FROM layoffs WHERE country = 'United States' AND total_laid_off > 100 "
          "AND contains(lower(company), 'a')",
    "Q7": "SELECT region, sum(total_laid_off) FROM layoffs JOIN countries USING (country) GROUP BY 1 ORDER BY 1",
    "Q8": "SELECT count(*) FROM (SELECT company FROM layoffs GROUP BY company HAVING count(*) > 3)",
}

TYPES = {"company": "VARCHAR", "location": "VARCHAR", "industry": "VARCHAR", "total_laid_off": "BIGINT",
         "percentage_laid_off": "DOUBLE", "date": "DATE", "stage": "VARCHAR", "country": "VARCHAR", "funds_raised": "DOUBLE"}


def polars_queries(pl, layoffs, countries):
    col = pl.col
    return {
        "Q1": lambda: layoffs.filter(col("industry") == "Retail").select(pl.len()),
        "Q2": lambda: layoffs.group_by(col("date").dt.year().alias("y")).agg(col("total_laid_off").sum()).sort("y"),
        "Q3": lambda: layoffs.group_by("industry").agg(pl.len(), col("total_laid_off").sum().alias("s"),
                                                       col("percentage_laid_off").mean(), col("funds_raised").max())
        .sort("s", descending=True),
        "Q4": lambda: layoffs.sort(["total_laid_off", "company"], descending=[True, False], nulls_last=True)
        .head(10).select("company", "total_laid_off"),
        "Q5": lambda: layoffs.select(col("company").n_unique()),
        "Q6": lambda: layoffs.filter((col("country") == "United States") & (col("total_laid_off") > 100)
                                     & col("company").str.to_lowercase().str.contains("a", literal=True)).select(pl.len()),
        "Q7": lambda: layoffs.join(countries, on="country").group_by("region").agg(col("total_laid_off").sum()).sort("region"),
        "Q8": lambda: layoffs.group_by("company").agg(pl.len().alias("n")).filter(col("n") > 3).select(pl.len()),
    }


def measure(run, runs):
    """The median time of `runs` runs after a warm-up; with no runs, one run untimed."""
    if runs == 0:
        return 0.0, run()
    run()  # warm-up
    times = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main():
    engine, data, countries, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    report = {"queries": {}, "answers": {}}
    started = time.perf_counter()
    if engine == "duckdb":
        import duckdb
        con = duckdb.connect()
        con.execute("SET threads = 2")
        spec = ", ".join(f"'{k}': '{v}'" for k, v in TYPES.items())
        con.execute(f"CREATE TABLE layoffs AS SELECT * FROM read_csv('{data}', header = true, columns = {{{spec}}})")
        con.execute(f"CREATE TABLE countries AS SELECT * FROM read_csv('{countries}', header = true)")
        report["load"] = time.perf_counter() - started
        report["rss_after_load_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        for name, sql in (SQL.items() if runs else [("Q1", SQL["Q1"])]):
            report["queries"][name], rows = measure(lambda: con.execute(sql).fetchall(), runs)
            report["answers"][name] = [list(r) for r in rows]
    else:
        import polars as pl
        schema = {"company": pl.Utf8, "location": pl.Utf8, "industry": pl.Utf8, "total_laid_off": pl.Int64,
                  "percentage_laid_off": pl.Float64, "date": pl.Date, "stage": pl.Utf8, "country": pl.Utf8,
                  "funds_raised": pl.Float64}
        layoffs = pl.read_csv(data, schema=schema)
        countries_frame = pl.read_csv(countries)
        report["load"] = time.perf_counter() - started
        report["rss_after_load_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        queries = polars_queries(pl, layoffs, countries_frame)
        for name, query in (queries.items() if runs else [("Q1", queries["Q1"])]):
            report["queries"][name], frame = measure(query, runs)
            report["answers"][name] = [list(r) for r in frame.rows()]
    print(json.dumps(report, default=str))


if __name__ == "__main__":
    main()
