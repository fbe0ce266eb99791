"""Parallel steps with ctx.group.parallel: four 1-second carrier quotes in about 1 s instead of 4 s."""
