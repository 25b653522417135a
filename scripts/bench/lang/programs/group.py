# Row 9: group job records into a dict of lists by host, sort each group by its id (a
# string), then walk the groups in insertion order. Ids are unique ((i * 7919) % 1000003 is a
# permutation), so every sort has one answer whether or not it is stable.
import sys

def main():
    n = int(sys.argv[1])
    records = []
    for i in range(0, n):
        records.append({"host": "host-" + str(i % 500), "id": "job-" + str((i * 7919) % 1000003), "n": i})
    groups = {}
    for r in records:
        if r["host"] in groups:
            groups[r["host"]].append(r)
        else:
            groups[r["host"]] = [r]
    check = 0
    for host in groups:
        for r in sorted(groups[host], key=lambda r: r["id"]):
            check = (check * 31 + r["n"]) % 1000000007
    print(len(groups), check)

main()
