# Row 5 (after the generated `let text = '…'` line): parse the listing, then row 4's filter.
let jobs = parse_json(text)
let picked = [for j in jobs where j.status == "RUNNING" and j.n > 500000]
let ordered = sort(picked, fn(j) < j.n >)
let total = 0
let check = 0
for j in ordered <
    total = total + j.t
    check = (check * 31 + j.n) % 1000000007
>
print(len(ordered), total, check)
