"""Run every benchmark: `make bench` (or .venv/bin/python bench/run.py).

Each figure is quoted as a ratio to a bare baseline measured in the same run,
because the machines are shared and noisy. Every benchmark hands its figures
to harness.figure(); at the end this prints them as one table (Markdown, to
paste into docs/benchmarks.md) and keeps it in var/bench/. Exit status 1 if
a benchmark failed or a figure missed its target.

    bench/run.py                    every bench_*.py
    bench/run.py sweep pages        only bench_sweep.py and bench_pages.py
"""

import datetime
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def number(value):
    return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"


def table(rows):
    lines = [
        "| bench | figure | value | bare baseline | ratio | target | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        targets = []
        if r["max_ratio"] is not None:
            targets.append(f"≤ {r['max_ratio']:g}x")
        if r["max_value"] is not None:
            targets.append(f"≤ {number(r['max_value'])} {r['unit']}")
        met = {True: "yes", False: "**NO**", None: ""}[r["met"]]
        ratio = f"{r['ratio']:.2f}x" if r["ratio"] is not None else ""
        baseline = f"{number(r['baseline'])} {r['unit']}" if r["baseline"] else ""
        lines.append(
            f"| {r['bench']} | {r['name']} | {number(r['value'])} {r['unit']} | {baseline} "
            f"| {ratio} | {', '.join(targets)} | {met} |"
        )
    return "\n".join(lines)


def main(names):
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in names]
    failed = []
    with tempfile.NamedTemporaryFile("r", suffix=".jsonl") as summary:
        for script in scripts:
            print(f"\n## {script.stem}", flush=True)
            run = subprocess.run(
                [sys.executable, str(script)], env={**os.environ, "BENCH_SUMMARY": summary.name}
            )
            if run.returncode:
                failed.append(script.stem)
        rows = [json.loads(line) for line in summary]
    text = table(rows)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\n## Summary, {stamp} (load average {load} at the end)\n\n{text}")
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"summary-{stamp[:16].replace(' ', 'T').replace(':', '')}.md").write_text(
        f"# make bench, {stamp}\n\n{text}\n"
    )
    if failed:
        print(f"\nbenchmarks that failed: {', '.join(failed)}")
    missed = [r for r in rows if r["met"] is False]
    if missed:
        print(f"figures that missed their target: {len(missed)}")
    return 1 if failed or missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
