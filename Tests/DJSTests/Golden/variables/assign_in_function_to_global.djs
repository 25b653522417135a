let total = 0
fn add(n) < total = total + n >
add(5)
add(7)
print(total)
