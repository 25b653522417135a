let smallest = -9223372036854775807 - 1
print(smallest + 1)
print(-smallest)
