# golden: format=json
print(job("job-3"))
print([job("job-1"), job("job-2")])
table(jobs(), "id", "status")
print("in json a string is JSON too", 1.5, [1, "a"], {"k": null})
table([])
