# Row 7: count string keys in a map. Keys are built by concatenation and str(): 997 hosts
# times 4 statuses make 3988 distinct keys (997 and 4 share no factor), plus a per-host tally
# in the get-with-default form. The checksum walks the map in insertion order.
let n = int(args[0])
let statuses = ["RUNNING", "STOPPED", "COMPLETED", "FAILED"]
let counts = {}
let per_host = {}
for i in range(0, n) <
    let host = "host-" + str(i % 997)
    let k = host + "/" + statuses[i % 4]
    if k in counts < counts[k] = counts[k] + 1 > else < counts[k] = 1 >
    per_host[host] = get(per_host, host, 0) + 1
>
let check = 0
for k in counts <
    check = (check * 31 + counts[k] * len(k)) % 1000000007
>
for h in per_host <
    check = (check * 31 + per_host[h]) % 1000000007
>
print(len(counts), len(per_host), check)
