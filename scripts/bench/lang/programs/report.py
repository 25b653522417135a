# Row 8: report lines built by interpolation, pushed into a list and joined once.
import sys

def main():
    n = int(sys.argv[1])
    teams = ["billing", "search", "ingest", "alerts", "exports"]
    lines = []
    for i in range(0, n):
        name = teams[i % 5]
        count = (i * 7919) % 1000
        pct = count * 100 // 999
        lines.append(f"{name}-{i}: {count} jobs, {pct}%")
    text = "\n".join(lines)
    print(len(lines), len(text), lines[n // 3 + 1])

main()
