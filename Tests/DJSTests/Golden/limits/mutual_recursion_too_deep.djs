fn ping(n) < pong(n) >
fn pong(n) < ping(n) >
ping(1)
