#!/usr/bin/env djs
# Launch a query that exports the last hour of web logs to S3, then wait for it.
#
#   djs --sim scripts/examples/launch-and-wait.djs
#
# s3() with no bucket uploads to Devo's own temporary account. To upload to your bucket,
# give all four of bucket:, region:, accessKey: and secretKey: (Devo refuses some without
# the others), e.g. accessKey: env("AWS_ACCESS_KEY_ID"). format: is "zip" (the default) or
# "gzip". The query has an end (to: now()), so the job completes once it has caught up.

let export = query("from web.apache.access select eventdate, srcIp, statusCode",
                   from: 1h, to: now(), comment: "hourly web export",
                   dest: s3(format: "gzip"))
print("launched ${export.id} (${export.status})")
let finished = wait(export, until: "COMPLETED", timeout: 2m)
print("job ${finished.id} is ${finished.status}: ${finished.eventsSent} events sent")
