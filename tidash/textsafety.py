"""Text that a spreadsheet would run as a formula: one list for the exports (cells neutralised
with a leading apostrophe, tidash.ui) and for the importer (such values refused)."""
from __future__ import annotations

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
