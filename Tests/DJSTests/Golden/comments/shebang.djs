#!/usr/bin/env djs
print("shebang line ignored")
