print("not run")
while true < fn g() < break > >
