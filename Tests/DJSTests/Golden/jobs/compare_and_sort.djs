let all = jobs()
print([j.id for j in sort(all, fn(j) < j.eventsSent >)])
print(job("job-1") == job("job-1"), job("job-1") == job("job-2"), job("job-2") in all)
print([j.id for j in sort([job("job-4"), job("job-1")])])
