let job = {"status": "RUNNING", "lastDatetime": null}
print(job.lastDateTime)
