# A repeat count whose byte size overflows Int is too large, not a crash.
print("abcd" * 4611686018427387904)
