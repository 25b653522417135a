#!/usr/bin/env djs
# Remove the completed jobs whose last event is more than a week old.
#
#   djs --sim --dry-run scripts/examples/remove-old-completed.djs
#   djs --sim scripts/examples/remove-old-completed.djs

let cutoff = now() - 7d
let old = [for j in jobs() where j.status == "COMPLETED" and j.lastDatetime != null and j.lastDatetime < cutoff]
print("${len(old)} completed jobs ended before ${cutoff}")
if len(old) > 0 <
  table(sort(old, fn(j) < j.lastDatetime >), "id", "friendlyName", "lastDatetime")
  let removed = remove(old)
  print("removed ${len(removed)} jobs")
>
