for x in [1] <
  fn skip() < continue >
  skip()
>
