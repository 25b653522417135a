print("\u{110000}")
print("\u{zz}")
print("\u{12")
