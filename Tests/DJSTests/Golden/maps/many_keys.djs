# Past a handful of keys a map finds them through a hash index; what it holds and the order
# of its keys are the same as for a small map.
let counts = {}
for i in range(0, 3000) <
    let k = "host-" + str(i % 37) + "/" + ["a", "b", "c"][i % 3]
    if k in counts < counts[k] = counts[k] + 1 > else < counts[k] = 1 >
>
print(len(counts), keys(counts)[0], keys(counts)[36], keys(counts)[110], counts["host-0/a"], counts["host-36/c"])
print(get(counts, "host-37/a", "absent"), "host-1/b" in counts, "host-1/x" in counts)
# Keys that are the same text written differently are one key, before and after the index.
let small = {}
let big = {}
for i in range(0, 20) < big["k${i}"] = i >
for m in [small, big] <
    m["caf\u{e9}"] = 1
    m["cafe\u{301}"] = m["cafe\u{301}"] + 1
    m["K"] = "letter"
    m["\u{212a}"] = "kelvin sign"
    print(len(m), m["caf\u{e9}"], m["K"], keys(m)[len(m) - 2] == "caf\u{e9}")
>
# An updated key keeps its place; a new one goes last.
big.k3 = "three"
big.k20 = 20
print(keys(big)[3], big.k3, keys(big)[len(big) - 1], big == big, {a: 1, b: 2} == {b: 2, a: 1})
