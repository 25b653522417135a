#!/usr/bin/env djs
# Restart the stopped jobs whose error matches a pattern: by default the transient
# "connection lost" errors of the query engine; pass another pattern as an argument.
#
#   djs --sim scripts/examples/restart-errored.djs
#   djs --sim scripts/examples/restart-errored.djs 'Unknown table'

let pattern = "(?i)connection lost|timeout|remote msg"
if len(args) > 0 < pattern = args[0] >
let errored = [for j in jobs() where j.status == "STOPPED" and len(j.error) > 0]
let matching = [for j in errored where matches(join(j.error, " "), pattern)]
print("${len(errored)} stopped jobs have errors; ${len(matching)} match /${pattern}/")
if len(matching) > 0 <
  table(matching, "id", "friendlyName", "error")
  # try: one bad job must not hide what happened to the others.
  try <
    let started = start(matching)
    print("restarted ${len(started)} jobs")
  > catch failure <
    print("restarted ${len(failure.succeeded)} jobs; ${len(failure.failed)} could not be restarted:")
    table(failure.failed)
    exit(1)
  >
>
