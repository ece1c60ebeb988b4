"""Real browser: the territory profile draws France Relance projects as SVG points (company,
measure and description in the hover label, a table beside), and the relance slides fit the screen."""
from __future__ import annotations

import io

import numpy as np
import pytest
from browser_fixtures import DRAWN_PAGES_GROUP, PAGE_URLS, SHOTS, needs_chromium, new_page, wait_drawn

# DRAWN_PAGES_GROUP: the checks of one URL and size share one drawn page, with test_browser's and
# test_presentation's (scrolled_page, drawn_page).
pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium, DRAWN_PAGES_GROUP]
VERMILION, GREEN = (213, 94, 0), (0, 158, 115)  # maps.RELANCE_COLOURS: TI fund / other measures


def _pixels(png: bytes, colour: tuple[int, int, int]) -> np.ndarray:
    from PIL import Image

    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    return np.argwhere(np.abs(image - np.array(colour)).sum(axis=2) < 40)


# The France Relance map (plain SVG, tidash/svg_map.py, in a shadow root): the one whose legend names the TI fund.
RELANCE_MAP = ".ti-map:has(.ti-map-legend:has-text(\"Fonds Territoires d'industrie\"))"
# The centre of a point of that colour that no other point covers, in page pixels.
UNCOVERED_POINT = """(circles) => {
    for (const circle of circles) {
        const box = circle.getBoundingClientRect();
        const x = box.x + box.width / 2, y = box.y + box.height / 2;
        if (circle.getRootNode().elementFromPoint(x, y) === circle) return {x, y};
    }
    return null;
}"""
ALL_PLOTS_DRAWN = """() => [...document.querySelectorAll("[data-testid='stPlotlyChart']")]
    .every(chart => chart.querySelector('.main-svg'))"""


@pytest.mark.parametrize("width, height", [(1920, 1080), (1366, 768)])
def test_territory_profile_draws_france_relance_points_with_their_company(scrolled_page, width, height):
    from tidash import db
    companies = db.run("relance_projects", vintage="2024-07", id_ti="ti-8401", region=None, measure=None,
                       status="inside", text=None, limit=1000)
    page, record = scrolled_page(PAGE_URLS["territoire"] + "&section=relance", width, height)
    page.get_by_text("France Relance — projets industriels du territoire").first.wait_for(timeout=30_000)
    relance_map = page.locator(RELANCE_MAP)
    relance_map.scroll_into_view_if_needed()
    points = relance_map.locator(".ti-map-dots circle")  # SVG: one circle per project
    points.nth(len(companies) - 1).wait_for(timeout=30_000)
    assert points.count() == len(companies)
    relance_map.locator(".ti-map-members path").first.wait_for(timeout=30_000)  # members drawn
    png = relance_map.screenshot()
    ti_fund, others = _pixels(png, VERMILION), _pixels(png, GREEN)
    assert len(ti_fund) > 30 and len(others) > 30, (len(ti_fund), len(others))  # both kinds of points drawn
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"territoire_france_relance_{width}.png"))
    # Hovering a TI-fund point shows its company (in bold) and its measure.
    centre = relance_map.locator("circle[fill='rgb(213, 94, 0)']").evaluate_all(UNCOVERED_POINT)
    assert centre, "every TI-fund point is covered by another"
    page.mouse.move(centre["x"], centre["y"])
    label = relance_map.locator(".ti-map-tip", has_text="Soutien à l’investissement industriel dans les territoires")
    label.wait_for(state="visible", timeout=10_000)
    shown = label.locator("b").all_text_contents()  # one company per point under the pointer
    assert shown and set(shown) <= set(companies["company"].fillna("Entreprise non renseignée")), shown
    assert not record["outside"], record["outside"]
    assert not record["errors"], record["errors"]


def test_relance_slides_fit_the_screen(server, browser):
    page, record = new_page(browser, server)
    page.goto(f"{server}/reunion?deck=relance,relance:ti-8401,suivi&interval=600")
    for number in range(1, 4):
        page.get_by_text(f"{number} / 3").first.wait_for(timeout=30_000)
        wait_drawn(page)
        page.wait_for_function(ALL_PLOTS_DRAWN, timeout=30_000)
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"diapositive_relance_{number}.png"))
        sizes = page.evaluate("""() => {
            const main = document.querySelector("[data-testid='stMain']");
            return {scroll: Math.max(document.documentElement.scrollHeight, main ? main.scrollHeight : 0),
                    viewport: window.innerHeight};
        }""")
        assert sizes["scroll"] <= sizes["viewport"], (number, sizes)
        page.keyboard.press("ArrowRight")
    page.get_by_text("1 / 3").first.wait_for(timeout=30_000)  # wrapped around to the first slide
    assert not record["outside"], record["outside"]
    page.close()
