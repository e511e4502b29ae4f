"""Run every benchmark: `make bench` (or .venv/bin/python bench/run.py).

Each figure is quoted as a ratio to a bare baseline measured in the same run,
because the machines are shared and noisy."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script in sorted(HERE.glob("bench_*.py")):
    print(f"\n## {script.stem}", flush=True)
    subprocess.run([sys.executable, str(script)], check=True)
