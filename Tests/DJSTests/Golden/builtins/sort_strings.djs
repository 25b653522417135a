# Strings sort by Unicode code point: byte order for ASCII, with prefixes first.
print(sort(["job-10", "job-9", "job-1", "job-100", "Job-5", "job-", "", "job-10 ", "aaaaaaaab", "aaaaaaaaa", "aaaaaaaa"]))
print(sort(["b\0", "b", "a\0b", "a\0a", "a"]))
# Text beyond ASCII: composed "á" and "a" + U+0301 are the same text, after "b".
print(sort(["b", "\u{e1}", "a\u{301}", "a", "\u{212a}", "L"]))
# Stable, also in reverse: equal keys keep their original order.
let items = [{k: "x", v: 1}, {k: "y", v: 2}, {k: "x", v: 3}, {k: "y", v: 4}, {k: "x", v: 5}]
print([i.v for i in sort(items, fn(i) < i.k >)], [i.v for i in sort(items, fn(i) < i.k >, reverse: true)])
print([i.v for i in sort(items, fn(i) < -i.v % 2 >)], [i.v for i in sort(items, fn(i) < i.v % 2 >, reverse: true)])
print(sort(["b", "a", 1]))
