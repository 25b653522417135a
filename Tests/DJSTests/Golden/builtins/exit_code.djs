print("bye")
exit(3)
print("never")
