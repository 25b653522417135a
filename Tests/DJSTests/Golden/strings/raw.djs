print('raw \n ${not} "quotes" \d+')
print('')
print(len('a\b'))
print(matches("a1", '\d'))
