# The smallest int cannot be written directly (9223372036854775808 is too big before the minus applies).
print(-9223372036854775807 - 1)
print(-9223372036854775808)
