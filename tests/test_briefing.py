"""Briefing mode: deck URL parsing, navigation, « ce qui a changé » after an import, PDF."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, app

from tidash.briefing.deck import DEFAULT_INTERVAL, SlideSpec, deck_param, parse_deck, parse_interval

REGIONS = {"84", "93"}
TERRITORIES = {"ti-8401", "ti-9301"}


def test_a_deck_is_read_from_the_url_and_invalid_entries_are_skipped_with_a_notice():
    specs, notices = parse_deck("programme,region:84,territoire:ti-8401,region:99,territoire:ti-0000,"
                                "<script>,carte", REGIONS, TERRITORIES)
    assert [s.token() for s in specs] == ["programme", "region:84", "territoire:ti-8401", "carte"]
    assert len(notices) == 3
    assert deck_param(specs) == "programme,region:84,territoire:ti-8401,carte"


def test_an_empty_or_hostile_deck_falls_back_to_the_default():
    specs, notices = parse_deck("'; DROP TABLE x; --", REGIONS, TERRITORIES)
    assert [s.kind for s in specs] == ["programme", "carte", "changements"] and notices
    specs, notices = parse_deck(None, REGIONS, TERRITORIES)
    assert len(specs) == 3 and not notices
    specs, _ = parse_deck(",".join(["carte"] * 100), REGIONS, TERRITORIES)
    assert len(specs) == 30


def test_interval_is_bounded():
    assert parse_interval(None) == DEFAULT_INTERVAL == 20
    assert parse_interval("45") == 45 and parse_interval("1") == 20 and parse_interval("abc") == 20


def briefing(**query):
    return app("reunion", **query)


def slide_footer(at) -> str:
    return " ".join(m.value for m in at.markdown if "Diapositive" in m.value)


def test_quit_goes_back_to_the_national_view_with_the_same_filters():
    """The briefing has no page bar: « Quitter » is the way back (the walk of 28/11 found none)."""
    at = briefing(deck="programme,carte", interval="600", year="2024")
    at.button(key="quit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["Territoires d'industrie — vue nationale"]
    assert "année 2024" in " ".join(c.value for c in at.caption)  # the deck's filters, kept


def test_navigation_with_buttons():
    at = briefing(deck="programme,carte,region:84,territoire:ti-8401", interval="600")
    assert not at.exception, [e.value for e in at.exception]
    assert "<b>1 / 4</b>" in slide_footer(at)
    assert "Territoires d&#x27;industrie : le programme" in " ".join(m.value for m in at.markdown)
    at.button(key="next").click().run()
    assert "<b>2 / 4</b>" in slide_footer(at)
    at.button(key="next").click().run()
    at.button(key="next").click().run()
    assert "<b>4 / 4</b>" in slide_footer(at)
    assert "Ardèche Drôme Nord" in " ".join(m.value for m in at.markdown)
    at.button(key="next").click().run()
    assert "<b>1 / 4</b>" in slide_footer(at)  # wraps around
    at.button(key="previous").click().run()
    assert "<b>4 / 4</b>" in slide_footer(at)
    at.button(key="play").click().run()
    assert "en pause" in slide_footer(at)


def test_a_pinned_territory_follows_its_lineage_into_the_deck_vintage():
    # ti-8413 of 2024 (Plastics Vallée – Oyonnax) is ti-8408 in 2020; ti-8413 of 2020 is Thiers.
    at = briefing(deck="territoire:ti-8413@2024-07", vintage="2020-10", interval="600")
    assert not at.exception, [e.value for e in at.exception]
    shown = " ".join(m.value for m in at.markdown)
    assert "Oyonnax - Bugey Sud" in shown and "Thiers" not in shown
    assert "42 communes en commun" in shown and "ti-8408" in shown
    at = briefing(deck="territoire:ti-2402@2024-07", vintage="2020-10", interval="600")
    shown = " ".join(m.value for m in at.markdown)
    assert "existait pas" in shown and "Chartres" in shown


def test_the_sidebar_deck_link_pins_territories_to_their_vintage():
    from tidash.state import Filters, View
    from tidash.ui import briefing_params
    params = briefing_params(View(Filters(vintage="2024-07"), territories=["ti-8413"]))
    assert "territoire:ti-8413@2024-07" in params["deck"].split(",")
    specs, notices = parse_deck(params["deck"], REGIONS, {"ti-8413@2024-07", "ti-8413"})
    assert not notices and specs[2].token() == "territoire:ti-8413@2024-07"


def test_the_sidebar_deck_link_adds_the_land_relance_and_ledger_slides_within_the_caps():
    from tidash.briefing.deck import MAX_DECK_CHARS, MAX_SLIDES
    from tidash.state import MAX_TERRITORIES, Filters, View
    from tidash.ui import briefing_params, options

    opts = options()
    known = opts.territories["2024-07"]
    pinned = {f"{t}@2024-07" for t in known}
    params = briefing_params(View(Filters("2024-07", "84"), territories=["ti-8401"]), ledger_loaded=True)
    assert params["deck"].split(",") == ["programme", "carte", "region:84", "territoire:ti-8401@2024-07",
                                         "foncier:ti-8401", "relance:ti-8401", "suivi", "changements"]
    specs, notices = parse_deck(params["deck"], set(opts.regions), known | pinned)
    assert not notices and len(specs) == 8
    # The embedded data hold no programme ledger: no « suivi » slide unless one is loaded.
    assert "suivi" not in briefing_params(View(Filters("2024-07")))["deck"]
    # The most territories a view holds stay within the deck's caps, every slide kept.
    many = sorted(known)[:MAX_TERRITORIES]
    params = briefing_params(View(Filters("2024-07", "84"), territories=many), ledger_loaded=True)
    specs, notices = parse_deck(params["deck"], set(opts.regions), known | pinned)
    assert not notices and len(specs) == 3 + 3 * MAX_TERRITORIES + 2 <= MAX_SLIDES
    assert len(params["deck"]) <= MAX_DECK_CHARS


def test_invalid_entries_are_reported_on_the_slide():
    at = briefing(deck="carte,region:00,bogus")
    assert not at.exception
    assert "2 entrées ignorées" in slide_footer(at)


def test_the_briefing_has_no_sidebar_and_keeps_the_deck_in_the_url():
    at = briefing(deck="carte")
    assert not at.sidebar.selectbox  # the shared filters are not drawn in briefing mode
    assert at.query_params["deck"] in ("carte", ["carte"])


def test_the_page_bar_opens_the_deck_of_the_current_view():
    """« Mode réunion » in the page bar (no deck in its URL) gives the deck the sidebar's link
    gives: the view's région slide included, filters and deck written in a URL to share."""
    at = briefing(region="53", year="2023")
    assert not at.exception, [e.value for e in at.exception]
    deck_param = at.query_params["deck"]
    deck_param = deck_param[0] if isinstance(deck_param, list) else deck_param
    assert deck_param.split(",")[:3] == ["programme", "carte", "region:53"]
    assert at.query_params["region"] in ("53", ["53"])


