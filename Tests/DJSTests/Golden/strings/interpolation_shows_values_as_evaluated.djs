# Each ${…} shows its value as it is when evaluated, left to right: a later part that
# changes a list does not change how an earlier part showed it.
let xs = [1]
print("${xs} then ${push(xs, 2)}")
fn grow(list) < push(list, len(list) + 1) >
let ys = [1]
print("before ${ys}, after ${grow(ys)}, now ${ys}")
# The same inside try, which runs on the closure compiler.
try < print("${xs} then ${push(xs, 3)}") > catch e < print(e.message) >
