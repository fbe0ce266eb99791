"""Runnable FastAPI + Inngest examples. Each folder is self-contained and copyable:
its modules import each other relatively, so `examples/<name>/` works as a
package of its own in another project."""
