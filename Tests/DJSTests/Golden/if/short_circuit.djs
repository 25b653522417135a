fn boom() < error("should not run") >
print(false and boom(), true or boom())
