# Unhandled, the account ends the script with exit code 70.
stop(["job-1", "job-5", "job-6"])
print("not reached")
