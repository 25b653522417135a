let status = "RUNNING"
print(stauts)
