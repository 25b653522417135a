"""Bulk job operations: djs against the official Python SDK, the simulator's ceiling, and
peak memory of listing 100,000 jobs. Started by ./run, which builds and installs first.

    bench.py --djs PATH --sdk-python PATH [--smoke] [--runs N] [--concurrency N] [--only ROWS]

Every measurement gets a fresh `djs sim` process (same seed, so the same jobs), and the
peers of one row run side by side: run 1 of each, then run 2 of each, and so on, so that
the noise of this shared machine falls on all of them alike. Reported: the median of the
runs and their min-max. Without --smoke the table is written to RESULTS.md next to this
file; with it, sizes are tiny, each peer runs once and the table is only printed.
"""

import argparse
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
TOKEN = "bench-token"
SDK_VERSION = 'import importlib.metadata as m; print(m.version("devo-sdk"))'


@dataclass
class Sizes:
    bulk_jobs: int
    latency_jobs: int
    latency_ms: int
    memory_jobs: int
    wrk_seconds: int
    runs: int
    slow_runs: int  # the SDK's plain loop with latency takes minutes a run
    pace_jobs: list  # (jobs, runs of djs adaptive, runs of the fixed peers) per pace row
    pace_latencies: list
    pace_limit: int  # the simulator's --rate-limit, requests/s
    first_action_jobs: int


FULL = Sizes(bulk_jobs=10_000, latency_jobs=2_000, latency_ms=20, memory_jobs=100_000, wrk_seconds=5,
             runs=5, slow_runs=3, pace_jobs=[(2_000, 3, 3), (10_000, 3, 1)], pace_latencies=[20, 50],
             pace_limit=500, first_action_jobs=100_000)
SMOKE = Sizes(bulk_jobs=300, latency_jobs=40, latency_ms=20, memory_jobs=2_000, wrk_seconds=1,
              runs=1, slow_runs=1, pace_jobs=[(100, 1, 1)], pace_latencies=[20], pace_limit=500,
              first_action_jobs=2_000)


# MARK: - The simulator


class Simulator:
    """`djs sim` in its own process, seeded with `jobs` jobs, on a free loopback port.

    With `watch`, its request log (one line per request on stderr) is read as it comes:
    `requests` holds (time.perf_counter(), line) for each."""

    def __init__(self, djs, jobs, latency_ms=0, rate_limit=None, watch=False):
        # Frozen job states (no progress, CREATED stays CREATED), so that every peer finds
        # the same RUNNING jobs however long its interpreter takes to start.
        command = [djs, "sim", "--port", "0", "--jobs", str(jobs), "--token", TOKEN,
                   "--speed", "0", "--created-seconds", "86400"]
        if not watch:
            command.append("--quiet")
        if latency_ms:
            command += ["--latency", str(latency_ms)]
        if rate_limit:
            command += ["--rate-limit", str(rate_limit)]
        self.requests = []
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True,
                                        stderr=subprocess.PIPE if watch else None)
        if watch:
            self.reader = threading.Thread(target=self._read_log, daemon=True)
            self.reader.start()
        lines = []
        while not any(line.startswith("export DEVO_API_TOKEN=") for line in lines):
            line = self.process.stdout.readline()
            if not line:
                raise SystemExit(f"bench: the simulator exited before its export lines: {lines}")
            lines.append(line.strip())
        match = re.match(r"listening on (http://127\.0\.0\.1:\d+)$", lines[0])
        if not match:
            raise SystemExit(f"bench: unexpected first line from the simulator: {lines[0]}")
        self.base = match.group(1)
        self.exports = {}
        for line in lines[1:]:
            name, _, value = line.removeprefix("export ").partition("=")
            self.exports[name] = value.strip("'")

    def _read_log(self):
        for line in self.process.stderr:
            self.requests.append((time.perf_counter(), line.strip()))

    def statuses(self):
        """The HTTP status of every request logged so far ("GET /path 429 fault=…")."""
        return [int(parts[2]) for _, line in self.requests
                if len(parts := line.split()) >= 3 and parts[2].isdigit()]

    def environment(self, auth="hmac"):
        """A clean environment for a client: no config files, only these credentials."""
        env = {key: value for key, value in os.environ.items() if not key.startswith("DEVO_")}
        env["DEVO_API_ADDRESS"] = self.exports["DEVO_API_ADDRESS"]
        if auth == "hmac":
            env["DEVO_API_KEY"] = self.exports["DEVO_API_KEY"]
            env["DEVO_API_SECRET"] = self.exports["DEVO_API_SECRET"]
        else:
            env["DEVO_API_TOKEN"] = self.exports["DEVO_API_TOKEN"]
        env["HOME"] = env["XDG_CONFIG_HOME"] = SCRATCH
        return env

    def job_ids(self):
        request = urllib.request.Request(f"{self.base}/search/jobs", headers={"Authorization": f"Bearer {TOKEN}"})
        with urllib.request.urlopen(request) as reply:
            body = reply.read().decode()
        return re.findall(r'"id":"([^"]+)"', body)

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if getattr(self, "reader", None):
            self.reader.join(timeout=10)


