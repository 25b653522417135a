print("a" < "b", "B" < "a", "abc" == "abc", "a" != "A", "" < "a")
print(sort(["pear", "Apple", "apple", "banana"]))
