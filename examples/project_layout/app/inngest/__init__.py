"""Everything Inngest: the client, event names, workflows and the registry.

Inside this package `import inngest` still means the SDK: Python 3 imports are
absolute, and our own modules are reached with relative imports (`from .client`).
"""