# MARK: - Peers


@dataclass
class Peer:
    name: str
    command: list
    auth: str = "hmac"
    runs: int = 0
    times: list = field(default_factory=list)
    requests: int = 0
    refused: list = field(default_factory=list)  # share of requests answered 429, per run


def run_bulk(peer, simulator):
    """One run of the bulk workload; returns wall-clock seconds (process start to exit)."""
    started = time.perf_counter()
    done = subprocess.run(peer.command, env=simulator.environment(peer.auth), capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    match = re.search(r"requests=(\d+)", done.stdout)
    if done.returncode != 0 or not match:
        raise SystemExit(f"bench: {peer.name} failed (exit {done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    count = int(match.group(1))
    if peer.requests and peer.requests != count:
        raise SystemExit(f"bench: {peer.name} sent {count} requests, {peer.requests} on an earlier run")
    peer.requests = count
    return elapsed


def bulk_row(djs, peers, jobs, latency_ms):
    """Runs every peer `runs` times, interleaved, each time against a fresh simulator."""
    for index in range(max(peer.runs for peer in peers)):
        for peer in peers:
            if index >= peer.runs:
                continue
            with Simulator(djs, jobs, latency_ms) as simulator:
                seconds = run_bulk(peer, simulator)
            peer.times.append(seconds)
            log(f"  {peer.name}: run {index + 1}/{peer.runs} {seconds:.2f} s ({peer.requests / seconds:,.0f} req/s)")
    counts = {peer.requests for peer in peers}
    if len(counts) != 1:
        raise SystemExit(f"bench: the peers did different work: {[(p.name, p.requests) for p in peers]}")
    return peers


def wrk_ceiling(djs, wrk, sizes, concurrency):
    """The simulator's own rate for single-job GETs, as wrk measures it (requests/second per run)."""
    rates = []
    with Simulator(djs, sizes.bulk_jobs) as simulator:
        ids_file = os.path.join(SCRATCH, "ids.txt")
        with open(ids_file, "w") as out:
            out.write("\n".join(simulator.job_ids()) + "\n")
        env = dict(os.environ, WRK_IDS=ids_file, WRK_TOKEN=TOKEN)
        threads = min(2, concurrency)
        for index in range(sizes.runs):
            done = subprocess.run([wrk, "-t", str(threads), "-c", str(concurrency), "-d", f"{sizes.wrk_seconds}s",
                                   "-s", os.path.join(HERE, "wrk_jobs.lua"), simulator.base],
                                  env=env, capture_output=True, text=True)
            match = re.search(r"Requests/sec:\s+([\d.]+)", done.stdout)
            if done.returncode != 0 or not match or "Non-2xx" in done.stdout or "Socket errors" in done.stdout:
                raise SystemExit(f"bench: wrk failed or saw errors:\n{done.stdout}{done.stderr}")
            rates.append(float(match.group(1)))
            log(f"  wrk -c {concurrency}: run {index + 1}/{sizes.runs} {rates[-1]:,.0f} req/s")
    return rates


def peak_memory(djs, sdk_python, sizes):
    """Peak RSS in KiB of listing every job, djs against the SDK's get_jobs(), per run."""
    time_tool = "/usr/bin/time"
    peers = [
        ("djs jobs()", [djs, "-e", 'print("jobs=${len(jobs())}")']),
        ("devo-sdk get_jobs()", [sdk_python, os.path.join(HERE, "sdk_bulk.py"), "list"]),
    ]
    peak = {name: [] for name, _ in peers}
    with Simulator(djs, sizes.memory_jobs) as simulator:
        for index in range(sizes.runs):
            for name, command in peers:
                done = subprocess.run([time_tool, "-v"] + command, env=simulator.environment(),
                                      capture_output=True, text=True)
                listed = re.search(r"jobs=(\d+)", done.stdout)
                rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
                if done.returncode != 0 or not listed or int(listed.group(1)) != sizes.memory_jobs or not rss:
                    raise SystemExit(f"bench: {name} failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
                peak[name].append(int(rss.group(1)))
                log(f"  {name}: run {index + 1}/{sizes.runs} {int(rss.group(1)) / 1024:,.1f} MiB")
    return peak


def pace_row(djs, peers, jobs, latency_ms, limit):
    """Each peer against a fresh rate-limited simulator with latency: times and the share of
    requests refused (429), from the simulator's own log."""
    for index in range(max(peer.runs for peer in peers)):
        for peer in peers:
            if index >= peer.runs:
                continue
            with Simulator(djs, jobs, latency_ms, rate_limit=limit, watch=True) as simulator:
                seconds = run_bulk(peer, simulator)
            statuses = simulator.statuses()
            peer.times.append(seconds)
            peer.refused.append(statuses.count(429) / max(1, len(statuses)))
            log(f"  {peer.name}: run {index + 1}/{peer.runs} {seconds:.2f} s, "
                f"{statuses.count(429)} of {len(statuses)} requests refused")
    return peers


def first_action(djs, sizes):
    """Seconds from starting djs to the simulator's first stop request, and to its answer to
    the listing, for `stop([for j in jobs() where j.status == "RUNNING"])`, per run."""
    script = 'let stopped = stop([for j in jobs() where j.status == "RUNNING"])\nprint("jobs=${len(stopped)}")'
    runs = []
    for index in range(sizes.runs if sizes.runs < 3 else 3):
        with Simulator(djs, sizes.first_action_jobs, watch=True) as simulator:
            started = time.perf_counter()
            done = subprocess.run([djs, "-e", script], env=simulator.environment(), capture_output=True, text=True)
            finished = time.perf_counter()
            time.sleep(0.2)  # the last log lines
        if done.returncode != 0:
            raise SystemExit(f"bench: first action failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        listed = next(at for at, line in simulator.requests if " /search/jobs " in line)
        first = next(at for at, line in simulator.requests if "/search/job/stop/" in line)
        runs.append((listed - started, first - started, finished - started))
        log(f"  first action: run {index + 1} listing answered {runs[-1][0]:.2f} s, first stop {runs[-1][1]:.2f} s, "
            f"done {runs[-1][2]:.2f} s")
    return runs


# MARK: - Report


def spread(values, unit=""):
    return f"{min(values):{unit}}–{max(values):{unit}}"


def machine_facts(djs, wrk, sdk_python):
    def output(command):
        try:
            return subprocess.run(command, capture_output=True, text=True).stdout.strip()
        except OSError:
            return "?"
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    return [
        f"machine: {os.cpu_count()} cores ({cpu}), shared with other builds, "
        f"{platform.system()} {platform.release()}, load average at start {os.getloadavg()[0]:.2f}",
        f"os: {output(['sh', '-c', '. /etc/os-release; echo $PRETTY_NAME'])}",
        f"swift: {output(['swift', '--version']).splitlines()[0] if shutil.which('swift') else '?'}",
        f"djs: {output([djs, '--version'])} (swift build -c release)",
        f"devo-sdk: {output([sdk_python, '-c', SDK_VERSION]) or '?'} "
        f"on {output([sdk_python, '--version'])}, requests {output([sdk_python, '-c', 'import requests; print(requests.__version__)'])}",
        f"wrk: {output([wrk, '-v']).splitlines()[0] if output([wrk, '-v']) else '?'}",
    ]


def bulk_table(title, rows, sizes_text):
    djs = rows[0]
    lines = [f"### {title}", "", sizes_text, "",
             "| peer | runs | median s | min–max s | requests | req/s (median) | djs/peer (time) | djs speed-up |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for peer in rows:
        median = statistics.median(peer.times)
        ratio = median / statistics.median(djs.times)
        lines.append(f"| {peer.name} | {len(peer.times)} | {median:.2f} | {spread(peer.times, '.2f')} | "
                     f"{peer.requests:,} | {peer.requests / median:,.0f} | "
                     f"{'—' if peer.name.startswith('djs') else f'{1 / ratio:.2f}'} | "
                     f"{'—' if peer.name.startswith('djs') else f'{ratio:.1f}x'} |")
    return lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--djs", required=True)
    parser.add_argument("--sdk-python", required=True)
    parser.add_argument("--wrk", default=shutil.which("wrk") or "wrk")
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--runs", type=int)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--only", help="comma-separated rows to run: bulk,latency,ceiling,memory,pace,start")
    parser.add_argument("--djs-only", action="store_true", help="skip the SDK peers (a quick look while working)")
    options = parser.parse_args()
    sizes = SMOKE if options.smoke else FULL
    if options.runs:
        sizes.runs = options.runs
        sizes.slow_runs = min(sizes.slow_runs, options.runs)
    only = set((options.only or "bulk,latency,ceiling,memory,pace,start").split(","))
    concurrency = options.concurrency
    started = time.perf_counter()
    facts = machine_facts(options.djs, options.wrk, options.sdk_python)

    # Until djs has --concurrency (its bulk calls are then sequential), it runs without it.
    djs_help = subprocess.run([options.djs, "--help"], capture_output=True, text=True).stdout
    djs_concurrent = "--concurrency" in djs_help
    djs_command = [options.djs] + (["--concurrency", str(concurrency)] if djs_concurrent else []) + \
        [os.path.join(HERE, "bulk.djs")]
    djs_name = f"djs bulk calls ({f'--concurrency {concurrency}' if djs_concurrent else 'sequential'})"
    sdk = [options.sdk_python, os.path.join(HERE, "sdk_bulk.py")]

    def peers(runs, slow_runs, with_token):
        chosen = [Peer(djs_name, djs_command, runs=runs)]
        if with_token:
            chosen.append(Peer(djs_name.replace("(", "(token, "), djs_command, auth="token", runs=runs))
        if not options.djs_only:
            chosen += [Peer(f"devo-sdk ThreadPoolExecutor({concurrency})", sdk + ["pool", str(concurrency)], runs=runs),
                       Peer("devo-sdk plain loop", sdk + ["loop"], runs=slow_runs)]
        return chosen

    report = ["# Bulk job operations: djs against the official Python SDK", "",
              "Written by `scripts/bench/bulk/run`; do not edit by hand. "
              "Workload (`bulk.djs`, `sdk_bulk.py`): list every job, stop the RUNNING ones, start those again, "
              "remove every job, against a fresh `djs sim` (same seed, so the same jobs) for every run. "
              "Times are wall-clock, process start to exit (interpreter start-up included); "
              "req/s = requests / median time. djs and the SDK sign with key + secret (HMAC); "
              "the token row is djs with `Authorization: Bearer`, as wrk uses.", ""]
    bulk_rate = None
    if "bulk" in only:
        log(f"bulk: {sizes.bulk_jobs:,} jobs, no added latency")
        rows = bulk_row(options.djs, peers(sizes.runs, sizes.runs, with_token=True), sizes.bulk_jobs, 0)
        bulk_rate = rows[0].requests / statistics.median(rows[0].times)
        token_rate = rows[1].requests / statistics.median(rows[1].times)
        report += bulk_table(f"a. {sizes.bulk_jobs:,} jobs, no added latency", rows,
                             f"{rows[0].requests:,} requests a run.") + [""]
    if "latency" in only:
        log(f"latency: {sizes.latency_jobs:,} jobs, {sizes.latency_ms} ms a request")
        rows = bulk_row(options.djs, peers(sizes.runs, sizes.slow_runs, with_token=False),
                        sizes.latency_jobs, sizes.latency_ms)
        report += bulk_table(f"b. {sizes.latency_jobs:,} jobs, {sizes.latency_ms} ms added to every request", rows,
                             f"{rows[0].requests:,} requests a run (`djs sim --latency {sizes.latency_ms}`).") + [""]
    if "ceiling" in only:
        log(f"ceiling: wrk, {sizes.wrk_seconds} s a run, {concurrency} connections")
        rates = wrk_ceiling(options.djs, options.wrk, sizes, concurrency)
        ceiling = statistics.median(rates)
        report += [f"### c. The ceiling: the simulator's own rate", "",
                   f"`wrk -t {min(2, concurrency)} -c {concurrency} -d {sizes.wrk_seconds}s -s wrk_jobs.lua`: "
                   f"`GET /search/job/{{id}}` over all {sizes.bulk_jobs:,} ids with a Bearer token. "
                   "A job read is a stop/start/remove without the state change (same routing, authorization, "
                   "lookup under the lock, one job encoded), so it can be repeated for seconds on end; "
                   "wrk shares the 2 cores with the simulator as djs does.", "",
                   "| what | runs | median req/s | min–max req/s | djs share |",
                   "| --- | --- | --- | --- | --- |",
                   f"| wrk ceiling | {len(rates)} | {ceiling:,.0f} | {spread(rates, ',.0f')} | — |"]
        if bulk_rate:
            report += [f"| djs bulk, key + secret (row a) | | {bulk_rate:,.0f} | | {bulk_rate / ceiling:.0%} |",
                       f"| djs bulk, token (row a) | | {token_rate:,.0f} | | {token_rate / ceiling:.0%} |"]
        report.append("")
    if "memory" in only:
        log(f"memory: listing {sizes.memory_jobs:,} jobs")
        peak = peak_memory(options.djs, options.sdk_python, sizes)
        names = list(peak)
        djs_peak = statistics.median(peak[names[0]])
        report += [f"### d. Peak memory of listing {sizes.memory_jobs:,} jobs", "",
                   "Maximum resident set size of the client process (`/usr/bin/time -v`).", "",
                   "| peer | runs | median MiB | min–max MiB | djs/peer |", "| --- | --- | --- | --- | --- |"]
        for name in names:
            values = [kib / 1024 for kib in peak[name]]
            median = statistics.median(peak[name])
            report.append(f"| {name} | {len(values)} | {median / 1024:,.1f} | {spread(values, ',.1f')} | "
                          f"{'—' if name == names[0] else f'{djs_peak / median:.2f}'} |")
        report.append("")
    if "pace" in only:
        limit = sizes.pace_limit
        pace_script = os.path.join(HERE, "pace.djs")
        lines = [f"### e. At the server's pace: a rate limit of {limit:,} requests/s and a round trip", "",
                 f"`djs sim --rate-limit {limit} --latency MS` (a token bucket: {limit:,} a second, bursts of "
                 f"{max(limit // 10, min(limit, 10))}, `Retry-After: 1` on a 429), workload `pace.djs` / `sdk_bulk.py remove-all 8`: "
                 "list every job, remove them all (one request each; requests = jobs + 1). "
                 "ideal = requests / limit, the least time the server allows; × ideal = median / ideal "
                 "(the goal: at most 1.15). refused = share of requests answered 429 (median of the runs), "
                 "counted in the simulator's request log; every run ended with every job removed "
                 "(a failed job ends a run non-zero and stops the bench). A pool of 8 is bound at 8 / round trip.", "",
                 "| jobs | round trip | peer | runs | median s | min–max s | ideal s | × ideal | refused |",
                 "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        for latency in sizes.pace_latencies:
            for jobs, adaptive_runs, fixed_runs in sizes.pace_jobs:
                log(f"pace: {jobs:,} jobs, {latency} ms, limit {limit}/s")
                chosen = [Peer("djs, adaptive (no flag)", [options.djs, pace_script], runs=adaptive_runs),
                          Peer("djs --concurrency 8", [options.djs, "--concurrency", "8", pace_script], runs=fixed_runs)]
                if not options.djs_only:
                    chosen.append(Peer("devo-sdk ThreadPoolExecutor(8)", sdk + ["remove-all", "8"], runs=fixed_runs))
                for peer in pace_row(options.djs, chosen, jobs, latency, limit):
                    median = statistics.median(peer.times)
                    ideal = peer.requests / limit
                    lines.append(f"| {jobs:,} | {latency} ms | {peer.name} | {len(peer.times)} | {median:.2f} | "
                                 f"{spread(peer.times, '.2f')} | {ideal:.2f} | {median / ideal:.2f} | "
                                 f"{statistics.median(peer.refused):.1%} |")
        report += lines + [""]
    if "start" in only:
        log(f"start: time to the first action over {sizes.first_action_jobs:,} jobs")
        runs = first_action(options.djs, sizes)
        listed = statistics.median(run[0] for run in runs)
        first = statistics.median(run[1] for run in runs)
        total = statistics.median(run[2] for run in runs)
        report += [f"### f. Time to the first action over {sizes.first_action_jobs:,} jobs", "",
                   f"`djs -e 'stop([for j in jobs() where j.status == \"RUNNING\"])'` against a `djs sim` "
                   f"of {sizes.first_action_jobs:,} jobs, no latency: seconds from starting djs to the simulator's "
                   "log line for the listing, and for the first stop request (medians).", "",
                   "| runs | listing answered s | first stop s | whole call s |", "| --- | --- | --- | --- |",
                   f"| {len(runs)} | {listed:.2f} | {first:.2f} | {total:.2f} |", ""]
    report += ["### Machine and versions", ""] + [f"- {fact}" for fact in facts] + \
              [f"- total bench time {time.perf_counter() - started:,.0f} s", ""]

    text = "\n".join(report)
    print(text)
    if not options.smoke and not options.djs_only:
        path = os.path.join(HERE, "RESULTS.md")
        if options.only and os.path.exists(path):
            # A partial run replaces only its own tables (and the machine facts).
            with open(path) as old:
                text = merged(old.read(), text)
        with open(path, "w") as out:
            out.write(text)
        log(f"wrote {path}")


def merged(old, new):
    """`old` with each "### x." table that `new` has replaced by new's, in letter order;
    the header and the machine facts are new's."""
    def sections(text):
        parts = re.split(r"(?m)^(?=### )", text)
        return parts[0], {part.split(None, 2)[1]: part for part in parts[1:]}
    header, fresh = sections(new)
    _, kept = sections(old)
    kept.update(fresh)
    machine = kept.pop("Machine", "")
    tables = [kept[key] for key in sorted(kept)]
    return header + "".join(tables) + machine


def log(message):
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="djs-bench-") as scratch:
        SCRATCH = scratch
        main()
