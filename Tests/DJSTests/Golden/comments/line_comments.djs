# A comment on its own line
print("a") # after code
# print("not run")
print("b")  # "quotes" and < > in comments are ignored
