fn constant(v) < fn() < v > >
let fs = [constant(i) for i in range(3)]
print(fs[0](), fs[1](), fs[2]())
