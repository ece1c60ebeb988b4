"""Real browser (Playwright driving Debian's Chromium): every page draws its headline, the
console stays clean and no request leaves localhost. Screenshots go to tests/screenshots/."""
from __future__ import annotations

from pathlib import Path

import pytest
from browser_fixtures import (
    DRAWN_PAGES_GROUP,
    PAGE_URLS,
    SHOTS,
    SVG_MAP_POINT,
    SVG_MAP_ROOT,
    needs_chromium,
    new_page,
    running_server,
    wait_drawn,
)
from conftest import ROOT, contrast_on_white, imported_file

HEADLINES = {
    "": "vue nationale", "territoire": "Fiche territoire", "comparer": "Comparer des territoires",
    "regions": "Régions", "financements": "Financements", "projets": "Projets financés",
    "programme": "Le programme en chiffres cités", "donnees": "Données et méthode",
}

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium, DRAWN_PAGES_GROUP]


@pytest.mark.parametrize("path", list(HEADLINES))
def test_page_draws_offline_without_console_errors(drawn_page, path):
    page, record = drawn_page(PAGE_URLS[path])  # read only, shared with the other checks of that page
    page.get_by_text(HEADLINES[path]).first.wait_for(timeout=30_000)
    if path == "":
        page.locator(".ti-map[data-drawn] path.territory").first.wait_for(timeout=30_000)
    if path == "territoire":
        page.locator(".ti-map[data-drawn] .ti-map-dots circle").first.wait_for(timeout=30_000)  # svg_map, shadow root
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{path or 'national'}.png"))
    console = record["errors"]
    assert not record["outside"], f"requêtes hors localhost : {record['outside']}"
    assert not console, f"erreurs console : {console}"
    assert not record["failed"], f"réponses en erreur : {record['failed']}"
    assert "Traceback" not in page.content()


def test_numbers_are_french_in_an_english_browser(drawn_page):
    page, _ = drawn_page("")  # read only, shared with test_national_map_is_svg…
    habitants = page.locator("[data-testid='stMetric']", has_text="Habitants").first
    habitants.wait_for(timeout=30_000)
    assert "40\u202f460\u202f364" in habitants.inner_text()


def test_clicking_a_ranking_row_opens_the_territory(server, browser):
    """On its synthesis, whatever section the last profile showed; with the filters of the view."""
    page, _ = new_page(browser, server)
    page.goto(f"{server}/?region=93&section=friches")
    wait_drawn(page)
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.wait_for(timeout=30_000)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 55)  # the selection checkbox of the first row
    page.get_by_text("Fiche territoire").first.wait_for(timeout=30_000)
    page.get_by_text("Aix-Marseille-Provence").first.wait_for(timeout=30_000)
    page.get_by_role("heading", name="Financements et rang").wait_for(timeout=30_000)
    page.wait_for_url("**/territoire?*territory=ti-9301*", timeout=30_000)
    assert "region=93" in page.url and "section=" not in page.url, page.url
    page.close()


def test_upload_preview_publish_and_undo_in_the_browser(browser, private_data, tmp_path):
    data = private_data
    token = "jeton-navigateur-0123456789"
    with running_server({"TI_DATA_DIR": str(data), "TI_ENABLE_UPLOAD": "1", "TI_OPERATOR_TOKEN": token}) as (url, _):
        upload = tmp_path / "suivi.csv"
        upload.write_text((ROOT / "docs/modele_suivi_projets.csv").read_text(encoding="utf-8")
                          + "TI-1;2024-07;ti-8401;;;Zone d'activités;attirer;Banque des Territoires;1 000,50;;;2024;\n",
                          encoding="utf-8")
        page, record = new_page(browser, url)
        page.goto(url + "/donnees")
        wait_drawn(page)
        assert not page.locator("[data-testid='stFileUploader']").count()  # nothing before the operator token
        page.get_by_label("Jeton d'exploitant", exact=True).fill(token)
        page.get_by_label("Jeton d'exploitant", exact=True).press("Enter")
        page.locator("[data-testid='stFileUploader'] input[type='file']").first.set_input_files(str(upload))
        page.get_by_text("Fichier valide").first.wait_for(timeout=30_000)
        assert not (data / "imports").exists()  # previewed, nothing published yet
        page.get_by_role("button", name="Publier ces données").click()
        page.get_by_text("Publié.").first.wait_for(timeout=60_000)
        assert imported_file(data).exists()
        page.get_by_role("button", name="Annuler la dernière publication (programme_projects)").click()
        page.get_by_text("Version précédente restaurée").first.wait_for(timeout=60_000)
        import pandas as pd
        assert len(pd.read_parquet(data / "extracts" / "programme_projects.parquet")) == 0
        assert not record["outside"]
        page.close()


