let xs = [
  1,
  2,
  3
]
let m = {
  "a": 1,
  "b": 2
}
print(xs, m)
print(len(xs),
      len(m))
