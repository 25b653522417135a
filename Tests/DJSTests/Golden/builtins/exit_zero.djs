print("done")
exit()
print("never")
