# Row 3: a million appends of an interpolated piece to one string, then its length.
let n = int(args[0])
let text = ""
for i in range(0, n) <
    text = text + "job-${i}:${i % 7};"
>
print(len(text))
