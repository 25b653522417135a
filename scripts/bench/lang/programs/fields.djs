# Row 11: text lines split into fields: a CSV-like listing is built, split into lines and each
# line into fields, and a numeric field is summed per status (a tally in the get form).
let n = int(args[0])
let statuses = ["RUNNING", "STOPPED", "COMPLETED", "FAILED"]
let rows = []
for i in range(0, n) <
    push(rows, "job-${i},${statuses[i % 4]},${(i * 7919) % 100003}")
>
let text = join(rows, "\n")
let totals = {}
let longest = ""
for line in split(text, "\n") <
    let fields = split(line, ",")
    totals[fields[1]] = get(totals, fields[1], 0) + int(fields[2])
    if len(fields[0]) > len(longest) < longest = fields[0] >
>
print(len(text), json(totals), longest)
