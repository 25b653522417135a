# A list of jobs prints as an aligned table, a single job as a record, str() inline.
print(jobs())
print(job("job-3"))
print("inline: ${job("job-1")}")
