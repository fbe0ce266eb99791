"""Expenses service."""

from fastapi import FastAPI

app = FastAPI(title="expenses")
