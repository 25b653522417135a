# Row 11: text lines split into fields: a CSV-like listing is built, split into lines and each
# line into fields, and a numeric field is summed per status (a tally in the get form).
import json
import sys

def main():
    n = int(sys.argv[1])
    statuses = ["RUNNING", "STOPPED", "COMPLETED", "FAILED"]
    rows = []
    for i in range(0, n):
        rows.append(f"job-{i},{statuses[i % 4]},{(i * 7919) % 100003}")
    text = "\n".join(rows)
    totals = {}
    longest = ""
    for line in text.split("\n"):
        fields = line.split(",")
        totals[fields[1]] = totals.get(fields[1], 0) + int(fields[2])
        if len(fields[0]) > len(longest):
            longest = fields[0]
    print(len(text), json.dumps(totals, separators=(",", ":")), longest)

main()
