# Row 5: parse the generated job listing, then row 4's filter.
import json
import sys

def main():
    with open(sys.argv[1], encoding="utf-8") as listing:
        jobs = json.loads(listing.read())
    picked = [j for j in jobs if j["status"] == "RUNNING" and j["n"] > 500000]
    ordered = sorted(picked, key=lambda j: j["n"])
    total = 0
    check = 0
    for j in ordered:
        total = total + j["t"]
        check = (check * 31 + j["n"]) % 1000000007
    print(len(ordered), total, check)

main()
