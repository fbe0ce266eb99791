"""Reporting service."""

from fastapi import FastAPI

app = FastAPI(title="reports")
