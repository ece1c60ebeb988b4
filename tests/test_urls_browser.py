"""Addresses a user may type or keep in a bookmark open the page they name, in French."""
from __future__ import annotations

import pytest
from browser_fixtures import needs_chromium, new_page, wait_drawn

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]


def test_the_default_page_by_its_name_opens_the_national_view_with_its_filters(server, browser):
    page, record = new_page(browser, server)
    page.goto(f"{server}/national?vintage=2020-10&region=84")
    wait_drawn(page)
    page.get_by_text("Territoires d'industrie — vue nationale").first.wait_for(timeout=30_000)
    assert page.get_by_text("Page not found").count() == 0
    assert page.url.startswith(f"{server}/?") and "vintage=2020-10" in page.url and "region=84" in page.url
    page.get_by_text("2020 · 148 territoires").first.wait_for(timeout=30_000)  # the filter it asked for
    assert not record["outside"] and not record["failed"], record
    page.close()
