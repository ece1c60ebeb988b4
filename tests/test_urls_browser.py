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


def _headings(page) -> list[str]:
    return page.locator("[data-testid='stMain'] h3").all_inner_texts()


def test_back_and_forward_show_the_earlier_view_and_the_page_bar_keeps_the_filters(server, browser):
    """The app writes each view into the URL; Back used to find the current view written back over
    the earlier one (nothing happened). A page switch by the page bar, which Streamlit opens
    without parameters, keeps the filters."""
    page, record = new_page(browser, server)
    page.goto(f"{server}/?region=84")
    wait_drawn(page)
    page.get_by_role("link", name="Régions").first.click()
    page.wait_for_url("**/regions?*region=84*", timeout=30_000)
    wait_drawn(page)
    page.goto(f"{server}/territoire?territory=ti-8401")
    wait_drawn(page)
    for name in ("Fonds vert", "Friches"):
        page.locator("[data-testid='stButtonGroup'] button", has_text=name).first.click()
        page.wait_for_url(f"**section={'fonds-vert' if name == 'Fonds vert' else 'friches'}*", timeout=30_000)
        wait_drawn(page)
    page.go_back()
    page.wait_for_url("**section=fonds-vert*", timeout=30_000)
    page.get_by_role("heading", name="Projets du territoire").wait_for(timeout=30_000)
    wait_drawn(page)
    assert "section=fonds-vert" in page.url and "Foncier : friches" not in _headings(page)
    page.go_forward()
    page.get_by_role("heading", name="Foncier : friches").wait_for(timeout=30_000)
    wait_drawn(page)
    assert "section=friches" in page.url
    # An entry without parameters, as Streamlit sometimes leaves one on a page-bar switch: Back
    # onto it keeps the view (it reset the filters to the defaults).
    page.goto(f"{server}/regions?region=53&year=all")
    wait_drawn(page)
    page.evaluate("""() => { const full = location.pathname + location.search;
        history.pushState({}, '', location.pathname); history.pushState({}, '', full); }""")
    page.go_back()
    page.wait_for_timeout(1500)
    wait_drawn(page)
    page.wait_for_url("**/regions?*region=53*", timeout=30_000)
    assert "year=all" in page.url and page.get_by_text("Bretagne").count(), page.url
    assert not record["errors"] and not record["outside"], record
    page.close()


def test_the_project_amounts_are_kept_in_the_address(server, browser):
    """?min= and ?max=: a shared link opens the Projets page with its amounts, and the amounts
    typed the French way are written back as numbers."""
    page, record = new_page(browser, server)
    page.goto(f"{server}/projets?year=all&min=1500000")
    wait_drawn(page)
    low = page.get_by_label("Montant minimal (€)")
    low.wait_for(timeout=30_000)
    assert low.input_value() == "1\u202f500\u202f000"
    page.get_by_text("soit 1\u202f500\u202f000\u00a0€").first.wait_for(timeout=30_000)
    high = page.get_by_label("Montant maximal (€)")
    high.fill("2 M€")
    high.press("Enter")
    page.wait_for_url("**max=2000000*", timeout=30_000)
    wait_drawn(page)
    assert "min=1500000" in page.url
    assert not record["outside"] and not record["failed"], record
    page.close()
