fn down(n) < down(n + 1) >
down(0)
