error({"code": 7})
