"""Issue 11, points 8, 9 (partly), 10, 12 and 14: French presentation, source dates on the
briefing, chart axes and labels, KPI tiles and slides at 1366×768, <html lang="fr"> and icons
that never print their names."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browser_fixtures import DRAWN_PAGES_GROUP
from conftest import app, contrast_on_white

from tidash import charts, serve
from tidash.briefing import export, slides
from tidash.state import Filters

pytestmark = [DRAWN_PAGES_GROUP]  # its read-only page checks share drawn pages with test_browser's

SI_SUFFIX = re.compile(r"\d\s*[kMGB]$")  # plotly's own « 50M », « 1,2B »


def test_served_index_declares_french_and_preloads_the_icon_font():
    from streamlit import file_util

    static = Path(file_util.get_static_dir())
    html = serve.french_index((static / "index.html").read_text(encoding="utf-8"), serve.icon_font_file(static))
    assert '<html lang="fr">' in html and 'lang="en"' not in html
    assert "<title>Territoires d'industrie" in html
    font = re.search(r'<link rel="preload" href="\./(static/media/MaterialSymbols[^"]+\.woff2)" as="font"', html)
    assert font and (static / font.group(1)).exists()
    assert serve.ICONS_READY_CLASS in html and "keyboard_arrow" not in html


def test_briefing_footer_gives_each_source_date_not_the_build_date():
    dates = slides.data_dates(Filters("2024-07", None, None, 2023))
    assert "périmètres de juillet 2024" in dates and "Fonds vert 2023 : export du 31 juillet 2024" in dates
    assert "PACA" not in dates  # 2023 only: the 2024 PACA list is not counted
    assert "PACA" in slides.data_dates(Filters("2020-10", None, None, None))
    at = app("reunion", deck="programme,changements", interval="600")
    shown = " ".join(m.value for m in at.markdown)
    assert "Fonds vert 2023 : export du 31 juillet 2024" in shown and "données du" not in shown


def test_each_slide_dates_every_source_it_counts_and_only_those():
    from tidash.briefing.foncier import land_slide

    filters = Filters("2024-07", None, None, None)
    relance_date = "France Relance industrie : liste à jour au 31 mars 2022"
    for slide in (slides.relance_slide(filters), slides.relance_slide(filters, "ti-8401")):
        dates = slides.data_dates(filters, slide)
        assert relance_date in dates and "Fonds vert" not in dates, dates
    dates = slides.data_dates(filters, land_slide(filters, "ti-8401"))
    assert "Cartofriches : 13 février 2024" in dates and "Fonds vert 2023 : export du" in dates
    dates = slides.data_dates(filters, slides.national_map_slide(filters))
    assert "Fonds vert 2024 PACA" in dates and "France Relance" not in dates and "Cartofriches" not in dates
    at = app("reunion", deck="relance", interval="600")  # the subtitle line of the relance slide
    subtitle = " ".join(m.value for m in at.markdown if "slide-subtitle" in m.value)
    assert relance_date in subtitle and "Fonds vert" not in subtitle, subtitle


def test_source_dates_are_the_dates_in_the_data(extracts):
    import pandas as pd

    from tidash import formatting as fmt
    from tidash.extracts.friches import DATA_DATE
    from tidash.sources import SOURCE_DATES

    updated = pd.read_parquet(extracts / "relance_projects.parquet", columns=["updated"])["updated"].max()
    assert SOURCE_DATES["france_relance_industrie"][1].endswith(fmt.date_fr(updated))
    assert SOURCE_DATES["cartofriches"][1].endswith(fmt.date_fr(DATA_DATE))


def test_what_changed_slide_never_shows_a_shell_command():
    slide = slides.publication_diff_slide(Filters("2024-07", None, None, 2023))
    assert slide.message.startswith("Aucune publication à comparer")
    assert "python" not in slide.message and "-m " not in slide.message and "tidash" not in slide.message


def test_png_export_has_a_title_and_a_source_line():
    filters = Filters("2024-07", None, None, 2023)
    slide = slides.national_map_slide(filters)
    figure = export.titled(slide, slides.data_dates(filters))
    assert slide.title in figure.layout.title.text
    source = " ".join(a.text for a in figure.layout.annotations)
    assert "Sources : périmètres de juillet 2024" in source and "31 juillet 2024" in source
    assert figure.layout.margin.t >= 100 and figure.layout.margin.b >= 50


def test_treemap_tiles_take_their_scheme_colour_with_readable_white_text():
    import pandas as pd

    from tidash import repository

    frame = repository.funding_by_measure(Filters())
    trace = charts.funding_treemap(frame, "Titre").data[0]
    schemes = list(frame.groupby("scheme").groups)
    assert set(trace.marker.colors) == set(charts.TREEMAP_COLOURS[:len(schemes)])  # one colour per scheme, no grey
    assert trace.textfont.color == "white"
    # A scheme keeps its colour whatever the filter shows: its place in the catalogue's list decides.
    two = pd.concat([frame, frame.assign(scheme="Autre liste")], ignore_index=True)
    for known in (("Fonds vert", "Autre liste"), ("Autre liste", "Fonds vert")):
        tiles = charts.funding_treemap(two, "Titre", known).data[0]
        colours = dict(zip(tiles.ids, tiles.marker.colors))
        assert colours["Fonds vert"] == charts.TREEMAP_COLOURS[known.index("Fonds vert")]
        assert colours["Autre liste"] == charts.TREEMAP_COLOURS[known.index("Autre liste")]
    assert all(contrast_on_white(c) >= 4.5 for c in charts.TREEMAP_COLOURS)


def test_a_short_bar_gets_its_value_beside_it_at_full_size():
    import pandas as pd

    frame = pd.DataFrame({"nom": ["Sud Isère", "Ardèche Drôme Nord", "Plastics Vallée – Oyonnax"],
                          "population": [662284, 258068, 63216]})
    from tidash import formatting as fmt

    bar = charts.horizontal_bars(frame, "nom", "population", "Population", value_format=fmt.integer).data[0]
    # sorted by value: the smallest bar (≈ 10 % of the longest) gets its value beside it, never shrunk inside
    assert list(bar.textposition) == ["outside", "inside", "inside"] and bar.cliponaxis is False
    assert list(bar.text)[0] == "63\u202f216"


def test_chart_axes_are_french_years_are_categories_and_long_names_wrap():
    import pandas as pd

    by_year = pd.DataFrame({"year": ["2023", "2024"], "amount_eur": [126_989_445.0, 4_373_733.0]})
    figure = charts.grouped_bars(by_year, "year", [("amount_eur", "Montant engagé")], "Par année")
    assert figure.layout.xaxis.type == "category"
    ticks = figure.layout.yaxis.ticktext
    assert ticks and all(t.endswith("€") for t in ticks) and not any(SI_SUFFIX.search(t) for t in ticks)
    assert "50,0\u00a0M€" in ticks
    status = pd.DataFrame({"nom_reg": ["A", "A", "B"], "status": ["inside", "outside", "inside"],
                           "amount_eur": [1.2e9, 3e8, 5e7]})
    stacked = charts.stacked_status_bars(status, "nom_reg", "Par région")
    assert "1,0\u00a0Md€" in stacked.layout.xaxis.ticktext
    assert stacked.layout.yaxis.categoryorder == "total ascending"  # the largest région on top
    # read on a meeting-room screen: 14-px dark axis labels, not the 12-px grey of Streamlit's chart theme
    assert stacked.layout.yaxis.tickfont.size == 14 and stacked.layout.xaxis.tickfont.color == "#31333F"
    counts = pd.DataFrame({"date": pd.to_datetime(["2021-01-31", "2022-12-31"]), "value": [4_000, 12_500]})
    assert charts.time_series(counts, "date", "value", "France Relance", "Entreprises").layout.yaxis.tickformat == ",d"
    measures = pd.DataFrame({"measure": ["Renforcement des aides apportées aux collectivités", "Ingénierie"],
                             "amount_eur": [787_700.0, 240_800.0]})
    bars = charts.horizontal_bars(measures, "measure", "amount_eur", "Par mesure")
    assert any("<br>" in label for label in bars.data[0].y) and "Ingénierie" in bars.data[0].y


def test_financements_by_year_names_sources_in_french_and_says_it_shows_every_year():
    at = app("financements", year="2023")
    assert not at.exception, [e.value for e in at.exception]
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    title = lambda spec: spec["layout"]["title"]["text"].replace("<br>", " ")  # noqa: E731 - long titles wrap
    by_year = next(s for s in specs if "par année et source" in title(s))
    assert "toutes les années" in title(by_year)
    labels = " ".join(str(x) for trace in by_year["data"] for x in trace["x"])
    assert "Fonds vert 2023" in labels and "fonds_vert_2023" not in labels
    assert by_year["layout"]["xaxis"]["type"] == "category"
    assert all(t.endswith("€") for t in by_year["layout"]["yaxis"]["ticktext"])


ISO_MONTH = re.compile(r"\b\d{4}-\d{2}\b")
RAW_ID = re.compile(r"^[A-Za-z0-9]+(_[A-Za-z0-9]+)+$")
ENGLISH = re.compile(r"\b(the|of|and|share|lower bound|as published|jobs|projects)\b", re.I)


def test_every_cited_figure_has_a_french_label_and_note():
    from tidash import programme_fr, repository

    facts = repository.programme_facts()
    assert set(facts["indicator"]) <= set(programme_fr.INDICATOR_LABELS)
    noted = facts[facts["note"].notna()]
    assert set(noted["fact_id"]) <= set(programme_fr.NOTES_FR)
    snapshots = repository.fund_snapshots()
    assert set(snapshots.loc[snapshots["note"].notna(), "row_id"]) <= set(programme_fr.NOTES_FR)


def test_programme_page_shows_french_labels_dates_and_missing_values():
    at = app("programme")
    assert not at.exception, [e.value for e in at.exception]
    facts, snapshots = at.dataframe[0].value, at.dataframe[1].value
    assert not [v for v in facts["Indicateur"] if not isinstance(v, str) or RAW_ID.match(v)]
    assert "Part de l'emploi manufacturier, France métropolitaine (2006)" in set(facts["Indicateur"])
    assert not [v for v in facts["Précision"] if ENGLISH.search(str(v))], "notes en anglais"
    assert not [v for v in facts["Date"] if ISO_MONTH.search(str(v))] and "novembre 2018" in set(facts["Date"])
    text = snapshots.to_string()
    assert "None" not in text and "—" not in text and "wave" not in text
    assert "non renseigné" in text and "vague de lauréats" in text


def test_donnees_page_shows_no_raw_dates_or_none():
    at = app("donnees")
    assert not at.exception, [e.value for e in at.exception]
    sources = at.dataframe[0].value
    assert not [v for v in sources["Millésime"] if ISO_MONTH.search(v)]
    assert "octobre 2020, août 2023, juillet 2024" in set(sources["Millésime"])
    quality = next(d.value for d in at.dataframe if "Problème" in d.value.columns)  # « Lignes non rapprochées »
    assert "None" not in quality.to_string() and not quality.isna().any().any()
    assert not [v for v in quality["Millésime"] if ISO_MONTH.fullmatch(str(v))]


# Browser checks (Playwright + Debian's Chromium), with the shared fixtures of browser_fixtures.py.
browser_checks = pytest.importorskip("browser_fixtures")
needs_chromium = browser_checks.needs_chromium


def _open(browser, url: str, width: int, height: int):
    """A page of its own in the warm context (browser_fixtures.new_page), for a test that clicks or types."""
    page, _ = browser_checks.new_page(browser, url, width, height)
    return page


# The icon font's face has failed (its request aborted) and no font load is pending: what the page
# shows from then on is what it shows without the font (font-display: block ends with the failure).
ICON_FONT_FAILED = """(family) => document.fonts.status === 'loaded'
    && [...document.fonts].some(f => f.family.replace(/["']/g, '') === family && f.status === 'error')"""


@pytest.mark.browser
@pytest.mark.slow
@needs_chromium
def test_page_is_french_and_icons_never_print_their_names_without_their_font(server, browser, drawn_page):
    # A fresh context of its own: nothing cached by another page may bring the font back.
    context, page, _ = browser_checks.open_page(browser, server, 1366, 768)
    page.route("**/MaterialSymbols*", lambda route: route.abort())  # the font cannot be fetched
    page.goto(server)  # the national page: expanders (arrow icons) and the lightest page to draw
    browser_checks.wait_drawn(page)
    page.locator("[data-testid='stExpander']").first.wait_for(timeout=30_000)
    # Was a fixed 3 500 ms (past the 3-s block period of font-display: block): now until the font has failed.
    page.wait_for_function(ICON_FONT_FAILED, arg=serve.ICON_FONT, timeout=30_000)
    state = page.evaluate("""() => ({
        lang: document.documentElement.lang,
        icons: [...document.querySelectorAll("[data-testid='stIconMaterial']")].map(e => ({
            name: e.innerText, width: e.getBoundingClientRect().width,
            size: parseFloat(getComputedStyle(e).fontSize), colour: getComputedStyle(e).color})),
    })""")
    assert state["lang"] == "fr"
    arrows = [i for i in state["icons"] if i["name"].startswith("keyboard_arrow")]
    assert arrows
    for icon in state["icons"]:
        assert icon["width"] <= 1.5 * icon["size"] and icon["colour"] == "rgba(0, 0, 0, 0)", icon
    context.close()
    page, _ = drawn_page("", 1366, 768)  # with the font (read only, shared): icons are drawn
    page.wait_for_function("document.documentElement.classList.contains('%s')" % serve.ICONS_READY_CLASS,
                           timeout=30_000)


@pytest.mark.browser
@pytest.mark.slow
@needs_chromium
def test_chart_titles_stay_inside_their_chart_at_1366x768(drawn_page):
    """A plotly title never wraps by itself: a long one on a half-width chart was cut (charts.base_layout)."""
    page, _ = drawn_page("financements", 1366, 768)  # read only, shared with the other checks of that page and size
    page.locator(".js-plotly-plot .gtitle").first.wait_for(timeout=30_000)
    titles = page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')].map(plot => {
        const title = plot.querySelector('.gtitle');
        return title && {text: title.textContent, right: title.getBoundingClientRect().right,
                         edge: plot.getBoundingClientRect().right};
    }).filter(t => t && t.text)""")
    assert titles
    assert not [t for t in titles if t["right"] > t["edge"] + 1], titles


@pytest.mark.browser
@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize("path, titles", [
    ("territoire?territory=ti-8401&section=fonds-vert", ["Montant engagé par mesure — Fonds vert 2023"]),
    ("territoire?territory=ti-8401&section=relance", ["Projets par mesure (France Relance)"]),
    ("comparer?territory=ti-8401,ti-8413", ["Montant engagé — Fonds vert 2023", "Population — population légale 2020 (INSEE, COG 2023)"])])
def test_pages_draw_their_bars_without_plotly_and_cut_no_value_at_1366x768(drawn_page, path, titles):
    """The territory page's and Comparer's bars are HTML, the maps plain SVG (issue 12): no plotly
    chart on the page, every bar value whole inside its chart, every chart's title inside it."""
    page, _ = drawn_page(path, 1366, 768)  # read only, shared
    page.locator(".ti-bars figcaption").first.wait_for(timeout=30_000)
    state = page.evaluate("""() => ({
        plotly: document.querySelectorAll('.js-plotly-plot, [data-testid="stPlotlyChart"]').length,
        charts: [...document.querySelectorAll('.ti-bars')].map(chart => {
            const edge = chart.getBoundingClientRect().right;
            const values = [...chart.querySelectorAll('.ti-bars-value')];
            return {title: chart.querySelector('figcaption').textContent, n: values.length,
                    cut: [chart.querySelector('figcaption'), ...values].filter(e =>
                        e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > edge + 1)
                        .map(e => e.textContent)};
        })})""")
    assert state["plotly"] == 0, state
    assert set(titles) <= {c["title"] for c in state["charts"]}, state["charts"]
    assert all(c["n"] > 0 and not c["cut"] for c in state["charts"]), state["charts"]


@pytest.mark.browser
@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize("path", ["", "territoire?territory=ti-8401", "regions?region=84", "financements"])
def test_kpi_tiles_are_not_cut_at_1366x768(drawn_page, path):
    page, _ = drawn_page(path, 1366, 768)  # read only, shared with the other checks of that page and size
    page.locator("[data-testid='stMetric']").first.wait_for(timeout=30_000)
    tiles = page.evaluate("""() => [...document.querySelectorAll("[data-testid='stMetric']")].map(m => {
        const cut = e => [e, ...e.querySelectorAll('*')].some(x => x.scrollWidth > x.clientWidth + 1);
        return {label: m.querySelector("[data-testid='stMetricLabel']").innerText,
                value: m.querySelector("[data-testid='stMetricValue']").innerText,
                cut: cut(m.querySelector("[data-testid='stMetricValue']")) || cut(m.querySelector("[data-testid='stMetricLabel']")),
                right: m.getBoundingClientRect().right};
    })""")
    assert tiles
    assert not [t for t in tiles if t["cut"] or t["right"] > 1366], tiles


@pytest.mark.browser
@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize("path", ["", "territoire?territory=ti-8401", "regions?region=84"])
def test_every_page_link_and_every_filter_is_on_screen_at_1366x768(drawn_page, path):
    """The nine pages in the top bar on one line (no overflow menu, whose « N more » is English) and
    every filter of the sidebar above the fold: at 768 px the sidebar's page list used to push the
    year under the screen."""
    page, _ = drawn_page(path, 1366, 768)  # read only, shared with the other checks of that page and size
    page.locator("[data-testid='stSidebar'] [data-testid='stWidgetLabel']").first.wait_for(timeout=30_000)
    state = page.evaluate("""() => ({
        links: [...document.querySelectorAll("[data-testid='stTopNavLink']")].map(a => ({
            text: a.innerText.trim(), right: a.getBoundingClientRect().right, top: a.getBoundingClientRect().top})),
        header: document.querySelector("[data-testid='stHeader']").innerText,
        menu: !!document.querySelector("[data-testid='stMainMenu']"),  // English entries: none shown
        filters: [...document.querySelectorAll("[data-testid='stSidebar'] [data-testid='stWidgetLabel']")].map(l => ({
            label: l.innerText, bottom: l.closest("[data-testid='stElementContainer']").getBoundingClientRect().bottom}))})""")
    titles = ["Vue nationale", "Territoire", "Comparer", "Régions", "Financements", "Projets", "Programme",
              "Données", "Mode réunion"]
    assert [link["text"].split("\n")[-1] for link in state["links"]] == titles, state["links"]
    assert len({round(link["top"]) for link in state["links"]}) == 1 and max(l["right"] for l in state["links"]) <= 1366
    assert "more" not in state["header"].lower() and not state["menu"], state
    assert {"Année", "Région"} <= {f["label"] for f in state["filters"]}
    assert all(f["bottom"] <= 768 for f in state["filters"]), state["filters"]


@pytest.mark.browser
@pytest.mark.slow
@needs_chromium
def test_briefing_fits_1366x768_with_buttons_and_dates_above_the_fold(server, browser):
    page = _open(browser, server, 1366, 768)
    # slide 5: a territory followed from 2020, whose lineage note lengthens the message (it once
    # pushed the buttons 3 px under the screen)
    page.goto(f"{server}/reunion?deck=programme,carte,region:84,territoire:ti-8401,territoire:ti-8413@2020-10,"
              "changements&interval=600")
    next_button = []  # where « Suivant » is on each slide: it never moves under the presenter's pointer
    for number in range(1, 7):
        page.get_by_text(f"{number} / 6").first.wait_for(timeout=30_000)
        browser_checks.wait_drawn(page)
        fit = browser_checks.settled(page, """() => {
            const main = document.querySelector("[data-testid='stMain']");
            const bottom = s => Math.max(0, ...[...document.querySelectorAll(s)].map(e => e.getBoundingClientRect().bottom));
            return {scroll: Math.max(document.documentElement.scrollHeight, main.scrollHeight), viewport: innerHeight,
                    buttons: bottom("[data-testid='stButton'] button, [data-testid='stDownloadButton'] button"),
                    footer: bottom(".slide-footer"), dates: bottom(".slide-dates"),
                    datesText: document.querySelector(".slide-dates").innerText,
                    charts: bottom("[data-testid='stPlotlyChart'], [data-testid^='stBidiComponent']"),
                    // the maps are plain SVG (svg_map, in a shadow root), never a plotly map
                    svgMaps: [...document.querySelectorAll('*')].filter(e => e.shadowRoot
                        && e.shadowRoot.querySelector('.ti-map[data-drawn]')).length,
                    plotlyMaps: document.querySelectorAll('.js-plotly-plot .geo').length,
                    // every bar of the side chart inside its box (the box hides what overflows)
                    sideBars: [...document.querySelectorAll('.st-key-slide_side .ti-bars-value')].map(v =>
                        v.getBoundingClientRect().bottom <= document.querySelector('.st-key-slide_side')
                            .getBoundingClientRect().bottom + 1),
                    // colour-bar titles cut by their plot (a long legend title on a narrow slide map)
                    cutTitles: [...document.querySelectorAll(".js-plotly-plot")].flatMap(plot => {
                        const frame = plot.getBoundingClientRect();
                        return [...plot.querySelectorAll(".cbtitle text")].map(t => t.getBoundingClientRect())
                            .filter(r => r.width > 0 && (r.left < frame.left - 1 || r.right > frame.right + 1))
                            .map(r => [r.left, r.right, frame.left, frame.right]);
                    })};
        }""")
        assert not fit["cutTitles"], (number, fit["cutTitles"])
        assert fit["plotlyMaps"] == 0 and fit["svgMaps"] == (1 if number in (2, 3, 4, 5) else 0), (number, fit)
        assert all(fit["sideBars"]) and (number != 4 or len(fit["sideBars"]) == 6), (number, fit["sideBars"])
        assert fit["scroll"] <= fit["viewport"], (number, fit)
        assert 0 < fit["buttons"] <= fit["viewport"] and 0 < fit["footer"] <= fit["viewport"], (number, fit)
        assert fit["charts"] <= fit["viewport"], (number, fit)
        assert 0 < fit["dates"] <= fit["viewport"] and "31 juillet 2024" in fit["datesText"], fit
        box = page.get_by_role("button", name="Suivant").bounding_box()
        next_button.append((round(box["x"]), round(box["y"])))
        page.keyboard.press("ArrowRight")
    assert len(set(next_button)) == 1, next_button  # the text-only last slide included
    page.close()


@pytest.mark.browser
@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)])
@pytest.mark.parametrize("entry,title", [("foncier:ti-8401", "Foncier : friches"), ("territoire:ti-8413", "Plastics"),
                                         ("relance:ti-8401", "projets France Relance"), ("relance", "France Relance")])
