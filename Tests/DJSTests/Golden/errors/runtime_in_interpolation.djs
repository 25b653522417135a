let j = {"id": 1}
print("job ${j.status}")
