let q = query("from demo.web select *", from: 1h, to: 0, dest: s3(bucket: "b", region: "eu-west-1"))
print(q.id, q.status)
let done = wait(q, until: "COMPLETED", timeout: 10s)
print(done.id, done.status)
print([j.status for j in wait([job("job-1"), job("job-3")], until: ["RUNNING", "STOPPED"])])
try < wait(job("job-3"), until: "COMPLETED", timeout: 1s) > catch e < print(e.message); print(e.failed) >
wait(["job-1", "job-2"], until: "COMPLETED", timeout: 5ms)
