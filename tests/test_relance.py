"""France Relance industrial projects (a count source): build counts against the source file
and its PROVENANCE, placement by GPS point, the per-vintage identity, and the spatial join."""
from __future__ import annotations

import re

import pandas as pd
import pytest
import shapely
from conftest import ROOT

from tidash.extracts import france_relance

SOURCE_DIR = ROOT / "data" / "sources" / "financements" / "france_relance_projets_industriels"
VINTAGES = {"2020-10", "2023-08", "2024-07"}
# The official page's facets, as checked and written in PROVENANCE.md.
PER_MEASURE = {
    "Soutien à l’investissement industriel dans les territoires": 1158,
    "(Re)localisation dans les secteurs critiques": 518,
    "Modernisation de la filière automobile": 484,
    "Modernisation de la filière aéronautique": 449,
    "Fonds de soutien aux investissements du secteur nucléaire": 195,
    "Efficacité énergétique et évolution des procédés dans l’industrie": 94,
    "Soutien à la chaleur bas carbone": 91,
    "AMI Capacity, portant sur des capacités de production de produits thérapeutiques liés au COVID-19": 48,
    "Renforcement des compétences": 43,
}


def read(extracts, name: str) -> pd.DataFrame:
    return pd.read_parquet(extracts / f"{name}.parquet")


def test_the_provenance_states_the_row_count_the_build_keeps(extracts):
    provenance = (SOURCE_DIR / "PROVENANCE.md").read_text(encoding="utf-8")
    stated = int(re.search(r"\*\*([\d\s\u202f]+) rows\*\*", provenance).group(1).replace(" ", ""))
    raw = pd.read_csv(SOURCE_DIR / france_relance.FILE, dtype=str, keep_default_na=False)
    projects = read(extracts, "relance_projects")
    assert stated == len(raw) == len(projects) == 3080
    assert projects["project_id"].is_unique
    assert "amount_eur" not in projects.columns  # a count source: no amount is ever made up


def test_count_per_measure_and_territoires_d_industrie_fund(extracts):
    projects = read(extracts, "relance_projects")
    assert projects["measure"].value_counts().to_dict() == PER_MEASURE
    assert int(projects["is_ti_fund"].sum()) == 1158
    assert set(projects.loc[projects["is_ti_fund"], "measure_short"]) == {"Projets territoriaux"}
    filieres = projects["filiere"].dropna()
    assert filieres.str.casefold().nunique() == filieres.nunique()  # « Mode et luxe » is « Mode et Luxe »: one bar
    assert (filieres == "Mode et Luxe").sum() == 109 and len(projects) == 3080


def test_projects_are_placed_by_their_point_and_departement_disagreements_kept(extracts):
    projects = read(extracts, "relance_projects")
    checks = projects["dep_check"].value_counts().to_dict()
    # PROVENANCE: 3 067 points fall in a commune, 3 030 of them in the row's département; 10 rows without a point.
    assert checks["sans point"] == 10 and projects["lat"].isna().sum() == 10
    assert len(projects) - checks["sans point"] - checks["point hors commune"] == 3067
    assert checks["identique"] == 3030
    differ = projects[projects["dep_check"] == "différent"]
    assert len(differ) == checks["différent"] > 0
    assert (differ["code_dep"] != differ["code_dep_source"]).all() and differ["insee_com"].notna().all()
    # The point wins: a project whose row names the Yvelines but whose point is in Meudon counts in 92.
    assert projects.loc[projects["dep_check"] == "identique", "code_dep"].equals(
        projects.loc[projects["dep_check"] == "identique", "code_dep_source"])


def test_inside_outside_unresolved_equals_the_rows_of_the_file_per_vintage(extracts):
    reconciliation = read(extracts, "relance_reconciliation")
    attachments = read(extracts, "relance_territories")
    assert set(reconciliation["vintage"]) == VINTAGES
    for vintage, part in reconciliation.groupby("vintage"):
        assert part["n_projects"].sum() == 3080 == part["source_projects"].iloc[0], vintage
        assert part["n_ti_fund"].sum() == 1158, vintage
        counted = attachments[attachments["vintage"] == vintage]["status"].value_counts().to_dict()
        assert counted == dict(zip(part["status"], part["n_projects"])), vintage
    unresolved = attachments[attachments["status"] == "unresolved"]
    assert unresolved["reason"].notna().all() and len(unresolved) == 3 * 13
    assert attachments.loc[attachments["status"] == "inside", "id_ti"].notna().all()
    assert attachments.loc[attachments["status"] != "inside", "id_ti"].isna().all()


