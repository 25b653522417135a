print(parse_json('[1] x'))
