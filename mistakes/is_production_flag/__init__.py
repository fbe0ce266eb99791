"""The seed's `is_production=os.getenv("ENVIRONMENT") == "production"` client, kept runnable."""