def test_a_point_is_placed_in_the_commune_polygon_that_contains_it():
    square = shapely.box(0, 0, 1, 1)
    polygons = pd.DataFrame({"insee_com": ["01001", "01002"], "geometry": [square, shapely.box(1, 0, 2, 1)]})
    frame = pd.DataFrame({"lat": ["0.5", "0.5", "", "5"], "lon": ["0.5", "1.5", "", "5"]})
    placed = france_relance.place_points(frame, polygons)
    assert placed.tolist()[:2] == ["01001", "01002"] and placed.iloc[2:].isna().all()


@pytest.mark.parametrize("published, expected", [("40.0", "40"), ("4.0", "04"), ("971.0", "971"), ("", None)])
def test_departement_codes_as_published_are_normalised(published, expected):
    assert france_relance._departement(published) == expected


# On screen: AppTest of every page that shows the new source ------------------------------

def _at(page, **query):
    from conftest import app

    at = app(page, **query)
    assert not at.exception, [e.value for e in at.exception]
    return at


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_national_page_counts_france_relance_and_names_every_source():
    from conftest import texts

    from tidash import db
    kpis = db.run("kpis", vintage="2024-07", region=None, scheme=None, year=2023).iloc[0]
    at = _at("national")
    tiles = _metrics(at)
    assert tiles["Projets France Relance"] == f"{int(kpis['n_relance']):,}".replace(",", "\u202f")
    assert tiles["dont fonds TI"] == str(int(kpis["n_relance_ti"]))
    content = texts(at)
    assert "Fonds vert 2023 — projets situés dans les territoires" in content
    assert "France Relance 2021-2022" in content and "sans montant" in content
    at = _at("national", metric="n_relance_ti")
    ranking = at.dataframe[0].value
    assert "Projets du fonds Territoires d'industrie" in ranking.columns
    assert "France Relance 2021-2022" in texts(at)  # the map caption names the counted source


def test_territory_profile_shows_france_relance_points_and_table():
    """Each section of the profile (?section=) draws its own map: the France Relance section its
    points, the synthesis the members and Fonds vert projects, the friches section its sites."""
    import json

    from conftest import texts

    from tidash import db
    at = _at("territoire", territory="ti-8401", section="relance")
    content = texts(at)
    assert "France Relance — projets industriels du territoire" in content
    assert {s.value for s in at.subheader}.isdisjoint({"Foncier : friches", "Histoire du périmètre", "Financements"})
    expected = db.run("relance_projects", vintage="2024-07", id_ti="ti-8401", region=None, measure=None,
                      status="inside", text=None, limit=1000)
    tables = [d.value for d in at.dataframe if "Entreprise" in d.value.columns]
    assert tables and set(tables[0]["Entreprise"]) == set(expected["company"].fillna("None"))
    assert "DELTA PREFABRICATION" in set(tables[0]["Entreprise"])
    # Plain SVG maps (tidash/svg_map.py, read from the exports' plotly figures; no plotly.js, no WebGL deck)
    assert not at.get("deck_gl_json_chart") and not at.get("plotly_chart")

    def maps_of(app_test) -> list[dict]:
        return [json.loads(c.proto.json) for c in app_test.get("bidi_component")]

    relance_maps = maps_of(at)
    assert len(relance_maps) == 1 and relance_maps[0]["kind"] == "points"
    assert "DELTA PREFABRICATION" in json.dumps(relance_maps[0], ensure_ascii=False)
    assert len(relance_maps[0]["points"]) == len(expected)
    assert relance_maps[0]["outlines"].startswith("/app/static/geo/region_84.json")  # by URL
    assert [e[1] for e in relance_maps[0]["legend"]["entries"]] == ["Fonds Territoires d'industrie", "Autres mesures"]
    # The members map says how many funded projects it cannot place (no commune), never drops them silently.
    synthesis = _at("territoire", territory="ti-8401")
    placed = db.run("territory_project_points", vintage="2024-07", scheme=None, year=2023, id_ti="ti-8401")
    territory_maps = maps_of(synthesis)
    assert len(territory_maps) == 1 and territory_maps[0]["label"].startswith("Carte des membres")
    assert len(territory_maps[0]["points"]) == len(placed)
    assert f"{len(placed)} des " in texts(synthesis) and "pas de commune où le placer" in texts(synthesis)
    friches_maps = maps_of(_at("territoire", territory="ti-8401", section="friches"))
    assert len(friches_maps) == 1 and friches_maps[0]["kind"] == "points"
    # The by-measure bars are HTML (no plotly.js on this page), values in French.
    bars = " ".join(h.proto.body for h in at.get("html"))
    assert "Projets par mesure (France Relance)" in bars
    fonds_vert = _at("territoire", territory="ti-8401", section="fonds-vert")
    assert "Montant engagé par mesure" in " ".join(h.proto.body for h in fonds_vert.get("html"))
    # Each measure's bar has its points' colour on the map (vermilion: the TI fund; green: the others)
    import re
    chart = bars[bars.index("Projets par mesure (France Relance)"):]
    chart = chart[:chart.index("</figure>")]
    bar_colours = dict(re.findall(r'title="([^"]*?) : \d+"><div class="ti-bars-bar" style="width:[\d.]+%;background:(#[0-9A-F]{6})', chart))
    fund = set(expected.loc[expected["is_ti_fund"].fillna(False).astype(bool), "measure"])
    assert bar_colours and fund and set(bar_colours) == set(expected["measure"])
    assert {m: c == "#D55E00" for m, c in bar_colours.items()} == {m: m in fund for m in bar_colours}
    legend = {name: colour for colour, name in relance_maps[0]["legend"]["entries"]}
    assert set(bar_colours.values()) == {"#D55E00", "#009E73"}
    assert legend == {"Fonds Territoires d'industrie": "rgb(213, 94, 0)", "Autres mesures": "rgb(0, 158, 115)"}
    assert _metrics(at)["Projets France Relance industrie"] == str(len(expected))
    ledger = texts(_at("territoire", territory="ti-8401", section="suivi"))
    assert "Aucun suivi des projets du programme n'est chargé" in ledger and "l'équipe données remplit le modèle" in ledger
    assert "python -m" not in ledger  # read by officials: who loads it, never a shell command


