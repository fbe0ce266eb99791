"""One module per workflow. The registry, not this package, lists what is served."""
