fn f < 1 >