def test_funding_page_counts_france_relance_by_measure_filiere_size_and_year():
    from conftest import texts

    at = _at("financements")
    content = texts(at)
    assert "France Relance — projets industriels (comptés, sans montant)" in content
    tables = {tuple(d.value.columns)[0]: d.value for d in at.dataframe}
    for label in ("Mesure", "Filière", "Taille d'entreprise", "Année de publication dans la liste"):
        assert label in tables, label
        assert tables[label]["Total (projets)"].map(lambda v: int(v.replace("\u202f", ""))).sum() == 3080
    years = dict(zip(tables["Année de publication dans la liste"]["Année de publication dans la liste"],
                     tables["Année de publication dans la liste"]["Total (projets)"]))
    assert years == {"2021": "2\u202f646", "2022": "434"}
    assert "Aucun suivi des projets du programme n'est chargé" in content


def test_projects_page_lists_france_relance_as_a_source_choice():
    at = _at("projets")
    at.radio(key="project_source").set_value("france_relance").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 3080 and "Entreprise" in table.columns and "Montant engagé (€)" not in table.columns
    assert (table["Fonds TI"] == "oui").sum() == 1158 and set(table["Fonds TI"]) == {"oui", "non"}
    at.selectbox(key="relance_status").set_value("unresolved").run()
    assert len(at.dataframe[0].value) == 13 and at.dataframe[0].value["Raison"].str.len().gt(10).all()


def test_regions_and_compare_pages_include_the_counts():
    from conftest import texts

    from tidash import db
    summary = db.run("region_summary", vintage="2024-07", region="84", scheme=None, year=2023).set_index("scope")
    at = _at("regions", region="84")
    assert _metrics(at)["Projets France Relance"] == str(int(summary.loc["region", "n_relance"]))
    at = _at("comparer", territory="ti-8401,ti-9301")
    table = at.dataframe[0].value
    assert {"Projets FR", "dont fonds TI", "Projets FV"} <= set(table.columns)  # short headers: fit 1366×768
    assert "France Relance 2021-2022" in texts(at)


