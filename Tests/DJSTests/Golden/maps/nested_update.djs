let config = {"limits": {"max": 1}}
config.limits.max = 5
config["limits"]["min"] = 0
print(config)
