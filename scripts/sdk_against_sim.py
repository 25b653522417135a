"""Drive every Devo job endpoint of a running `djs sim` with the official Python SDK.

Run by scripts/sdk-against-sim.sh, which starts the simulator and exports
DEVO_API_ADDRESS (http://127.0.0.1:PORT/search/query), DEVO_API_KEY and DEVO_API_SECRET.
Prints what happens at each step and exits non-zero on the first mismatch.

The SDK talks HTTPS only, except for two things (read in its devo/api/client.py):
  * the query POST honours the environment variable UNSECURE_HTTP=true (the SDK's own
    switch "for internal testing"), which this script sets;
  * the job GETs always build "https://{host}/search/...". For those, this script replaces
    the `requests` name inside the SDK's client module with a thin wrapper whose `get`
    rewrites https://127.0.0.1:PORT/ to http://127.0.0.1:PORT/ and delegates everything
    else to `requests` unchanged. Nothing else in the SDK is patched: signing, headers,
    URLs, payloads, response handling and retries are the SDK's own.
"""

import json
import os
import sys
import time

os.environ["UNSECURE_HTTP"] = "true"  # read by Client.__init__; must be set before it runs

import requests  # noqa: E402  (installed with devo-sdk)
import devo.api.client as devo_client  # noqa: E402
from devo.api import Client, ClientConfig  # noqa: E402

ADDRESS = os.environ["DEVO_API_ADDRESS"]
KEY = os.environ["DEVO_API_KEY"]
SECRET = os.environ["DEVO_API_SECRET"]
HOST = ADDRESS.split("//")[-1].split("/", 1)[0]

if not HOST.startswith("127.0.0.1:"):
    sys.exit(f"refusing to downgrade TLS for a non-loopback address: {ADDRESS}")


class LoopbackHTTPRequests:
    """`requests`, except that GETs to the simulator's https URL go over plain http."""

    def __getattr__(self, name):
        return getattr(requests, name)

    @staticmethod
    def get(url, **kwargs):
        prefix = f"https://{HOST}/"
        if url.startswith(prefix):
            url = f"http://{HOST}/" + url[len(prefix):]
        return requests.get(url, **kwargs)


devo_client.requests = LoopbackHTTPRequests()

failures = []


def check(step, condition, detail):
    mark = "ok  " if condition else "FAIL"
    print(f"[{mark}] {step}: {detail}")
    if not condition:
        failures.append(step)


def job_of(reply):
    return reply.get("object", {}) if isinstance(reply, dict) else {}


def main():
    name = f"sdk-job-{int(time.time())}"
    config = ClientConfig(response="json", stream=False,
                          destination={"type": "donothing", "params": {"friendlyName": name}})
    # retry_delay=1: the SDK sleeps after any HTTP >= 400 on a job call (then returns {}).
    client = Client(address=ADDRESS, auth={"key": KEY, "secret": SECRET}, config=config,
                    retries=0, timeout=30, retry_delay=1)

    now = int(time.time())
    # 47 hours of data: at the simulator's default speed (3600x) the job runs ~47 s, long
    # enough to be stopped and started while it is still running.
    raw = client.query(query="from demo.ecommerce.data select *",
                       dates={"from": now - 48 * 3600, "to": now - 3600})
    reply = json.loads(raw) if isinstance(raw, str) else raw
    job_id = job_of(reply).get("id")
    check("query (donothing destination)", reply.get("status") == 0 and bool(job_id),
          f"status={reply.get('status')} id={job_id}")
    if not job_id:
        return

    jobs = client.get_jobs()
    listed = [j for j in job_of_list(jobs) if j.get("friendlyName") == name]
    check("get_jobs", jobs.get("status") == 0 and len(listed) == 1,
          f"{len(job_of_list(jobs))} jobs listed, ours: {[j.get('id') for j in listed]}")

    job = client.get_job(job_id)
    fields = set(job_of(job))
    expected = {"id", "status", "eventGenerated", "eventsSent", "lastDatetime", "error", "extra",
                "type", "friendlyName", "query", "cid", "owner", "table", "domain"}
    check("get_job", job_of(job).get("id") == job_id and expected <= fields,
          f"status={job_of(job).get('status')} table={job_of(job).get('table')} "
          f"missing fields={sorted(expected - fields)}")

    time.sleep(1.0)  # let it leave CREATED and process some data
    stopped = client.stop_job(job_id)
    status = job_of(stopped).get("status")
    check("stop_job", status in ("STOPPED", "COMPLETED"),
          f"status={status} lastDatetime={job_of(stopped).get('lastDatetime')}")
    kept = job_of(stopped).get("lastDatetime")

    again = client.get_job(job_id)
    check("get_job after stop", job_of(again).get("lastDatetime") == kept,
          f"lastDatetime still {job_of(again).get('lastDatetime')}")

    started = client.start_job(job_id)
    status = job_of(started).get("status")
    check("start_job", status in ("RUNNING", "COMPLETED"),
          f"status={status} resumes from lastDatetime={job_of(started).get('lastDatetime')}")

    removed = client.remove_job(job_id)
    status = job_of(removed).get("status")
    check("remove_job", status in ("REMOVED", "COMPLETED"), f"status={status}")

    # The simulator deletes removed jobs: 404 + status 100. The SDK treats any HTTP error
    # on a job call as "retry later" and finally returns {} (its _call_jobs).
    gone = client.get_job(job_id)
    check("get_job after remove", gone == {}, f"SDK returned {gone!r}")
    jobs = client.get_jobs()
    check("get_jobs after remove", all(j.get("id") != job_id for j in job_of_list(jobs)),
          f"{len(job_of_list(jobs))} jobs listed, ours gone")

    # A wrong secret: HTTP 401 + code 12; the SDK raises on the query POST.
    bad = Client(address=ADDRESS, auth={"key": KEY, "secret": "not-the-secret"}, config=config,
                 retries=0, timeout=30, retry_delay=1)
    try:
        bad.query(query="from demo.ecommerce.data select *", dates={"from": now - 7200, "to": now - 3600})
        check("query with a wrong secret", False, "accepted")
    except Exception as error:  # the SDK's DevoClientRequestException
        check("query with a wrong secret", getattr(error, "status", None) == 401,
              f"{type(error).__name__} status={getattr(error, 'status', None)} "
              f"code={getattr(error, 'code', None)}")


def job_of_list(reply):
    value = reply.get("object", []) if isinstance(reply, dict) else []
    return value if isinstance(value, list) else []


if __name__ == "__main__":
    main()
    if failures:
        print(f"{len(failures)} step(s) failed: {', '.join(failures)}")
        sys.exit(1)
    print("the official devo-sdk drove every job endpoint of the simulator")