def test_territory_land_and_relance_slides_fit_the_screen(server, browser, size, entry, title):
    page = _open(browser, server, *size)
    page.goto(f"{server}/reunion?deck={entry}&interval=600")
    page.get_by_text(title).first.wait_for(timeout=30_000)
    browser_checks.wait_drawn(page)
    fit = browser_checks.settled(page, """() => {
        const main = document.querySelector("[data-testid='stMain']");
        const next = [...document.querySelectorAll('button')].find(b => b.innerText.includes('Suivant'));
        return {scroll: Math.max(document.documentElement.scrollHeight, main.scrollHeight), viewport: innerHeight,
                button: next.getBoundingClientRect().bottom};
    }""")
    assert fit["scroll"] <= fit["viewport"] and fit["button"] <= fit["viewport"], fit
    page.close()


@pytest.mark.browser
@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)])
def test_inset_names_stay_off_the_mainland_and_treemap_labels_are_readable(drawn_page, size):
    from tidash.charts import TREEMAP_MIN_FONT
    from tidash.maps import INSET_NAMES

    page, _ = drawn_page("", *size)  # read only (both pages), shared with the other checks of that page and size
    page.locator(".ti-map[data-drawn] path.territory").first.wait_for(timeout=30_000)
    found = browser_checks.settled(page, """() => {
        const map = %s;
        const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
        return {frame: box(map.querySelector('svg')),
                names: [...map.querySelectorAll('.ti-map-insets text')].filter(t => t.textContent)
                    .map(t => [t.textContent, box(t), parseFloat(getComputedStyle(t).fontSize) * t.getCTM().a]),
                shapes: [...map.querySelectorAll('path')].map(box).filter(b => b[2] > b[0])};
    }""" % browser_checks.SVG_MAP_ROOT)
    overlaps = lambda a, b: a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]  # noqa: E731
    assert sorted(n for n, *_ in found["names"]) == sorted(INSET_NAMES.values())
    for name, rect, size_px in found["names"]:
        assert size_px >= 13, (name, size_px)  # read from across a meeting room, whatever the map's width
        frame = found["frame"]
        assert frame[0] <= rect[0] and rect[2] <= frame[2], (name, rect, frame)  # not clipped by the map frame
        touched = [s for s in found["shapes"] if overlaps(rect, s)]
        assert not touched, (name, rect, touched[:3])  # neither the mainland nor an inset under the name
    page, _ = drawn_page("financements", *size)
    page.locator(".js-plotly-plot .treemap text").first.wait_for(timeout=30_000)
    sizes = browser_checks.settled(page, """() => [...document.querySelectorAll('.js-plotly-plot .treemap text')]
        .filter(t => t.textContent.trim() && getComputedStyle(t).display !== 'none' && t.getBoundingClientRect().width > 0)
        .map(t => [t.textContent.slice(0, 30), parseFloat(getComputedStyle(t).fontSize)
                   * (t.getCTM() ? Math.abs(t.getCTM().a) : 1)])""")
    assert sizes and min(s for _, s in sizes) >= TREEMAP_MIN_FONT - 0.5, sorted(sizes, key=lambda s: s[1])[:5]