def test_map_slides_draw_svg_on_screen_and_keep_plotly_for_the_export():
    """The screen draws a slide's map with svg_map (no plotly.js); the PDF/PNG keep the plotly
    figure: the same territories, classes and values on both."""
    import html
    import json

    from tidash import db, maps
    from tidash.briefing import slides
    from tidash.state import Filters

    slide = slides.national_map_slide(Filters())
    screen, export = slide.screen_map, slide.export_figure()
    assert screen["fill"] and screen["layer"].startswith("/app/static/geo/territories_2024-07_national.json")
    territories = next(t for t in export.data if t.type == "choropleth" and t.showscale is not False)
    assert [i[0] for i in screen["items"]] == list(territories.locations)  # the same 183 territories
    assert [e[1] for e in screen["legend"]["entries"]] == list(territories.colorbar.ticktext)  # the same classes
    metrics = db.run("territory_metrics", vintage="2024-07", region=None, scheme=None, year=2023).set_index("id_ti")
    shown = {i[0]: i[2] for i in screen["items"]}
    assert shown["ti-8401"] == maps.METRICS["amount_eur"].value_format(metrics.at["ti-8401", "amount_eur"])
    at = briefing(deck="territoire:ti-8401")
    assert not at.exception, [e.value for e in at.exception]
    [component] = at.get("bidi_component")
    data = json.loads(component.proto.json)
    points = db.run("territory_project_points", vintage="2024-07", scheme=None, year=2023, id_ti="ti-8401")
    assert data["kind"] == "points" and len(data["points"]) == len(points) and data["fill"]
    assert not at.get("plotly_chart")  # no plotly.js on this slide: its side bars are HTML too
    slide = slides.territory_slide(Filters(), "ti-8401")
    side_html = " ".join(h.proto.body for h in at.get("html"))
    assert "Montant engagé par mesure (6 premières sur 10)" in side_html and slide.side_html in side_html
    for text in slide.export_side().data[0].text:  # the export's bars, value by value, on the screen's
        assert f">{text}</div>" in slide.side_html
    # The screen gives each measure its whole name (its box cuts it where its width ends, at every
    # screen size); the export's plotly bars get names cut to 26 characters
    from tidash import repository
    measures = repository.funding_by_measure(Filters(), "ti-8401")["measure"]
    longest = max(measures.head(6), key=len)
    assert len(longest) > 26 and f">{html.escape(longest)}</div>" in slide.side_html
    assert max(len(name) for name in slide.export_side().data[0].y) <= 26
    from tidash.briefing import export
    pdf_page = export.slide_figure(slide, 1, 1, "27 novembre 2026")
    assert "Montant engagé par mesure (6 premières sur 10)" in " ".join(a.text for a in pdf_page.layout.annotations)