def test_data_page_shows_the_reconciliation_and_lists_departement_disagreements():
    from conftest import texts

    at = _at("donnees")
    content = texts(at)
    assert "France Relance — projets industriels : rattachement par point GPS" in content
    reconciliation = [d.value for d in at.dataframe if "Lignes du fichier" in d.value.columns][0]
    assert set(reconciliation["Lignes du fichier"]) == {"3\u202f080"}
    checks = [d.value for d in at.dataframe if "Dép. du point" in d.value.columns][0]
    differ = checks[checks["Contrôle"] == "différent"]
    assert len(differ) > 0 and f"**{len(differ)}** projets dont le point GPS" in content


def test_briefing_relance_slides():
    from conftest import app

    at = app("reunion", deck="relance,relance:ti-8401,relance:ti-0000", interval="600")
    assert not at.exception
    shown = " ".join(m.value for m in at.markdown)
    assert "France Relance : projets industriels dans les territoires" in shown and "sans montant" in shown
    assert "1 entrée ignorée" in shown
    at.button(key="next").click().run()
    shown = " ".join(m.value for m in at.markdown)
    assert "Ardèche Drôme Nord : projets France Relance" in shown and "DELTA PREFABRICATION" in shown


# The programme ledger: with one imported into a private copy, and without ------------------

LEDGER = [  # written in the contract's template layout (docs/modele_suivi_projets.csv)
    ["SUIVI-1", "2024-07", "ti-8401", "", "", "Extension d'une zone d'activités", "attirer", "Banque des Territoires",
     "1 250 000,50", "300 000", "engagé", "2024", ""],
    ["SUIVI-2", "2024-07", "ti-8401", "", "", "Campus des métiers", "recruter", "Région", "480000", "", "", "2023", ""],
    ["SUIVI-3", "2024-07", "ti-9301", "", "", "Plateforme d'innovation", "innover", "Bpifrance", "200000", "200000",
     "terminé", "2023", ""],
    ["SUIVI-4", "2023-08", "ti-8401", "", "", "Guichet unique", "simplifier", "ANCT", "10000", "", "", "2023", ""],
]


@pytest.fixture
def ledger(private_data, tmp_path):
    from tidash.ingest import __main__ as ingest
    template = (ROOT / "docs" / "modele_suivi_projets.csv").read_text(encoding="utf-8").strip()
    path = tmp_path / "suivi.csv"
    path.write_text(template + "\n" + "\n".join(";".join(r) for r in LEDGER) + "\n", encoding="utf-8")
    assert ingest.main([str(path)]) == 0
    return private_data


def test_ledger_queries_after_an_import(ledger):
    from decimal import Decimal

    from tidash import db
    rows = db.run("programme_ledger_rows").set_index("vintage")
    assert rows.loc["2024-07", "n_projects"] == 3 and rows.loc["2023-08", "n_projects"] == 1
    assert rows.loc["2024-07", "amount_committed_eur"] == Decimal("1930000.50")
    assert rows.loc["2024-07", "amount_paid_eur"] == Decimal("500000.00")
    by_axis = db.run("programme_ledger", vintage="2024-07", dimension="axis", region=None, id_ti=None)
    assert dict(zip(by_axis["value"], by_axis["n_projects"])) == {"attirer": 1, "recruter": 1, "innover": 1}
    recruter = by_axis.set_index("value").loc["recruter"]
    assert pd.isna(recruter["amount_paid_eur"]) and recruter["n_with_paid"] == 0  # not paid ≠ paid 0
    by_region = db.run("programme_ledger", vintage="2024-07", dimension="region", region=None, id_ti=None)
    assert set(by_region["value"]) == {"Auvergne-Rhône-Alpes", "Provence-Alpes-Côte d'Azur"}
    one = db.run("programme_ledger", vintage="2024-07", dimension="status", region=None, id_ti="ti-8401")
    assert one["n_projects"].sum() == 2 and "statut non renseigné" in set(one["value"])
    assert len(db.run("programme_ledger_projects", vintage="2024-07", region="93", id_ti=None)) == 1
    placed = db.run("programme_ledger_projects", vintage="2024-07", region=None, id_ti=None)
    assert set(placed["id_ti_method"]) == {"identifiant donné"}  # every row of this file gives its id_territoire


