let rows = [{"status": "RUNNING", "jobs": 3}, {"status": "STOPPED", "jobs": 12, "note": "check"}]
table(rows)
table(rows, "jobs", "status")
table(rows, ["status"])
table([])
table(job("job-4"), "id", "eventsSent", "lastDatetime")
table([1, 2])
