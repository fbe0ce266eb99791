"""Fulfilment service."""

from fastapi import FastAPI

app = FastAPI(title="fulfilment")