def test_briefing_slides_fit_the_screen_with_big_type(server, browser):
    deck = "programme,carte,region:84,territoire:ti-8401,changements"
    page, record = new_page(browser, server)
    page.goto(f"{server}/reunion?deck={deck}&interval=600")
    SHOTS.mkdir(exist_ok=True)
    for number in range(1, 6):
        page.get_by_text(f"{number} / 5").first.wait_for(timeout=30_000)
        wait_drawn(page)
        page.screenshot(path=str(SHOTS / f"diapositive_{number}.png"))
        sizes = page.evaluate("""() => {
            const px = s => s ? parseFloat(getComputedStyle(s).fontSize) : null;
            const main = document.querySelector("[data-testid='stMain']");
            return {
                scroll: Math.max(document.documentElement.scrollHeight, main ? main.scrollHeight : 0),
                viewport: window.innerHeight,
                kpi: px(document.querySelector('.kpi-value')),
                footer: px(document.querySelector('.slide-footer')),
                title: px(document.querySelector('.slide-title')),
                sidebar: !!document.querySelector("[data-testid='stSidebar']:not([style*='display: none'])")
                         && getComputedStyle(document.querySelector("[data-testid='stSidebar']")).display !== 'none',
            };
        }""")
        assert sizes["scroll"] <= sizes["viewport"], (number, sizes)
        assert sizes["footer"] >= 28 and sizes["title"] >= 28, (number, sizes)
        if sizes["kpi"] is not None:
            assert sizes["kpi"] >= 64, (number, sizes)
        assert not sizes["sidebar"]
        page.keyboard.press("ArrowRight")
    page.get_by_text("1 / 5").first.wait_for(timeout=30_000)  # wrapped around with the keyboard
    assert not record["outside"], record["outside"]
    page.close()


# The centre of a point that has other points under it, and how many points are there: {x, y, n}.
STACKED_POINTS = """(circles) => {
    for (const circle of circles) {
        const box = circle.getBoundingClientRect();
        const x = box.x + box.width / 2, y = box.y + box.height / 2;
        const here = circle.getRootNode().elementsFromPoint(x, y).filter(e => e.tagName === 'circle');
        if (here.length > 1 && here[0] === circle) return {x, y, n: here.length};
    }
    return null;
}"""


@pytest.mark.parametrize("width,height", [(1920, 1080), (1366, 768)])
def test_territory_profile_shows_its_friches_on_a_map_offline(scrolled_page, width, height):
    from tidash import db
    from tidash import formatting as fmt

    row = db.run("friches_by_territory", vintage="2024-07", region=None).set_index("id_ti").loc["ti-8401"]
    page, record = scrolled_page(PAGE_URLS["territoire"] + "&section=friches", width, height)
    heading = page.get_by_text("Foncier : friches").first
    heading.wait_for(timeout=30_000)
    heading.scroll_into_view_if_needed()
    tile = page.locator("[data-testid='stMetric']", has_text="Friches recensées").first
    tile.wait_for(timeout=30_000)
    assert fmt.integer(row["n_friches"]) in tile.inner_text()
    sites = db.run("territory_friches", vintage="2024-07", id_ti="ti-8401")
    # The friches map (plain SVG, tidash/svg_map.py, in a shadow root): the one whose legend names the statuses.
    friches_map = page.locator(".ti-map:has(.ti-map-legend:has-text('friche sans projet'))")
    friches_map.scroll_into_view_if_needed()
    points = friches_map.locator(".ti-map-dots circle")
    points.nth(len(sites) - 1).wait_for(timeout=30_000)
    assert points.count() == len(sites)  # one point per site of the query
    friches_map.locator(".ti-map-members path").first.wait_for(timeout=30_000)  # members drawn
    assert friches_map.locator(".ti-map-region path").count() >= 1  # and their région under them
    box = friches_map.bounding_box()
    assert box["width"] > 300 and box["height"] > 300
    legend = friches_map.locator(".ti-map-legend").text_content()
    for status in sites["statut"].unique():
        assert f"friche {status}" in legend
    # Sites at one spot: the hover label lists every point under the pointer, none hidden.
    stacked = friches_map.locator(".ti-map-dots circle").evaluate_all(STACKED_POINTS)
    assert stacked, "no two sites at one spot in ti-8401 (the test needs some)"
    page.mouse.move(stacked["x"], stacked["y"])
    tip = friches_map.locator(".ti-map-tip")
    tip.wait_for(state="visible", timeout=10_000)
    listed = min(stacked["n"], 5)
    assert tip.locator("b").count() == listed + (stacked["n"] > 5), (stacked, tip.inner_text())
    assert tip.locator("hr").count() == listed - 1 + (stacked["n"] > 5)
    page.mouse.move(0, 0)
    page.get_by_text("Source : Cerema, Cartofriches").first.wait_for(timeout=10_000)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"territoire_friches_{width}.png"))
    assert not record["outside"], record["outside"]
    assert not record["errors"], record["errors"]
    assert not record["failed"], record["failed"]