@pytest.fixture
def imported(private_data, tmp_path):
    target = private_data
    source = ROOT / "data/sources/financements/fonds_vert_2023_export_national.csv"
    lines = source.read_text(encoding="utf-8").splitlines()
    extra = lines[1].replace('"12487592"', '"99999999"').replace('"21667"', '"5000000"')
    path = tmp_path / "fonds-vert-2023.csv"
    path.write_text("\n".join([*lines, extra]) + "\n", encoding="utf-8")
    from tidash.ingest import __main__ as ingest
    assert ingest.main([str(path)]) == 0
    return target


def test_what_changed_after_an_import(imported):
    from tidash.briefing.publication_diff import compare
    from tidash.state import Filters

    changes = compare(Filters())
    assert len(changes.new_projects) == 10_783 and len(changes.removed_projects) == 10_782
    # Same projects under new ids plus one extra project of 5 000 000 € in Ain.
    assert changes.euros_added == pytest.approx(5_000_000)
    at = briefing(deck="changements")
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "Nouveaux projets" in text and "5,0\u00a0M€" in text
    from tidash.briefing import slides
    slide = slides.publication_diff_slide(Filters())
    bar = next(t for t in slide.export_figure().data if t.type == "choropleth" and t.showscale is not False).colorbar
    assert bar.title.text == "Euros ajoutés" and slide.screen_map["metricLabel"] == "Euros ajoutés"  # not « Montant engagé »
    assert slide.screen_map["legend"]["title"].startswith("Euros ajoutés — ")
    assert "Rang national" in slide.table.columns
    # under a région filter the ranks are among the région's territories, and the column says so
    regional = slides.publication_diff_slide(Filters(region="84"))
    assert "Rang dans la région" in regional.table.columns and regional.subtitle.startswith("Auvergne-Rhône-Alpes · ")


