print(filter([1, 2], fn(x) < x >))
