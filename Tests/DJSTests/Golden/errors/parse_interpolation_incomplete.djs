print("a ${1 +}")