def test_csv_download_holds_every_filtered_row_in_the_chosen_order(server, browser):
    import csv
    import io

    from tidash import db
    page, _ = new_page(browser, server)
    page.goto(f"{server}/projets?year=all&sort=title")
    wait_drawn(page)
    page.get_by_text("Télécharger en CSV").first.wait_for(timeout=30_000)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_text("Télécharger en CSV").first.click()
    text = Path(info.value.path()).read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    expected = db.run("projects", vintage="2024-07", id_ti=None, region=None, scheme=None, measure=None, year=None,
                      status=None, min_amount=None, max_amount=None, text=None, limit=None, sort="title",
                      located=False)
    assert len(rows) == len(expected) == 11350 > 2000  # above the display limit: every filtered row
    assert [r["Identifiant"] for r in rows] == list(expected["project_id"])  # in the chosen order (title)
    # the codes said as on screen, in French
    assert {r["Situation"] for r in rows} == {"Dans un territoire", "Hors territoire", "Non rattaché"}
    page.close()


def test_search_result_click_opens_that_territory(server, browser):
    page, _ = new_page(browser, server)
    page.goto(f"{server}/territoire?territory=ti-8401")
    wait_drawn(page)
    page.get_by_role("heading", name="Ardèche Drôme Nord").first.wait_for(timeout=30_000)
    box = page.get_by_label("Rechercher un territoire (nom, EPCI ou commune)")
    box.fill("Oyonnax")
    box.press("Enter")
    page.get_by_text("Plastics Vallée – Oyonnax (ti-8413, Auvergne-Rhône-Alpes)").first.click()  # ui.search_results
    page.get_by_role("heading", name="Plastics Vallée – Oyonnax").first.wait_for(timeout=30_000)
    assert "territory=ti-8413" in page.url
    page.close()


def test_a_searched_profile_survives_two_vintage_changes(server, browser):
    """Searched, clicked, then the vintage changed twice: the second change crashed the page (the
    result list of another vintage read the old choice as a position in it; walk of 28/11)."""
    import sys
    sys.path.insert(0, str(ROOT / "bench"))
    from run_bench import select_option  # the benchmark's way of choosing in a Streamlit selectbox

    page, record = new_page(browser, server, 1366, 768)
    page.goto(f"{server}/territoire")
    wait_drawn(page)
    box = page.get_by_label("Rechercher un territoire (nom, EPCI ou commune)")
    box.fill("Annonay")
    box.press("Enter")
    page.get_by_text("Ardèche Drôme Nord (ti-8401, Auvergne-Rhône-Alpes)").first.click()
    page.get_by_role("heading", name="Ardèche Drôme Nord").first.wait_for(timeout=30_000)
    for vintage, url in (("2020 · 148 territoires", "vintage=2020-10"), ("2023 · 149 territoires", "vintage=2023-08"),
                         ("2024 · 183 territoires", "vintage=2024-07")):
        select_option(page, "Périmètre (millésime)", vintage)
        page.wait_for_function(f"() => location.search.includes({url!r})", timeout=30_000)
        wait_drawn(page)
        assert page.get_by_text("Fiche territoire").count() and not page.get_by_text("encountered an error").count()
    page.get_by_role("heading", name="Ardèche Drôme Nord").first.wait_for(timeout=30_000)
    assert "territory=ti-8401" in page.url and not record["errors"], (page.url, record)
    page.close()


