"""Deterministic demo city: ~40 Ämter, 15,000 employees, agreements and devices, plus the fixed personas."""
from bot.demo.build import DemoSummary, Progress, build, summarize
from bot.demo.generate import MIN_EMPLOYEES, DemoData, generate
from bot.demo.personas import PERSONAS, Persona

__all__ = ["DemoData", "DemoSummary", "MIN_EMPLOYEES", "PERSONAS", "Persona", "Progress", "build", "generate",
           "summarize"]
