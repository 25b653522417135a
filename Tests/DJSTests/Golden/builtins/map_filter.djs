print(map([1, 2, 3], fn(x) < x * 10 >), map(range(3), str))
print(filter([1, 2, 3, 4], fn(x) < x % 2 == 0 >), filter([], fn(x) < true >))
