# A function may read a global declared later; called before the let has run, it sees null.
fn show() < x >
print(show())
let x = 1
print(show())
