"""What ran in this script run: the name of each query and the values bound to it, recorded by
tidash.repository.query (cache hits included) and shown by « Voir la requête SQL »
(tidash.ui.show_sql), so the expander shows exactly what ran, not what a page says it ran.

Kept in the session state, per script run: a rerun (or a fragment rerun) starts a new list."""
from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

_KEY = "_query_log"


def _run_marker():
    """An object that is new for every script run of this session (Streamlit's context gives a
    fresh cursor table at each run, fragment runs included)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    return None if ctx is None else ctx.cursors


def record(name: str, params: dict) -> None:
    marker = _run_marker()
    if marker is None:  # outside a Streamlit run (tests, exports): nothing to show
        return
    state = st.session_state
    log = state.get(_KEY)
    if log is None or log[0] is not marker:
        log = state[_KEY] = (marker, [])
    entry = (name, dict(params))
    if entry not in log[1]:
        log[1].append(entry)


def ran(name: str) -> list[dict]:
    """The bound parameters of every run of ``name`` in this script run, in order."""
    marker = _run_marker()
    log = st.session_state.get(_KEY) if marker is not None else None
    if log is None or log[0] is not marker:
        return []
    return [params for query, params in log[1] if query == name]
