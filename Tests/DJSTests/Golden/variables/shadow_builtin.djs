let len = fn(x) < "mine" >
print(len([1, 2]))
let print2 = print
print2("via alias")
