try <
  try < error("inner") > catch e < error("wrapped: " + e.message) >
> catch outer < print(outer.message) >
