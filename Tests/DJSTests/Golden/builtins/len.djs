print(len([1, 2]), len({"a": 1}), len("héllo"), len(range(10)), len(""), len([]))
