let id = "not used"
print({id: 1, status: "x"})
print({(id): 1})
