print(later)
let later = 1
