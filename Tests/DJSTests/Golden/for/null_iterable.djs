let jobs = null
for j in jobs < print(j) >
