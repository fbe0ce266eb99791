"""Function timeouts: cancel a run that cannot start in time, or that takes too long to finish."""