@pytest.mark.browser
@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)])
@pytest.mark.parametrize("path", ["", "comparer?territory=ti-8401,ti-8413", "donnees", "regions?region=84",
                                  "territoire?territory=ti-8401", "territoire?territory=ti-8401&section=fonds-vert",
                                  "territoire?territory=ti-8401&section=relance",
                                  "territoire?territory=ti-8401&section=friches",
                                  "financements", "programme", "projets"])
def test_every_table_column_is_visible(drawn_page, size, path):
    """No table scrolls sideways: every column is on screen (narrow ones may end in « … »)."""
    page, _ = drawn_page(path, *size)  # read only, shared with the other checks of that page and size
    page.locator("[data-testid='stDataFrame'] .dvn-scroller").first.wait_for(timeout=30_000)
    tables = browser_checks.settled(page, """() => [...document.querySelectorAll("[data-testid='stDataFrame']")].map(d => {
        const s = d.querySelector('.dvn-scroller');
        return s && {overflow: s.scrollWidth - s.clientWidth, right: d.getBoundingClientRect().right,
                     heads: [...d.querySelectorAll('[role=columnheader]')].map(h => h.innerText).join(' | ')};
    }).filter(t => t)""")
    assert tables
    assert not [t for t in tables if t["overflow"] > 1 or t["right"] > size[0]], tables


