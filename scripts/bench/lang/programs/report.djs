# Row 8: report lines built by interpolation, pushed into a list and joined once.
let n = int(args[0])
let teams = ["billing", "search", "ingest", "alerts", "exports"]
let lines = []
for i in range(0, n) <
    let name = teams[i % 5]
    let count = (i * 7919) % 1000
    let pct = count * 100 / 999
    push(lines, "${name}-${i}: ${count} jobs, ${pct}%")
>
let text = join(lines, "\n")
print(len(lines), len(text), lines[n / 3 + 1])
