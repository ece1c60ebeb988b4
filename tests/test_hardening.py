"""Issue 14: hostile URLs (non-ASCII digits, huge decks) never crash a page nor flood it, and
no stack trace is ever shown to a visitor."""
from __future__ import annotations

import time
import tomllib

import pytest
from conftest import ROOT, app

from tidash.briefing.deck import DEFAULT_INTERVAL, MAX_NOTICES, parse_deck, parse_interval
from tidash.state import DEFAULT_YEAR, Options, parse_view

OPTIONS = Options(regions={"84": "Auvergne-Rhône-Alpes"}, schemes=("Fonds vert",), years=(2023, 2024),
                  territories={"2024-07": {"ti-8401"}})


@pytest.mark.parametrize("value", ["²", "２０２３", "٢٠٢٣", "2023²", "¹⁰"])
def test_a_year_in_other_digits_is_refused_with_a_notice(value):
    view = parse_view({"year": value}, OPTIONS)
    assert view.filters.year == DEFAULT_YEAR and any("Année" in n for n in view.notices)


@pytest.mark.parametrize("value", ["²", "٣٠", "abc", "1", "100000"])
def test_an_invalid_interval_falls_back_with_a_notice(value):
    notices: list[str] = []
    assert parse_interval(value, notices) == DEFAULT_INTERVAL
    assert len(notices) == 1 and "Intervalle" in notices[0]
    assert parse_interval("30", notices) == 30 and len(notices) == 1


def test_pages_opened_with_hostile_digits_do_not_crash():
    for page, query in (("national", {"year": "²"}), ("regions", {"year": "²"}),
                        ("briefing", {"interval": "²", "deck": "programme"})):
        at = app(page, **query)
        assert not at.exception, (page, [e.value for e in at.exception])


def test_a_huge_deck_is_cut_quickly_with_few_notices():
    start = time.perf_counter()
    specs, notices = parse_deck(",".join(["carte"] * 5000), set(), set())
    assert len(specs) == 30 and len(notices) <= 3
    specs, notices = parse_deck(",".join(f"x{i}" for i in range(5000)), set(), set())
    assert [s.kind for s in specs] == ["programme", "carte", "changements"]
    assert len(notices) <= MAX_NOTICES + 4 and any("autre(s) entrée(s)" in n for n in notices)
    assert time.perf_counter() - start < 0.5


def test_200_invalid_deck_entries_raise_one_grouped_toast():
    at = app("briefing", deck=",".join(f"bad{i}" for i in range(200)), interval="600")
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.toast) == 1, len(at.toast)
    assert "autre(s) entrée(s) ignorée(s)" in at.toast[0].value


def test_no_stack_trace_is_shown_to_visitors():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
