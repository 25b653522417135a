# Row 4: build job-shaped maps, keep the running ones above a bound, sort by n, sum a field.
import sys

def main():
    n = int(sys.argv[1])
    statuses = ["RUNNING", "STOPPED", "COMPLETED", "FAILED"]
    jobs = []
    for i in range(0, n):
        jobs.append({"id": f"job-{i}", "status": statuses[i % 4], "n": (i * 7919) % 1000003, "t": 1700000000 + i})
    picked = [j for j in jobs if j["status"] == "RUNNING" and j["n"] > 500000]
    ordered = sorted(picked, key=lambda j: j["n"])
    total = 0
    check = 0
    for j in ordered:
        total = total + j["t"]
        check = (check * 31 + j["n"]) % 1000000007
    print(len(ordered), total, check)

main()
