"""Operator settings, read from the environment (off by default where they open a door)."""
from __future__ import annotations

import os

TRUE = {"1", "true", "oui", "yes", "on"}


def upload_enabled() -> bool:
    """The upload form of the Données page publishes data for everyone: the operator opts in."""
    return os.environ.get("TI_ENABLE_UPLOAD", "").strip().lower() in TRUE
