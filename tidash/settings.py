"""Every setting read from the environment, in one place (off by default where they open a door).

TI_DATA_DIR, TI_SOURCES_DIR   where the published data and the sources live (tests, benchmarks)
TI_ENABLE_UPLOAD              the Données page's upload form
TI_OPERATOR_TOKEN             the operator's secret for publishing from the browser
TI_SERVER_ADDRESS             where `make run` listens (127.0.0.1 by default)
TI_IMPORT_MAX_MB              the importer's (and the browser's) file-size limit
TI_GC_FREEZE                  0 turns off the start-up gc.freeze (the benchmark's « before »)
TI_WARM_VIEWS                 0 turns off the background preparation of the views (tidash.warmup)"""
from __future__ import annotations

import hmac
import os

TRUE = {"1", "true", "oui", "yes", "on"}


def upload_enabled() -> bool:
    """The upload form of the Données page publishes data for everyone: the operator opts in."""
    return os.environ.get("TI_ENABLE_UPLOAD", "").strip().lower() in TRUE


def operator_token() -> str | None:
    """The operator's secret that publishing or undoing from the browser requires: the
    environment variable TI_OPERATOR_TOKEN, else ``operator_token`` in .streamlit/secrets.toml.
    None (publication refused) when neither is set, or when it is shorter than 16 characters."""
    token = os.environ.get("TI_OPERATOR_TOKEN", "").strip()
    if not token:
        try:
            import streamlit as st
            token = str(st.secrets.get("operator_token", "")).strip()
        except Exception:  # noqa: BLE001 - no secrets.toml, or an unreadable one: no token
            token = ""
    return token if len(token) >= MIN_TOKEN_LENGTH else None


MIN_TOKEN_LENGTH = 16


def operator_allowed(given: str | None) -> bool:
    """Constant-time comparison with the configured token; always False without one."""
    expected = operator_token()
    if not expected or not given:
        return False
    return hmac.compare_digest(given.strip().encode("utf-8"), expected.encode("utf-8"))


def server_address() -> str:
    """Where `make run` listens: 127.0.0.1 unless the operator says otherwise (TI_SERVER_ADDRESS)."""
    return os.environ.get("TI_SERVER_ADDRESS", "").strip() or "127.0.0.1"


def data_dir_override() -> str | None:
    return os.environ.get("TI_DATA_DIR") or None


def sources_dir_override() -> str | None:
    return os.environ.get("TI_SOURCES_DIR") or None


def import_max_megabytes() -> float | None:
    """The importer's size limit in MB (None: the default; an unreadable value counts as unset)."""
    text = os.environ.get("TI_IMPORT_MAX_MB", "").strip()
    try:
        value = float(text) if text else None
    except ValueError:
        return None
    return value if value is not None and value > 0 else None


def gc_freeze() -> bool:
    return os.environ.get("TI_GC_FREEZE", "1") != "0"


def warm_views() -> bool:
    """TI_WARM_VIEWS=0: no background preparation of the views (tidash.warmup); the test servers
    turn it off, the production server keeps it."""
    return os.environ.get("TI_WARM_VIEWS", "1") != "0"