def test_national_slides_stay_national_when_the_deck_has_a_region():
    """A deck opened from a page filtered to a région: the programme and national map slides keep
    the whole country's figures (the région has its own slide); the walk of 28/11 saw the
    région's 24 territories and 615 projects beside the national map and its top 8."""
    from tidash.briefing import slides
    from tidash.state import Filters

    national, regional = Filters(), Filters(region="84")
    for build in (slides.programme_slide, slides.national_map_slide):
        assert build(regional).kpis == build(national).kpis
        assert build(regional).subtitle == build(national).subtitle
    kpis = dict((label, value) for label, value in slides.national_map_slide(regional).kpis)
    assert kpis["Territoires"] == "183"
    region = slides.region_slide(regional, "84")
    assert dict(region.kpis) != kpis and region.title == "Région Auvergne-Rhône-Alpes"
    # a région no list covers that year: « — » and the slide says why, never « — € » nor « 0 »
    uncovered = slides.region_slide(Filters(year=2024), "84")
    assert dict(uncovered.kpis)["€ par habitant"] == "—" and "(ce n'est pas zéro)" in uncovered.message
    assert not any(value.startswith(("—\u00a0", "0")) for _, value in uncovered.kpis)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="/usr/bin/chromium absent")
def test_the_pdf_has_one_page_per_slide_with_the_slide_titles():
    import io

    from pypdf import PdfReader

    from tidash.briefing import export, slides
    from tidash.state import Filters

    specs = [SlideSpec("programme"), SlideSpec("carte"), SlideSpec("region", "84"),
             SlideSpec("territoire", "ti-8401"), SlideSpec("changements")]
    built = [slides.build(s, Filters()) for s in specs]
    reader = PdfReader(io.BytesIO(export.deck_pdf(built, "27 novembre 2026")))
    assert len(reader.pages) == len(specs)
    for page, slide in zip(reader.pages, built):
        text = page.extract_text()
        flat = lambda v: v.replace("\u202f", " ").replace("\xa0", " ")  # PDF text has plain spaces
        assert slide.title in text, slide.title
        assert all(flat(value) in flat(text) for _, value in slide.kpis[:2])
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert width > height  # landscape
    png = export.figure_png(built[1].export_figure())
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_land_slide_shows_the_territory_friches_beside_land_recycling_funding():
    specs, notices = parse_deck("foncier:ti-8401,foncier:ti-0000,foncier:8401", REGIONS, TERRITORIES)
    assert [s.token() for s in specs] == ["foncier:ti-8401"] and len(notices) == 2
    at = briefing(deck="foncier:ti-8401", interval="600")
    assert not at.exception, [e.value for e in at.exception]
    text = " ".join(m.value for m in at.markdown)
    from tidash import db
    from tidash import formatting as fmt

    row = db.run("friches_by_territory", vintage="2024-07", region=None).set_index("id_ti").loc["ti-8401"]
    assert "Foncier : friches — Ardèche Drôme Nord" in text
    assert f'<div class="kpi-value">{fmt.integer(row["n_friches"])}</div><div class="kpi-label">Friches recensées' in text
    assert "Recyclage foncier" in text and "jamais additionnés" in text and "Source : Cerema, Cartofriches" in text
    # The same surface as the territory's profile shows (it once said « 130 ha » beside the profile's « 129,8 ha »)
    surface = fmt.decimal(row["friches_surface_ha"], 1) + "\u00a0ha"
    assert f'<div class="kpi-value">{surface}</div><div class="kpi-label">Surface connue' in text


@pytest.mark.slow
@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="/usr/bin/chromium absent")
def test_the_land_slide_exports_to_pdf():
    import io

    from pypdf import PdfReader

    from tidash.briefing import export, slides
    from tidash.state import Filters

    built = [slides.build(SlideSpec("foncier", "ti-8401"), Filters())]
    reader = PdfReader(io.BytesIO(export.deck_pdf(built, "27 novembre 2026")))
    assert len(reader.pages) == 1 and "Friches recensées" in reader.pages[0].extract_text()


