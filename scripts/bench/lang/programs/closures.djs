# Row 10: map, filter and sort with function literals over 100k-element lists, some of
# them capturing locals. Values are a permutation, so the sort has no ties.
let n = int(args[0])
let xs = [(i * 7919) % 1000003 for i in range(0, n)]
let bound = 500000
let factor = 3
let evens = filter(xs, fn(x) < x % 2 == 0 >)
let big = filter(xs, fn(x) < x > bound >)
let scaled = map(big, fn(x) < x * factor + 1 >)
let labels = map(evens, fn(x) < x / 1000 >)
let ordered = sort(scaled, fn(x) < -x >)
let check = 0
for x in ordered < check = (check * 31 + x) % 1000000007 >
for x in labels < check = (check * 31 + x) % 1000000007 >
print(len(evens), len(big), ordered[0], check)
