let names = ["a", "b"]
let text = join(names, ", "
let y = 1
print(text)
