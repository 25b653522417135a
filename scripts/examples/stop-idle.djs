#!/usr/bin/env djs
# Stop every running job that has sent nothing for a day.
#
#   djs --sim --dry-run scripts/examples/stop-idle.djs    # see the plan first
#   djs --sim scripts/examples/stop-idle.djs
#
# The bulk stop() runs its requests concurrently (--concurrency) and, if any job fails,
# raises one error naming each failure: the script then exits non-zero.

let cutoff = now() - 1d
let idle = [for j in jobs() where j.status == "RUNNING" and (j.lastDatetime == null or j.lastDatetime < cutoff)]
if len(idle) == 0 <
  print("no running job has been idle since ${cutoff}")
  exit(0)
>
print("${len(idle)} running jobs have sent nothing since ${cutoff}:")
table(idle, "id", "friendlyName", "eventsSent", "lastDatetime")
let stopped = stop(idle)
print("stopped ${len(stopped)} jobs")
