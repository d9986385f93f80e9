#!/usr/bin/env python3
"""Writes a seeded, synthetic layoffs-like CSV of N rows and a small countries.csv for the join.

usage: generate.py ROWS OUT.csv COUNTRIES.csv

Columns as in the Layoffs.fyi export (company ~50k distinct, location ~2k, industry ~30,
total_laid_off int ~30% blank, percentage_laid_off float ~40% blank, date YYYY-MM-DD 2020-2026,
stage ~15, country ~60, funds_raised float ~10% blank), with some quoted values holding commas
and doubled quotes, and some non-ASCII names. The same seed gives the same bytes every time.
"""
import datetime
import random
import sys

SYLLABLES = ["ka", "lo", "mi", "ra", "to", "ve", "zu", "xi", "be", "no", "qu", "sa", "di", "fe", "ju", "po"]
ACCENTED = ["é", "ö", "ñ", "ü", "å", "ç"]


def main():
    rows, out, countries_out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    rnd = random.Random(20261126)
    companies = []
    for i in range(50_000):
        name = "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 4))).capitalize() + str(i)
        if i % 50 == 0:
            name = name[:2] + rnd.choice(ACCENTED) + name[2:]
        if i % 97 == 0:
            name = f'"{name}, Inc."'
        if i % 389 == 0:
            name = f'"{name} ""The"" Co"' if not name.startswith('"') else name
        companies.append(name)
    locations = [f"City{i}" if i % 3 else f'"City{i}, Non-U.S."' for i in range(2_000)]
    industries = ["Retail", "Finance", "Healthcare", "Food", "Media", "Crypto", "Travel", "Other"] + [f"Industry{i}" for i in range(22)]
    stages = ["Seed", "Series A", "Series B", "Series C", "Series D", "Post-IPO", "Acquired", "Unknown"] + [f"Stage{i}" for i in range(7)]
    countries = ["United States", "India", "Germany", "United Kingdom", "Canada", "Brazil", "Israel"] + [f"Country{i}" for i in range(53)]
    regions = ["Americas", "Asia", "Europe", "Africa", "Oceania"]
    start = datetime.date(2020, 1, 1).toordinal()
    span = datetime.date(2026, 12, 31).toordinal() - start
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("company,location,industry,total_laid_off,percentage_laid_off,date,stage,country,funds_raised\n")
        buffer = []
        for _ in range(rows):
            total = "" if rnd.random() < 0.3 else str(int(rnd.paretovariate(1.2) * 20))
            pct = "" if rnd.random() < 0.4 else f"{rnd.randint(1, 100) / 100}"
            funds = "" if rnd.random() < 0.1 else f"{rnd.randint(0, 200000) / 10}"
            day = datetime.date.fromordinal(start + rnd.randrange(span + 1)).isoformat()
            country = countries[0] if rnd.random() < 0.6 else rnd.choice(countries)
            buffer.append(",".join([rnd.choice(companies), rnd.choice(locations), rnd.choice(industries), total, pct, day,
                                    rnd.choice(stages), country, funds]))
            if len(buffer) == 100_000:
                f.write("\n".join(buffer) + "\n")
                buffer = []
        if buffer:
            f.write("\n".join(buffer) + "\n")
    with open(countries_out, "w", encoding="utf-8") as f:
        f.write("country,region,population\n")
        for i, name in enumerate(countries):
            f.write(f"{name},{regions[i % len(regions)]},{rnd.randint(1_000_000, 1_400_000_000)}\n")


if __name__ == "__main__":
    main()
