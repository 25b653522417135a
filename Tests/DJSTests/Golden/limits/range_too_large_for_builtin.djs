# A built-in that needs a list refuses a range too big to hold, instead of aborting
# on a 24 TB allocation.
print(sum(range(10000)))
print(sum(range(1000000000000)))
