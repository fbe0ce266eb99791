"""A FastAPI project layout with several workflows: one client, one registry, routers that send events."""
