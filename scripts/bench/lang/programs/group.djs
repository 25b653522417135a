# Row 9: group job records into a map of lists by host, sort each group by its id (a string),
# then walk the groups in insertion order. Ids are unique ((i * 7919) % 1000003 is a
# permutation), so every sort has one answer whether or not it is stable.
let n = int(args[0])
let records = []
for i in range(0, n) <
    push(records, {host: "host-" + str(i % 500), id: "job-" + str((i * 7919) % 1000003), n: i})
>
let groups = {}
for r in records <
    if r.host in groups < push(groups[r.host], r) > else < groups[r.host] = [r] >
>
let check = 0
for host in groups <
    for r in sort(groups[host], fn(r) < r.id >) <
        check = (check * 31 + r.n) % 1000000007
    >
>
print(len(groups), check)
