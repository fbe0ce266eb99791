"""The application package: FastAPI routers, Inngest client, workflows, services."""
