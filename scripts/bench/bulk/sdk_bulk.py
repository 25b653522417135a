"""The official Python SDK (devo-sdk) side of the bulk benchmark.

Run by bench.py with the venv's Python, against a running `djs sim` whose export lines
are in the environment (DEVO_API_ADDRESS, DEVO_API_KEY, DEVO_API_SECRET).

    sdk_bulk.py loop            the bulk workload, one request after another
    sdk_bulk.py pool N          the same with a ThreadPoolExecutor of N threads
    sdk_bulk.py list            get_jobs() only (the peak-memory row)
    sdk_bulk.py remove-all N    get_jobs(), then remove every job with a ThreadPoolExecutor
                                of N threads (the pace rows; pace.djs is the djs side)

The bulk workload is the one bulk.djs runs: list every job, stop the RUNNING ones, start
those again, remove every job. Prints "requests=<count>" on success; exits non-zero on the
first failed call (the SDK raises on HTTP errors, or returns {} after its retries).

The plain-http detour of the SDK's job GETs is the one scripts/sdk_against_sim.py
installs (imported from there, not repeated): only the URL scheme changes, every other
part of each call is the SDK's own.
"""

import os
import sys
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
import sdk_against_sim  # noqa: E402  (patches devo.api.client's `requests` for loopback http)
from devo.api import Client, ClientConfig  # noqa: E402


def make_client():
    config = ClientConfig(response="json", stream=False)
    return Client(address=sdk_against_sim.ADDRESS,
                  auth={"key": sdk_against_sim.KEY, "secret": sdk_against_sim.SECRET},
                  config=config, retries=0, timeout=60, retry_delay=1)


def checked(reply, what):
    """The job object of a reply, or exit: the SDK returns {} when a call failed for good."""
    if not isinstance(reply, dict) or reply.get("status") != 0:
        sys.exit(f"sdk: {what} failed: {reply!r}"[:300])
    return reply.get("object")


def bulk(run_each):
    client = make_client()
    jobs = checked(client.get_jobs(), "get_jobs")
    running = [job["id"] for job in jobs if job.get("status") == "RUNNING"]
    everything = [job["id"] for job in jobs]
    run_each(lambda job_id: checked(client.stop_job(job_id), f"stop {job_id}"), running)
    run_each(lambda job_id: checked(client.start_job(job_id), f"start {job_id}"), running)
    run_each(lambda job_id: checked(client.remove_job(job_id), f"remove {job_id}"), everything)
    print(f"requests={1 + 2 * len(running) + len(everything)} running={len(running)} jobs={len(everything)}")


def plain_loop(action, ids):
    for job_id in ids:
        action(job_id)


def thread_pool(threads):
    def run_each(action, ids):
        with ThreadPoolExecutor(max_workers=threads) as pool:
            # list() waits for every call and re-raises the first failure.
            list(pool.map(action, ids))
    return run_each


def main(arguments):
    mode = arguments[0] if arguments else ""
    if mode == "loop":
        bulk(plain_loop)
    elif mode == "pool" and len(arguments) == 2:
        bulk(thread_pool(int(arguments[1])))
    elif mode == "remove-all" and len(arguments) == 2:
        client = make_client()
        everything = [job["id"] for job in checked(client.get_jobs(), "get_jobs")]
        thread_pool(int(arguments[1]))(lambda job_id: checked(client.remove_job(job_id), f"remove {job_id}"), everything)
        print(f"requests={1 + len(everything)} jobs={len(everything)}")
    elif mode == "list":
        jobs = checked(make_client().get_jobs(), "get_jobs")
        print(f"jobs={len(jobs)}")
    else:
        sys.exit("usage: sdk_bulk.py loop | pool N | remove-all N | list")


if __name__ == "__main__":
    main(sys.argv[1:])
