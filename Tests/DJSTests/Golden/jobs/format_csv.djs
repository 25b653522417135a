# golden: format=csv
print(jobs())
table([{"name": "a,b", "note": "say \"hi\""}, {"name": "c"}])
