# golden: dry-run
# Reads happen, changes are only described, and nothing changes.
stop(job("job-1"))
let result = stop(jobs())
print(len(result), "jobs returned unchanged")
let q = query("from demo.web select *", from: 1000, to: 2000, dest: donothing(name: "t"))
print(q.id, q.status)
print(wait(q).status)
print([j.status for j in jobs()])
