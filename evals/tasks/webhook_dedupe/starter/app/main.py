"""Payments service."""

from fastapi import FastAPI

app = FastAPI(title="payments")
