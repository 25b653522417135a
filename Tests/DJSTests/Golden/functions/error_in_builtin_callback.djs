print(map([1, 2, 0], fn(x) < 10 / x >))
