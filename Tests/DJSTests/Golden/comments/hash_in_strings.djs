print("# not a comment", '# nor this')