MAP_GEOMETRY = """() => {
    const root = %s;
    if (!root || !root.dataset.drawn) return null;
    const frame = root.querySelector("svg").getBoundingClientRect();
    const paths = [...root.querySelectorAll("path.territory")].filter(p => p.style.display !== "none");
    const boxes = paths.map(p => p.getBoundingClientRect()).filter(b => b.width > 0);
    const texts = [...root.querySelectorAll(".ti-map-insets text, .ti-map-legend-title")].map(t => t.textContent);
    const title = root.querySelector(".ti-map-legend-title");
    return {
        viewport: window.innerWidth, frameLeft: frame.left, frameRight: frame.right,
        frameTop: frame.top, frameBottom: frame.bottom, n: boxes.length,
        left: Math.min(...boxes.map(b => b.left)), right: Math.max(...boxes.map(b => b.right)),
        top: Math.min(...boxes.map(b => b.top)), bottom: Math.max(...boxes.map(b => b.bottom)),
        texts, titleFill: getComputedStyle(title).color, canvas: !!root.querySelector("canvas"),
        plotly: !!document.querySelector(".js-plotly-plot"),
    };
}""" % SVG_MAP_ROOT


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)])
def test_national_map_is_svg_fits_the_screen_and_names_the_insets(drawn_page, size):
    page, record = drawn_page("", *size)  # read only, shared with the other tests of the national page
    page.locator(".ti-map[data-drawn] path.territory").first.wait_for(timeout=30_000)
    shape = page.evaluate(MAP_GEOMETRY)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"national_{size[0]}x{size[1]}.png"))
    assert not shape["canvas"]  # SVG: no WebGL canvas to rasterise on a PC without GPU
    assert not shape["plotly"]  # plain SVG: the page no longer loads plotly.js for its map
    assert shape["n"] == 183  # every territory of 2024, one path each
    # The whole of France, the east and the overseas insets included, lies inside the map and the window.
    assert shape["frameRight"] <= shape["viewport"] + 1
    assert shape["left"] >= shape["frameLeft"] - 1 and shape["right"] <= shape["frameRight"] + 1, shape
    assert shape["top"] >= shape["frameTop"] - 1 and shape["bottom"] <= shape["frameBottom"] + 1, shape
    assert {"Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte"} <= set(shape["texts"])
    assert any("quantiles" in t for t in shape["texts"])  # the legend says which scale it uses
    contrast = contrast_on_white(shape["titleFill"])
    assert contrast >= 4.5, (shape["titleFill"], contrast)
    assert not record["outside"], record["outside"]


def test_region_map_is_the_same_svg_map_with_its_territories(drawn_page):
    from tidash import db
    page, record = drawn_page(PAGE_URLS["regions"])  # read only, shared with the other checks of that page
    page.locator(".ti-map[data-drawn] path.territory").first.wait_for(timeout=30_000)
    shape = page.evaluate(MAP_GEOMETRY)
    metrics = db.run("territory_metrics", vintage="2024-07", region="84", scheme=None, year=2023)
    assert shape["n"] == len(metrics) == 24 and not shape["plotly"] and not shape["canvas"]
    assert shape["left"] >= shape["frameLeft"] - 1 and shape["right"] <= shape["frameRight"] + 1, shape
    assert any("Montant engagé" in t and "quantiles" in t for t in shape["texts"]), shape["texts"]
    assert not record["outside"] and not record["errors"], record


def test_a_vintage_change_redraws_the_map_and_a_click_opens_that_vintage_s_territory(server, browser):
    import sys
    sys.path.insert(0, str(ROOT / "bench"))
    from run_bench import select_option  # the benchmark's way of choosing in a Streamlit selectbox

    page, record = new_page(browser, server)
    page.goto(server)
    wait_drawn(page)
    page.locator(".ti-map[data-drawn] path.territory").first.wait_for(timeout=30_000)
    select_option(page, "Périmètre (millésime)", "2020 · 148 territoires")
    page.wait_for_function("""() => { const map = %s;
        return map && map.dataset.drawn && map.dataset.drawn.includes('territories_2020-10_national')
            && [...map.querySelectorAll('path.territory')].filter(p => p.style.display !== 'none').length === 148; }"""
                           % SVG_MAP_ROOT, timeout=30_000)
    legend = page.locator(".ti-map-legend-title").text_content()
    assert "quantiles" in legend, legend
    point = page.evaluate(SVG_MAP_POINT, 10)
    page.mouse.click(point["x"], point["y"])
    page.get_by_text("Fiche territoire").first.wait_for(timeout=30_000)
    assert f"territory={point['id']}" in page.url and "vintage=2020-10" in page.url, page.url
    assert not record["errors"] and not record["outside"], record
    page.close()


