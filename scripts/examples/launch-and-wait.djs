#!/usr/bin/env djs
# Launch a query that exports the last hour of web logs to S3, then wait for it.
#
#   djs --sim scripts/examples/launch-and-wait.djs
#
# The query has an end (to: now()), so the job completes once it has caught up.

let export = query("from web.apache.access select eventdate, srcIp, statusCode",
                   from: 1h, to: now(),
                   dest: s3(bucket: "ops-exports", region: "eu-west-1", format: "jsonl"))
print("launched ${export.id} (${export.status})")
let finished = wait(export, until: "COMPLETED", timeout: 2m)
print("job ${finished.id} is ${finished.status}: ${finished.eventsSent} events sent")
