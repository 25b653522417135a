# Row 7: count string keys in a map. Keys are built by concatenation and str(): 997 hosts
# times 4 statuses make 3988 distinct keys (997 and 4 share no factor), plus a per-host tally
# in the get-with-default form. The checksum walks the dict in insertion order.
import sys

def main():
    n = int(sys.argv[1])
    statuses = ["RUNNING", "STOPPED", "COMPLETED", "FAILED"]
    counts = {}
    per_host = {}
    for i in range(0, n):
        host = "host-" + str(i % 997)
        k = host + "/" + statuses[i % 4]
        if k in counts:
            counts[k] = counts[k] + 1
        else:
            counts[k] = 1
        per_host[host] = per_host.get(host, 0) + 1
    check = 0
    for k in counts:
        check = (check * 31 + counts[k] * len(k)) % 1000000007
    for h in per_host:
        check = (check * 31 + per_host[h]) % 1000000007
    print(len(counts), len(per_host), check)

main()