PAGE_SCROLL = "() => Math.max(window.scrollY, ...[...document.querySelectorAll('*')].map(e => e.scrollTop))"


def test_clicking_a_territory_on_the_map_opens_its_profile(server, browser):
    page, record = new_page(browser, server)
    page.goto(server)
    wait_drawn(page)
    page.locator(".ti-map[data-drawn] path.territory").first.wait_for(timeout=30_000)
    point = page.evaluate(SVG_MAP_POINT, 40)
    view_box = "() => %s.querySelector('svg').getAttribute('viewBox')" % SVG_MAP_ROOT
    whole = page.evaluate(view_box)
    page.mouse.move(point["x"], point["y"])
    page.mouse.wheel(0, -400)  # zoom in on the pointer, as plotly's scroll zoom did
    page.wait_for_function(f"() => ({view_box})() !== {whole!r}")
    page.get_by_role("button", name="Vue entière").click()
    page.wait_for_function(f"() => ({view_box})() === {whole!r}")
    assert page.get_by_role("button", name="Vue entière").is_hidden()
    # At the whole map the wheel scrolls the page (nothing to zoom out of): a map is no scroll trap.
    scrolled = page.evaluate(PAGE_SCROLL)
    page.mouse.wheel(0, 300)
    page.wait_for_function(f"() => ({PAGE_SCROLL})() > {scrolled}", timeout=10_000)
    assert page.evaluate(view_box) == whole
    page.evaluate("() => document.querySelectorAll('*').forEach(e => { if (e.scrollTop) e.scrollTop = 0; })")
    page.wait_for_function(f"() => ({PAGE_SCROLL})() === 0", timeout=10_000)
    point = page.evaluate(SVG_MAP_POINT, 40)
    url = page.url
    page.mouse.move(point["x"], point["y"])  # a drag pans the map and opens nothing
    page.mouse.down()
    page.mouse.move(point["x"] + 40, point["y"] + 10, steps=5)
    page.mouse.up()
    page.wait_for_timeout(500)
    assert page.url == url and page.evaluate(view_box) == whole  # not zoomed in: nothing to pan
    page.mouse.move(point["x"], point["y"])
    tip = page.locator(".ti-map-tip")
    tip.wait_for(state="visible", timeout=10_000)  # hover names the territory and its value, in French
    name = tip.locator("b").text_content().strip()
    hover = tip.text_content()
    assert name and "Montant engagé : " in hover and "\u202f" in hover and "€" in hover, hover
    page.mouse.click(point["x"], point["y"])
    page.get_by_text("Fiche territoire").first.wait_for(timeout=30_000)
    page.get_by_text(name).first.wait_for(timeout=30_000)
    assert f"territory={point['id']}" in page.url, page.url
    assert not record["errors"] and not record["outside"], record
    page.close()


def test_compare_keeps_the_territories_picked_one_after_the_other(server, browser):
    """Two territories picked in Comparer's box, one after the other, are both kept (the walk of
    28/11: the second pick was replaced by two suggestions for the first)."""
    page, record = new_page(browser, server, 1366, 768)
    page.goto(f"{server}/comparer")
    wait_drawn(page)
    box = page.get_by_label("Territoires à comparer (2 à 6)")
    for name in ("Ardèche Drôme Nord (ti-8401)", "Axe Seine (ti-2802)"):
        box.click()
        box.fill(name.split(" (")[0])
        assert not page.get_by_text("Select", exact=False).count()  # no English « Select all / N matches »
        page.get_by_role("option", name=name).click()
        page.keyboard.press("Escape")
        wait_drawn(page)
    page.wait_for_function("() => location.search.includes('ti-2802')", timeout=30_000)
    chosen = page.evaluate("""() => [...document.querySelector("[data-testid='stMultiSelectTagsContainer']")
        .querySelectorAll("span[title]")].map(t => t.title)""")
    assert chosen == ["Ardèche Drôme Nord (ti-8401)", "Axe Seine (ti-2802)"], chosen
    assert "territory=ti-8401%2Cti-2802" in page.url or "territory=ti-8401,ti-2802" in page.url, page.url
    assert not record["errors"], record
    page.close()