@pytest.mark.browser
@pytest.mark.slow
@needs_chromium
def test_plotly_toolbar_is_french_and_png_downloads_under_a_french_name(server, browser):
    page = _open(browser, server, 1920, 1080)
    page.goto(f"{server}/programme")
    browser_checks.wait_drawn(page)
    page.locator(".js-plotly-plot .modebar-btn").first.wait_for(state="attached", timeout=30_000)
    titles = page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot .modebar-btn')]
        .map(b => b.getAttribute('data-title'))""")
    ours = set(titles)  # « Plein écran »: added by Streamlit, translated by tidash.frontend_fr
    assert {"Télécharger en PNG", "Zoom avant", "Plein écran"} <= ours and "Fullscreen" not in ours, titles
    assert not ours & {"Download plot as a PNG", "Zoom in", "Reset axes", "Pan", "Box Select", "Lasso Select",
                       "Autoscale", "Toggle Spike Lines"}, titles
    # The charts' text in the page's own font: their first family is one the page has loaded
    fonts = page.evaluate("""() => ({
        loaded: [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replace(/["']/g, '')),
        charts: [...new Set([...document.querySelectorAll('.js-plotly-plot .xtick text, .js-plotly-plot .gtitle')]
            .map(t => getComputedStyle(t).fontFamily.split(',')[0].replace(/["']/g, '').trim()))]})""")
    assert fonts["charts"] and set(fonts["charts"]) <= set(fonts["loaded"]), fonts
    with page.expect_download(timeout=30_000) as download:
        page.locator(".js-plotly-plot").first.hover()
        page.locator(".js-plotly-plot .modebar-btn[data-title='Télécharger en PNG']").first.click()
    assert download.value.suggested_filename == "territoires_industrie_graphique.png"
    page.close()


@pytest.mark.browser
@pytest.mark.slow
@needs_chromium
def test_streamlit_own_texts_are_french_in_an_english_browser(server, browser):
    """tidash.frontend_fr: the table toolbar, the sidebar's arrow, « No results » of a list and
    « Press Enter to apply » under a text box, in French (Streamlit has no language setting; the
    import's « 50 Mo » in test_import_lists_browser)."""
    page = _open(browser, server, 1366, 768)  # locale en-US (browser_fixtures.new_page)
    page.goto(server)
    browser_checks.wait_drawn(page)
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.wait_for(timeout=30_000)
    grid.hover()
    page.locator("[data-testid='stElementToolbar'] button").first.wait_for(timeout=10_000)
    labels = page.evaluate("""() => [...document.querySelectorAll("[data-testid='stElementToolbar'] button")]
        .map(b => b.getAttribute('aria-label'))""")
    assert {"Télécharger ce tableau (CSV)", "Rechercher", "Plein écran"} <= set(labels), labels
    collapse = page.locator("[data-testid='stSidebarCollapseButton'] button")
    assert collapse.get_attribute("aria-label") == "Replier la barre latérale"
    assert page.locator("[data-testid='stSkipToContent']").text_content() == "Aller au contenu principal"  # Tab shows it
    assert page.locator("[data-testid='stTopNav']").get_attribute("aria-label") == "Pages du tableau de bord"
    page.goto(f"{server}/territoire")
    browser_checks.wait_drawn(page)
    box = page.get_by_label("Rechercher un territoire (nom, EPCI ou commune)")
    box.click()
    box.type("Ann")
    page.locator("[data-testid='InputInstructions']").get_by_text("Entrée pour valider").wait_for(timeout=10_000)
    page.locator("[data-testid='stSelectbox']").last.click()
    page.keyboard.type("zzzz")
    page.get_by_text("Aucun résultat").first.wait_for(timeout=10_000)
    assert "No results" not in page.inner_text("body") and "Press Enter" not in page.inner_text("body")
    page.close()
