print(parse_json('{"a": }'))
