# golden: format=text
print(jobs())
print(job("job-1"))
table(jobs(), "id", "status", "error")
