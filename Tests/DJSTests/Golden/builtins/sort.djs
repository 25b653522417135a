print(sort([3, 1, 2]), sort(["b", "c", "a"]), sort([2.5, 1, 3]))
let jobs = [{"id": "b", "n": 2}, {"id": "a", "n": 3}, {"id": "c", "n": 1}]
print([j.id for j in sort(jobs, fn(j) < j.n >)])
print([j.id for j in sort(jobs, key: fn(j) < j.id >)])
print(sort([1, 3, 2], reverse: true))
print(sort([]), sort(range(3)))
let original = [2, 1]
let sorted = sort(original)
print(original, sorted)
