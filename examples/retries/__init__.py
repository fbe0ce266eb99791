"""Step retries: each step has its own retry budget (`retries=` on the function), attempts seen by the server and by ctx.attempt."""
