# Row 1: integer arithmetic and a condition in a counted loop.
import sys

def main():
    n = int(sys.argv[1])
    total = 0
    for i in range(0, n):
        if i % 3 == 0:
            total = total + i * 2
        else:
            total = total - 1
    print(total)

main()
