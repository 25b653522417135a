let b = []
for i in range(1000000) < b = [b] >
let c = []
for i in range(1000000) < c = [c] >
print(b == c)
b = null
c = null
let chain = null
for i in range(200000) < chain = {"value": i, "next": chain} >
print(chain.value, chain.next.value)
chain = null
print("released")
