print(env("DJS_TEST"), env("DJS_EMPTY") == "", env("DJS_SURELY_NOT_SET"))
