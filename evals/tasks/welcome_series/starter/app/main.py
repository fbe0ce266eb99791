"""Signup service."""

from fastapi import FastAPI

app = FastAPI(title="signups")


@app.get("/health")
async def health() -> dict:
    return {"ok": True}
