# Row 4: build job-shaped maps, keep the running ones above a bound, sort by n, sum a field.
let n = int(args[0])
let statuses = ["RUNNING", "STOPPED", "COMPLETED", "FAILED"]
let jobs = []
for i in range(0, n) <
    # n is a permutation of 0..1000002 (1000003 is prime), so the sort has no ties.
    push(jobs, {id: "job-${i}", status: statuses[i % 4], n: (i * 7919) % 1000003, t: 1700000000 + i})
>
let picked = [for j in jobs where j.status == "RUNNING" and j.n > 500000]
let ordered = sort(picked, fn(j) < j.n >)
let total = 0
let check = 0
for j in ordered <
    total = total + j.t
    check = (check * 31 + j.n) % 1000000007
>
print(len(ordered), total, check)
