#!/usr/bin/env python3
"""Renders the language benchmark table (markdown) from hyperfine's JSON exports.

    report.py TIMINGS_DIR DJS PYTHON LUA 'name|title|checksum'…

Each row's file TIMINGS_DIR/name.json holds the three commands in the order djs, python,
lua. Goals: djs at most 0.5x CPython's time on every row and at most 2x Lua 5.4's;
start-up only against CPython.
"""
import datetime
import json
import os
import platform
import subprocess
import sys


def first_line(command):
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        return (result.stdout or result.stderr).strip().splitlines()[0]
    except (OSError, IndexError):
        return "unknown"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def seconds(value):
    return f"{value * 1000:.0f} ms" if value >= 0.1 else f"{value * 1000:.1f} ms"


def main():
    timings, djs, python, lua = sys.argv[1:5]
    rows = [entry.split("|", 2) for entry in sys.argv[5:]]
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
    commit = first_line(["git", "-C", root, "rev-parse", "--short", "HEAD"])

    print("# Language benchmarks: djs against CPython 3 and Lua 5.4")
    print()
    print("Written by `scripts/bench/lang/run`. Times are hyperfine medians of whole")
    print("processes (start-up included) with min–max over the runs; ratios are medians divided.")
    print("Goal: djs/python at most 0.5 on every row, djs/lua at most 2.0 (start-up: against CPython only).")
    print()
    print("| benchmark | djs | python3 | lua5.4 | djs/python | djs/lua | at most 0.5x CPython | within 2x Lua |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, title, _ in rows:
        with open(os.path.join(timings, name + ".json")) as f:
            results = json.load(f)["results"]
        cells, medians = [], []
        for result in results:
            medians.append(result["median"])
            cells.append(f"{seconds(result['median'])} ({seconds(result['min'])}–{seconds(result['max'])})")
        versus_python = medians[0] / medians[1]
        versus_lua = medians[0] / medians[2]
        half_python = "yes" if versus_python <= 0.5 else "no"
        near_lua = "(not a goal)" if name == "startup" else ("yes" if versus_lua <= 2.0 else "no")
        print(f"| {title} | {' | '.join(cells)} | {versus_python:.2f} | {versus_lua:.2f} | {half_python} | {near_lua} |")
    print()
    print("Checksums (every language printed the same):")
    print()
    for name, title, checksum in rows:
        print(f"- {name}: `{checksum}`")
    print()
    print("Machine and versions:")
    print()
    print(f"- date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}, djs at commit {commit}")
    print(f"- CPU: {cpu_model()}, {os.cpu_count()} cores (`nproc`: {first_line(['nproc'])}), shared with other builds, so noisy")
    print(f"- OS: {first_line(['uname', '-sr'])}")
    print(f"- djs: release build ({first_line(['swift', '--version'])})")
    print(f"- python3: {first_line([python, '--version'])} ({python})")
    cjson = first_line([lua, "-e", 'print(require("cjson")._VERSION)'])
    print(f"- lua5.4: {first_line([lua, '-v'])}; row 5 uses {cjson}")
    print(f"- hyperfine: {first_line(['hyperfine', '--version'])}")


main()
