"""inngest-workflow-kit: prove Inngest Python workflows against the real Inngest server."""

__version__ = "0.1.0"
