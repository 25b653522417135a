#!/usr/bin/env djs
# A report of the domain's jobs: how many in each status and destination, and the jobs
# that need attention (stopped with an error).
#
#   djs --sim scripts/examples/report.djs
#   djs --sim --format json scripts/examples/report.djs     # the same, for machines

let all = jobs()
let byStatus = {}
let byType = {}
for j in all <
  byStatus[j.status] = get(byStatus, j.status, 0) + 1
  byType[j.type] = get(byType, j.type, 0) + 1
>
print("${len(all)} jobs")
table(sort([{"status": s, "jobs": byStatus[s]} for s in keys(byStatus)], fn(row) < row.status >))
table(sort([{"destination": t, "jobs": byType[t]} for t in keys(byType)], fn(row) < row.destination >))
let failing = [for j in all where len(j.error) > 0]
print("${len(failing)} jobs report errors")
if len(failing) > 0 < table(failing, "id", "status", "friendlyName", "error") >
