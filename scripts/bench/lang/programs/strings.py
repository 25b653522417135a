# Row 3: a million appends of an interpolated piece to one string, then its length.
import sys

def main():
    n = int(sys.argv[1])
    text = ""
    for i in range(0, n):
        text = text + f"job-{i}:{i % 7};"
    print(len(text))

main()
