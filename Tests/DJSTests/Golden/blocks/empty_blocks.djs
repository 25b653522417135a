if true < >
for x in [1] < >
while false < >
fn nothing() < >
print(nothing())
print("done")