def test_ledger_on_funding_page_profile_and_slide_after_an_import(ledger):
    from conftest import app, texts

    at = _at("financements")
    content = texts(at)
    assert "Suivi des projets du programme (fichier importé)" in content
    assert _metrics(at)["Projets suivis"] == "3"
    assert "2023-08 (1 projet)" in content  # the other vintage of the file is said, not dropped
    axis = [d.value for d in at.dataframe if "Axe" in d.value.columns][0]
    assert set(axis["Axe"]) == {"attirer", "recruter", "innover"}
    assert "non renseigné" in set(axis["Versé"])
    at = _at("territoire", territory="ti-8401", section="suivi")
    assert _metrics(at)["Projets suivis"] == "2"
    at = app("reunion", deck="suivi", interval="600")
    shown = " ".join(m.value for m in at.markdown)
    assert "Projets suivis" in shown and "Ardèche Drôme Nord" in shown


def test_ledger_absent_says_how_to_load_one():
    from conftest import app, texts

    at = _at("financements", region="93")
    assert "Aucun suivi des projets du programme n'est chargé" in texts(at)
    at = app("reunion", deck="suivi")
    slide = " ".join(m.value for m in at.markdown)
    assert "équipe données peut" in slide and "python -m" not in slide  # a meeting-room screen (text HTML-escaped)


def test_count_metrics_never_show_euros_and_name_their_source():
    from tidash.metrics import METRICS, metric_source
    for key in ("n_relance", "n_relance_ti"):
        metric = METRICS[key]
        assert "€" not in metric.value_format(1234) and "€" not in metric.tick_format(1234)
        assert "France Relance 2021-2022" in metric_source(key) and "sans montant" in metric_source(key)
    assert metric_source("amount_eur", 2023) == "Fonds vert 2023 — projets situés dans les territoires"
    assert "Provence-Alpes-Côte d'Azur seulement" in metric_source("euros_per_inhabitant", 2024)


def test_several_funding_lists_are_shown_split_by_source():
    from conftest import texts
    at = _at("national", year="all")
    content = texts(at)
    assert "Fonds vert 2023 (France) et 2024 (PACA seulement)" in content
    assert "dont Fonds vert 2023 — export national" in content and "Fonds vert 2024 — Provence-Alpes-Côte d'Azur :" in content


def test_relance_and_ledger_slides_export_to_pdf():
    from tidash.briefing import export, slides
    from tidash.briefing.deck import SlideSpec, parse_deck
    from tidash.state import Filters
    specs, notices = parse_deck("relance,relance:ti-8401,suivi,relance:ti-0000", {"84"}, {"ti-8401"})
    assert [s.token() for s in specs] == ["relance", "relance:ti-8401", "suivi"] and len(notices) == 1
    built = [slides.build(s, Filters()) for s in specs]
    assert built[2].message.startswith("Aucun suivi des projets du programme n'est chargé")
    import io

    from pypdf import PdfReader
    reader = PdfReader(io.BytesIO(export.deck_pdf(built, "27 novembre 2026")))
    assert len(reader.pages) == 3
    text = reader.pages[1].extract_text().replace("\u202f", " ").replace("\xa0", " ")
    assert "Ardèche Drôme Nord : projets France Relance" in text and "DELTA PREFABRICATION" in text
    assert SlideSpec("relance", "ti-8401").token() == "relance:ti-8401"


def test_funding_page_without_fonds_vert_rows_still_shows_france_relance_and_the_ledger_place():
    from conftest import texts
    at = _at("financements", region="84", year="2024")  # 2024: PACA only, so no Fonds vert row here
    content = texts(at)
    # No Fonds vert list covers the région that year: said as « pas de données », never as zero.
    assert "as de données" in content and "Aucun projet Fonds vert pour ces filtres." not in content
    assert "France Relance — projets industriels (comptés, sans montant)" in content
    assert "Aucun suivi des projets du programme n'est chargé" in content


def test_the_downloads_say_codes_as_the_screen_does_and_keep_figures_as_numbers():
    from tidash import repository, ui
    projects = repository.relance_projects("2024-07")
    export = ui.export_table(projects, {"project_id": "Identifiant", "is_ti_fund": "Fonds TI", "year": "Année",
                                        "status": "Situation"})
    assert list(export.columns) == ["Identifiant", "Fonds TI", "Année", "Situation"]
    assert (export["Fonds TI"] == "oui").sum() == 1158 and set(export["Fonds TI"]) == {"oui", "non"}
    assert set(export["Situation"]) == {"Dans un territoire", "Hors territoire", "Non rattaché"}
    assert pd.api.types.is_numeric_dtype(export["Année"])
    text = ui.csv_bytes(export).decode("utf-8-sig")
    assert "inside" not in text and "True" not in text
