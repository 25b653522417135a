# Row 10: map, filter and sort with lambdas over 100k-element lists, some of them capturing
# locals. Values are a permutation, so the sort has no ties.
import sys

def main():
    n = int(sys.argv[1])
    xs = [(i * 7919) % 1000003 for i in range(0, n)]
    bound = 500000
    factor = 3
    evens = list(filter(lambda x: x % 2 == 0, xs))
    big = list(filter(lambda x: x > bound, xs))
    scaled = list(map(lambda x: x * factor + 1, big))
    labels = list(map(lambda x: x // 1000, evens))
    ordered = sorted(scaled, key=lambda x: -x)
    check = 0
    for x in ordered:
        check = (check * 31 + x) % 1000000007
    for x in labels:
        check = (check * 31 + x) % 1000000007
    print(len(evens), len(big), ordered[0], check)

main()