def test_slides_use_the_same_rank_as_the_table_and_profile():
    from tidash import db
    from tidash.briefing import slides
    from tidash.state import Filters
    metrics = db.run("territory_metrics", vintage="2024-07", region=None, scheme=None, year=2023)
    value = metrics.set_index("id_ti").loc["ti-7512", "amount_eur"]
    rank = int((metrics["amount_eur"] > value).sum()) + 1
    slide = slides.territory_slide(Filters(), "ti-7512")
    assert dict(slide.kpis)["Rang national"].startswith(f"{rank}") and dict(slide.kpis)["Rang national"].endswith("/183")
    n_measures = len(db.run("funding_by_measure", vintage="2024-07", region=None, scheme=None, year=2023, id_ti="ti-7512"))
    # the side chart says what it shows, and that it shows the first 6 only when there are more
    assert slide.export_side().layout.title.text == "Montant engagé par mesure" + (
        f" (6 premières sur {n_measures})" if n_measures > 6 else "")
    assert {slide.export_side().layout.yaxis.tickfont.size, slide.export_side().data[0].outsidetextfont.size} == {slides.SIDE_FONT}
    top = slides.national_map_slide(Filters()).table
    sql_rank = dict(zip(metrics["nom"], metrics["rank_amount_national"]))  # SQL RANK() OVER (… DESC)
    assert [int(r.split("\u00a0")[0]) for r in top["Rang"]] == [sql_rank[n] for n in top["Territoire"]]


def test_slides_say_no_data_rather_than_zero():
    from tidash.briefing import slides
    from tidash.state import Filters
    slide = slides.region_slide(Filters(year=2024), "53")  # Bretagne, 2024: PACA-only year
    assert "Pas de données" in slide.message and dict(slide.kpis)["Montant engagé"] != "0\u00a0€"
    assert slide.message.startswith("Source : Fonds vert 2024")  # the source is named, the gap said after it
    # the national slide: 2024's € per inhabitant divides PACA's euros over PACA's territories, and says so
    assert slides.national_map_slide(Filters(year=2024)).kpis[-1][0] == "territoires couverts"
    assert slides.national_map_slide(Filters(year=2023)).kpis[-1][0] == "€ par habitant"
    paca = slides.region_slide(Filters(year=2024), "93")
    covered = paca.message  # PACA: covered, so only the source
    # No « France » figure to compare with in 2024: the national figure would be PACA's own
    assert [label for label, _ in paca.kpis][-1] == "€ par habitant"
    assert [label for label, _ in slides.region_slide(Filters(year=2023), "93").kpis][-1].startswith("€/hab. (France\u00a0:")
    assert covered == "Source : Fonds vert 2024 (Provence-Alpes-Côte d'Azur seulement) — projets situés dans les territoires."


def test_the_exports_say_what_a_point_size_means_as_the_screen_does():
    from tidash.briefing import export, slides
    from tidash.state import Filters
    slide = slides.build(SlideSpec("territoire", "ti-8401"), Filters())
    sizes = slide.export_figure().layout.meta["size_legend"]
    assert slide.screen_map["legend"]["sizes"] == sizes  # the slide on screen and its PDF page: one legend
    for figure in (export.slide_figure(slide, 1, 1, "Données : x"), export.titled(slide, "Données : x")):
        texts = [a.text for a in figure.layout.annotations]
        assert sizes["title"] in texts and all(label in texts for _, label in sizes["entries"])
        circles = [s for s in figure.layout.shapes if s.type == "circle"]
        assert [c.x1 for c in circles] == [r for r, _ in sizes["entries"]]  # radius in pixels, as the points
    national = slides.build(SlideSpec("carte"), Filters()).export_figure()  # a choropleth: no point, no size legend
    assert export.size_legend(national, 0, 1, (100, 100)) == ([], [])


def test_a_slide_on_screen_builds_its_export_map_only_when_exported():
    from tidash.briefing import slides
    from tidash.state import Filters
    slide = slides.build(SlideSpec("carte"), Filters())
    assert slide.screen_map is not None and slide.main is None and slide.has_main  # ≈ 0,3 s not spent per render
    figure = slide.export_figure()
    assert figure is not None and slide.export_figure() is figure  # built once, then kept


def test_a_slide_without_a_chart_greys_its_png_button_and_keeps_the_others_in_place():
    text_only = briefing(deck="changements")
    assert not text_only.exception, [e.value for e in text_only.exception]
    png = text_only.button(key="png_none")
    assert png.disabled and png.label == "PNG"
    with_map = briefing(deck="carte")
    assert not [b for b in with_map.button if b.key == "png_none"]  # its PNG is a real download
