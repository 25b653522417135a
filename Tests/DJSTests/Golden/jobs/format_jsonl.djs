# golden: format=jsonl
print([job("job-1"), job("job-2")])
table(jobs(), "id", "eventsSent")
print({"single": true})
