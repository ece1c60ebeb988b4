"""AppTest per page on the embedded data: real content, not just "no exception"."""
from __future__ import annotations

import pytest
from conftest import PAGES, app, texts

from tidash import db, lineage, repository, ui
from tidash import formatting as fmt

VINTAGES = ["2020-10", "2023-08", "2024-07"]


@pytest.mark.parametrize("vintage", VINTAGES)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_for_every_vintage(page, vintage):
    at = app(page, vintage=vintage, territory="ti-8401")
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, "page without title"


def test_national_kpis_equal_the_extract_totals():
    at = app("national")
    metrics = {m.label: m.value for m in at.metric}
    k = db.run("kpis", vintage="2024-07", region=None, scheme=None, year=2023).iloc[0]
    assert metrics["Territoires"] == "183"
    assert metrics["Habitants"] == fmt.integer(k["population"]) == "40\u202f460\u202f364"
    assert metrics["Projets financés"] == fmt.integer(k["n_projects"])
    assert metrics["Montant engagé"] == fmt.euros_compact(k["amount_eur"])
    assert len(at.dataframe) >= 1 and len(at.dataframe[0].value) == 183  # the ranking table


def test_national_page_follows_the_vintage_and_region_of_the_url():
    at = app("national", vintage="2020-10", region="84", year="all")
    metrics = {m.label: m.value for m in at.metric}
    expected = db.run("kpis", vintage="2020-10", region="84", scheme=None, year=None).iloc[0]
    assert metrics["Territoires"] == fmt.integer(expected["n_territories"])
    assert metrics["Montant engagé"] == fmt.euros_compact(expected["amount_eur"])


def test_choosing_a_territory_shows_its_name_and_amount():
    at = app("territoire", territory="ti-8401")
    content = texts(at)
    assert "Ardèche Drôme Nord" in content
    metrics = db.run("territory_metrics", vintage="2024-07", region=None, scheme=None, year=2023)
    amount = metrics.set_index("id_ti").loc["ti-8401", "amount_eur"]
    assert fmt.euros(amount) in {m.value for m in at.metric}
    assert "Rang" in content and "médiane nationale" in content


def test_the_profile_shows_one_section_at_a_time_and_keeps_it_in_the_url():
    """A whole profile was ≈ 1 400 page elements: each section is drawn alone, chosen in the page
    and kept in the URL, and it stays chosen when another territory is opened."""
    at = app("territoire", territory="ti-8401")
    headings = {s.value for s in at.subheader}
    assert "Financements et rang" in headings and "Foncier : friches" not in headings
    assert "section" not in at.query_params  # the default section is left out of the URL
    control = at.get("button_group")[0]
    control.set_value("friches").run()
    assert not at.exception
    headings = {s.value for s in at.subheader}
    assert "Foncier : friches" in headings and "Financements et rang" not in headings
    assert at.query_params["section"] == "friches"
    picker = next(s for s in at.selectbox if s.label == "Territoire")
    picker.set_value("ti-8413").run()
    assert "Foncier : friches" in {s.value for s in at.subheader} and at.query_params["territory"] == "ti-8413"


def test_territory_search_by_commune_offers_its_territory():
    at = app("territoire")
    at.text_input[0].input("Oyonnax").run()
    assert at.radio, "no search results"
    assert any("Oyonnax" in str(o) for o in at.radio[0].options)


def test_clicked_search_result_opens_at_once():
    at = app("territoire", territory="ti-8401")
    assert [h.value for h in at.header] == ["Ardèche Drôme Nord"]
    at.text_input[0].input("Oyonnax").run()
    assert at.radio[0].value is None  # nothing pre-selected
    at.radio[0].set_value("ti-8413").run()  # « Plastics Vallée – Oyonnax (ti-8413, Auvergne-Rhône-Alpes) »
    assert [h.value for h in at.header] == ["Plastics Vallée – Oyonnax"]
    at.text_input[0].input("Arve").run()
    assert at.radio[0].value is None  # a new search ticks nothing from the previous one
    options = at.radio[0].options
    expected, last_id = options[-1].split(" (ti-")[0], "ti-" + options[-1].split(" (ti-")[1][:4]
    at.radio[0].set_value(last_id).run()
    assert [h.value for h in at.header] == [expected] and expected != "Plastics Vallée – Oyonnax"


def test_a_search_result_survives_vintage_changes():
    """Searched, clicked, then the vintage changed twice: the page crashed at the second change
    (the list of another vintage read the old choice as a position in it, the walk of 28/11)."""
    at = app("territoire")
    at.text_input[0].input("Annonay").run()
    at.radio[0].set_value("ti-8401").run()
    assert [h.value for h in at.header] == ["Ardèche Drôme Nord"]
    for vintage, name in (("2020-10", "Ardèche Drome"), ("2023-08", None), ("2024-07", "Ardèche Drôme Nord")):
        at.session_state["vintage"] = vintage  # as the sidebar's select does (AppTest lists no sidebar here)
        at.run()
        assert not at.exception, (vintage, [e.value for e in at.exception])
        assert at.radio and at.text_input[0].value == "Annonay"  # the search and its results stay
        if name:
            assert [h.value for h in at.header] == [name], vintage


def test_search_results_say_name_id_and_region_once():
    import re

    at = app("territoire")
    for text in ("Oyonnax", "Arve", "Ardèche"):
        at.text_input[0].input(text).run()
        options = [str(o) for o in at.radio[0].options]
        ids = [re.search(r"\((ti-\d{4}), ", o).group(1) for o in options]
        assert len(ids) == len(set(ids)), options  # one result per territory
        for option, id_ti in zip(options, ids):
            name = option.split(f" ({id_ti}, ")[0]
            assert option.count(name) == 1 and option.count(id_ti) == 1, option
    assert options[0] == "Ardèche Drôme Nord (ti-8401, Auvergne-Rhône-Alpes)"
    assert any(o.startswith("Rhône Provence Industrie (ti-8415, Auvergne-Rhône-Alpes) — membres : ") for o in options)


def _open(at, page: str):
    at.switch_page(f"pages/{page}.py")
    return at.run()


def test_changing_vintage_follows_the_territory_lineage_not_its_reused_id():
    # ti-8413 is Plastics Vallée – Oyonnax in 2024, Thiers – Ambert – Montbrison in 2020.
    at = app(None, territory="ti-8413")
    at.selectbox(key="_w_vintage").set_value("2020-10").run()
    _open(at, "territoire")
    header = [h.value for h in at.header]
    assert header == [db.run("territory_profile", vintage="2020-10", id_ti="ti-8408").iloc[0]["nom"]]
    assert "Thiers" not in header[0]
    note = " ".join(i.value for i in at.info).replace("\\", "")
    assert "En 2020" in note and "(ti-8408)" in note and "42 communes en commun" in note
    assert "100\u00a0% des communes de « Plastics Vallée – Oyonnax »" in note
    at.session_state["vintage"] = "2024-07"  # what the sidebar's selector does, back to 2024
    at.run()
    assert [h.value for h in at.header] == ["Plastics Vallée – Oyonnax"]


def test_a_territory_that_kept_its_communes_is_said_so_in_one_short_sentence():
    kept, said = lineage.follow_one("2020-10", "2023-08", "ti-8401")
    assert kept == "ti-8401" and said == "En 2023 : « Ardèche Drome » (ti-8401), les mêmes 179 communes qu'en 2020."
    renamed = repository.territory_lineage("2023-08", "2024-07")
    renamed = renamed[renamed["follows"] & (renamed["share_here"] >= 1) & (renamed["share_there"] >= 1)
                      & (renamed["nom"] != renamed["other_nom"])].iloc[0]
    said = lineage.note(renamed, "2023-08", "2024-07")
    assert said.endswith(f"que « {renamed['nom']} » (2023, {renamed['id_ti']}).") and "%" not in said


def test_a_territory_without_counterpart_says_it_did_not_exist():
    at = app(None, territory="ti-2402")  # Chartres Métropole, new in phase 2
    at.selectbox(key="_w_vintage").set_value("2020-10").run()
    _open(at, "territoire")
    assert not at.header  # no other territory shown in its place
    assert "n'existait pas" in " ".join(i.value for i in at.info)


def test_compare_shows_the_chosen_territories_side_by_side():
    at = app("comparer", territory="ti-8401,ti-8416")
    table = at.dataframe[0].value
    assert list(table["Territoire"]) == ["Ardèche Drôme Nord", "Riom – Vichy"]
    assert len(at.button) >= 1  # suggestions of comparable territories
    bars = " ".join(h.proto.body for h in at.get("html"))
    assert "Population — population légale 2020 (INSEE, COG 2023)" in bars  # every figure says what it counts


def test_compare_keeps_every_territory_the_user_picks():
    """One territory from a profile comes with two comparable ones, once; after that the user's
    picks are kept as made (the walk of 28/11 picked a second territory and got two suggestions
    in its place), and a « + » suggestion adds itself to them."""
    from tidash import repository

    at = app("comparer", territory="ti-8401")
    comparable = list(repository.comparable_territories("2024-07", "ti-8401", limit=2)["id_ti"])
    assert at.multiselect[0].value == ["ti-8401", *comparable]
    at.multiselect[0].set_value(["ti-8401"]).run()
    assert at.multiselect[0].value == ["ti-8401"] and "au moins deux territoires" in texts(at)
    at.multiselect[0].set_value(["ti-8401", "ti-2802"]).run()
    assert at.multiselect[0].value == ["ti-8401", "ti-2802"]
    assert list(at.dataframe[0].value["Territoire"]) == ["Ardèche Drôme Nord", "Axe Seine"]
    suggestion = next(b for b in at.button if b.key and b.key.startswith("add_"))
    suggestion.click().run()
    assert at.multiselect[0].value == ["ti-8401", "ti-2802", suggestion.key.removeprefix("add_")]
    assert len(at.dataframe[0].value) == 3


def test_compare_follows_its_territories_into_another_vintage():
    """Ids are reused across vintages (ti-0401 of 2024 is another territory in 2020): a vintage
    change compares the territories the chosen ones became, as the notes above the table say."""
    from tidash import lineage

    at = app("comparer", territory="ti-0401,ti-1104")
    at.session_state["vintage"] = "2020-10"  # as the sidebar's select does
    at.run()
    followed = [lineage.follow_one("2024-07", "2020-10", t)[0] for t in ("ti-0401", "ti-1104")]
    assert None not in followed and followed != ["ti-0401", "ti-1104"]
    assert at.multiselect[0].value == followed
    metrics = db.run("territory_metrics", vintage="2020-10", region=None, scheme=None, year=2023).set_index("id_ti")
    assert list(at.dataframe[0].value["Territoire"]) == [metrics.at[t, "nom"] for t in followed]


def test_the_funding_by_year_chart_says_which_years_its_region_has_no_data_for():
    """2024 lists PACA's projects only: an Auvergne-Rhône-Alpes profile's chart by year shows 2023
    alone and says that 2024 is missing, not zero; a PACA profile has no such note."""
    said = "Pas de données pour sa région en 2024"
    assert said in texts(app("territoire", territory="ti-8401", year="all", section="fonds-vert"))
    assert said not in texts(app("territoire", territory="ti-9301", year="all", section="fonds-vert"))


def test_pages_that_ignore_the_region_filter_do_not_name_it():
    """With Région = Bretagne: a profile of an Auvergne-Rhône-Alpes territory says its own région,
    and Comparer (any territory with any other) does not say « pas de données pour Bretagne »."""
    profile = app("territoire", territory="ti-8401", region="53")
    caption = " ".join(c.value for c in profile.caption)
    assert "ti-8401 · Auvergne-Rhône-Alpes · 2024" in caption and "Bretagne" not in caption
    compare = app("comparer", territory="ti-8401,ti-2802", region="53", year="2024")
    shown = texts(compare)
    assert "Bretagne" not in shown and "toutes régions" not in shown
    assert "Provence-Alpes-Côte d'Azur" in shown  # 2024: the one région a list covers, said for the country
    # no 2024 list outside PACA: « n. d. » (explained above the table), never 0, and whole in its narrow column
    row = compare.dataframe[0].value.set_index("Territoire").loc["Ardèche Drôme Nord"]
    assert (row["Projets FV"], row["€/hab. FV"], row["Montant FV"]) == ("n. d.", "n. d.", "pas de données")
    assert "n. d. : pas de données (ce n'est pas zéro)" in shown


def test_compare_asks_for_two_territories():
    at = app("comparer")
    assert "au moins deux territoires" in texts(at)


def test_regions_page_compares_region_to_nation():
    at = app("regions", region="93")
    content = texts(at)
    summary = db.run("region_summary", vintage="2024-07", region="93", scheme=None, year=2023).set_index("scope")
    assert fmt.integer(summary.loc["region", "n_territories"]) in {m.value for m in at.metric}
    assert "du total national" in content
    assert "France 2030 : montants engagés" in content
    ranking = next(d.value for d in at.dataframe if "Rang" in d.value.columns)
    metrics = db.run("territory_metrics", vintage="2024-07", region="93", scheme=None, year=2023).set_index("nom")
    assert list(ranking.columns) == ["Rang", "Territoire", "Habitants", "Montant engagé"]
    assert all(ranking.set_index("Territoire")["Habitants"][name] == fmt.integer(metrics.at[name, "population"])
               for name in ranking["Territoire"])  # in French, as the national table and the profile say it


def test_funding_page_splits_inside_outside_unresolved():
    at = app("financements")
    labels = {m.label for m in at.metric}
    assert {"Dans un territoire", "Hors territoire", "Non rattaché"} <= labels
    assert "10\u202f782 projets" in texts(at)


def test_projects_page_lists_real_projects_with_unresolved_reasons():
    at = app("projets", year="all")
    table = at.dataframe[0].value
    assert len(table) == 2000  # shown; the caption and the downloads cover all 11 350
    assert "11\u202f350 projets filtrés" in texts(at)
    at.selectbox(key="project_status").set_value("unresolved").run()
    table = at.dataframe[0].value
    assert (table["Situation"] == "Non rattaché").all() and table["Raison"].notna().all()


def test_projects_table_fits_its_essential_columns_and_never_shows_none():
    at = app("projets")
    table = at.dataframe[0].value
    assert list(table.columns) == ["Projet", "Bénéficiaire", "Territoire", "Mesure", "Année", "Montant engagé (€)",
                                   "Situation", "Raison"]
    assert not table.isna().any().any() and not table.isin(["None", "nan"]).any().any()
    assert (table.loc[table["Situation"] == "Hors territoire", "Territoire"] == "—").all()
    at.toggle(key="project_columns").set_value(True).run()
    assert {"Identifiant", "SIREN", "Commune", "Département"} <= set(at.dataframe[0].value.columns)


def test_projects_page_shows_a_french_message_when_nothing_matches():
    at = app("projets")
    at.text_input(key="project_text").input("zzzz-aucun-projet-zzzz").run()
    assert not at.exception
    assert "Aucun projet ne correspond" in texts(at)


def test_project_amounts_are_typed_and_read_the_french_way():
    at = app("projets", year="all")
    every = at.dataframe[0].value
    at.text_input(key="_w_project_min_amount").input("1,5 M€").run()
    at.text_input(key="_w_project_max_amount").input("2 000 000").run()
    shown = texts(at)
    assert "soit 1\u202f500\u202f000\u00a0€" in shown and "soit 2\u202f000\u202f000\u00a0€" in shown
    def amounts():  # the table's cells, « 1 600 000,00 € », read back
        return at.dataframe[0].value["Montant engagé (€)"].map(fmt.parse_euros)

    assert len(amounts()) and amounts().between(1_500_000, 2_000_000).all() and len(amounts()) < len(every)
    at.text_input(key="_w_project_max_amount").input("deux millions").run()  # not an amount: said, and not applied
    assert any("« deux millions » n'est pas un montant" in e.value and "filtre ignoré" in e.value for e in at.error)
    assert amounts().min() >= 1_500_000 and amounts().max() > 2_000_000
    at.text_input(key="_w_project_max_amount").input("1 M€").run()  # below the minimum: said, not only « aucun projet »
    assert any("Le montant minimal (1\u202f500\u202f000\u00a0€) dépasse le montant maximal (1\u202f000\u202f000\u00a0€)"
               in w.value for w in at.warning)


def test_programme_page_shows_cited_figures_and_never_sums_snapshots():
    at = app("programme")
    content = texts(at)
    assert "jamais être additionnés" in content
    assert len(at.dataframe[0].value) == 177


def test_data_page_lists_sources_and_coverage():
    at = app("donnees")
    content = texts(at)
    assert "Licence Ouverte 2.0" in content and "Fonds vert 2023" in content
    assert "1\u202f956\u202f354\u202f884,00\u00a0€" in content
    assert any("SELECT" in c.value for c in at.code)


def test_invalid_url_values_are_ignored_with_a_notice():
    at = app("national", vintage="1999", region="'; DROP TABLE x; --", territory="ti-0000,<script>")
    assert not at.exception
    notices = " ".join(w.value for w in at.sidebar.warning)
    assert "Millésime" in notices and "Région" in notices and "Territoire" in notices
    assert {m.label: m.value for m in at.metric}["Territoires"] == "183"


def test_upload_is_off_by_default():
    at = app("donnees")
    assert "désactivé" in texts(at)


def test_upload_form_appears_when_enabled_and_a_checked_file_writes_nothing(private_data, monkeypatch):
    """The form's check step (service.check, what « Vérifier » runs) validates without writing;
    the upload itself, its preview, publication and undo run in a real browser
    (test_browser.py::test_upload_preview_publish_and_undo_in_the_browser): AppTest cannot
    fill a file_uploader."""
    from conftest import ROOT
    monkeypatch.setenv("TI_ENABLE_UPLOAD", "1")
    from tidash.ingest import service

    def files() -> dict:
        return {str(p.relative_to(private_data)): p.stat().st_mtime_ns for p in private_data.rglob("*") if p.is_file()}

    before = files()
    content = (ROOT / "docs/modele_suivi_projets.csv").read_text(encoding="utf-8") + \
        "TI-1;2024-07;ti-8401;;;Zone d'activités;attirer;Banque des Territoires;1 000,50;;;2024;\n"
    result = service.check(content.encode(), "suivi.csv")
    assert result.ok and len(result.frame) == 1 and result.frame.loc[0, "id_ti"] == "ti-8401"
    monkeypatch.setenv("TI_OPERATOR_TOKEN", "jeton-de-test-0123456789")
    at = app("donnees")
    assert "upload_year" not in [w.key for w in at.number_input]  # no form before the operator token
    at.text_input(key="operator_token").input("jeton-de-test-0123456789").run()
    assert "Importer un fichier" in texts(at) and at.number_input(key="upload_year")
    assert files() == before  # neither the check nor the form wrote anything


def test_land_recycling_says_no_data_not_none_where_no_list_covers_the_region():
    """2024 lists only PACA's projects: an Auvergne-Rhône-Alpes territory has no data that year,
    which the recycling block must not read as « aucun projet » (the walk of 28/11)."""
    from tidash.briefing.foncier import land_slide
    from tidash.state import Filters

    said = "Fonds vert (année 2024) : pas de données de projets pour sa région, ce n'est pas zéro"
    shown = texts(app("territoire", territory="ti-8401", year="2024", section="friches"))
    assert said + "." in shown and "Aucun projet Fonds vert « Recyclage foncier »" not in shown
    assert said in land_slide(Filters(year=2024), "ti-8401").message  # the same sentence on the slide
    # A PACA territory without any recycling project in 2024 (covered that year): a real « aucun »
    assert "aucun projet Fonds vert « Recyclage foncier »" in land_slide(Filters(year=2024), "ti-9308").message
    assert "Aucun projet Fonds vert « Recyclage foncier »" in texts(app("territoire", territory="ti-9308", year="2024",
                                                                                 section="friches"))


def test_territory_page_shows_its_friches_with_honest_wording():
    at = app("territoire", territory="ti-8401", section="friches")
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    row = db.run("friches_by_territory", vintage="2024-07", region=None).set_index("id_ti").loc["ti-8401"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Friches recensées"] == fmt.integer(row["n_friches"])
    assert metrics["Sans projet"] == fmt.integer(row["n_friches_sans_projet"])
    assert metrics["Surface connue"] == fmt.decimal(row["friches_surface_ha"], 1) + "\u00a0ha"
    assert "Foncier : friches" in shown and "Source : Cerema, Cartofriches" in shown
    assert "personne n'a encore vérifié" in shown and "13 février 2024" in shown
    assert "friche industrielle" in shown  # the « site industriel » rule is said on screen
    assert "Recyclage foncier" in shown and "jamais additionnés" in shown
    sites = db.run("territory_friches", vintage="2024-07", id_ti="ti-8401")
    listed = [d.value for d in at.dataframe if "Activité" in d.value.columns]
    assert listed and len(listed[0]) == len(sites) and set(listed[0]["Site"]) == set(sites["nom"])
    # Its six sites under 500 m² say their surface in m², never « 0,0 ha » (read as no surface)
    small = sites["surface_ha"].lt(0.05).sum()
    assert small == 6 and listed[0]["Surface"].str.endswith("\u00a0m²").sum() == small
    assert not listed[0]["Surface"].str.startswith("0,0").any()
    # The counts by status and by type: small static tables, every site counted once in each.
    by_status, by_type = (t.value for t in at.table)
    assert by_status["Sites"].map(lambda v: int(v.replace("\u202f", ""))).sum() == len(sites)
    assert by_type["Sites"].map(lambda v: int(v.replace("\u202f", ""))).sum() == len(sites)
    assert list(by_status.columns) == ["Statut", "Couleur", "Sites", "Surface"]


def test_national_map_offers_the_friches_metric_and_says_its_source():
    at = app("national", metric="n_friches_sans_projet")
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    assert "Friches sans projet (Cartofriches)" in shown and "pas de toutes les friches" in shown
    table = db.run("friches_by_territory", vintage="2024-07", region=None)
    top = table.sort_values("n_friches_sans_projet", ascending=False).iloc[0]
    assert at.dataframe[0].value.iloc[0]["Territoire"] == top["nom"]


def test_regions_and_compare_pages_show_the_friches_indicators():
    at = app("regions", region="84")
    assert not at.exception, [e.value for e in at.exception]
    summary = db.run("region_friches", vintage="2024-07", region="84").set_index("scope")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Friches recensées"] == fmt.integer(summary.loc["region", "n_friches"])
    at = app("comparer", territory="ti-8401,ti-2802")
    assert not at.exception, [e.value for e in at.exception]
    frames = [d.value for d in at.dataframe if "Friches recensées" in d.value.columns]
    table = db.run("friches_by_territory", vintage="2024-07", region=None).set_index("id_ti")
    assert frames and sorted(frames[0]["Friches recensées"]) == sorted(
        fmt.integer(table.loc[t, "n_friches"]) for t in ("ti-8401", "ti-2802"))


def test_data_page_shows_the_friches_reconciliation():
    at = app("donnees")
    assert not at.exception, [e.value for e in at.exception]
    frames = [d.value for d in at.dataframe if "Sites de l'inventaire" in d.value.columns]
    assert frames and len(frames[0]) == 9
    assert set(frames[0]["Sites de l'inventaire"]) == {fmt.integer(23878)}
    assert "Cartofriches" in texts(at)


def sql_captions(at, name: str) -> list[str]:
    """The « Paramètres liés » lines of the « Voir la requête SQL (name.sql) » expander, once
    opened (closed, it holds nothing: see ui.show_sql)."""
    closed = [e for e in at.expander if e.label == f"Voir la requête SQL ({name}.sql)"]
    assert closed and not closed[0].children, f"the {name} expander is closed and empty until opened"
    at.session_state[ui.sql_expander_key(name)] = True
    at.run()
    for expander in at.expander:
        if expander.label == f"Voir la requête SQL ({name}.sql)":
            return [c.value for c in expander.caption]
    raise AssertionError(f"no SQL expander for {name}")


def test_voir_la_requete_shows_the_parameters_that_ran():
    at = app("projets", region="84", year="all")
    at.text_input(key="project_text").input("chaufferie").run()
    shown = " ".join(sql_captions(at, "projects"))
    for bound in ("$region = '84'", "$year = NULL", "$text = 'chaufferie'", "$limit = 2000", "$scheme = NULL",
                  "$sort = 'amount_desc'", "$min_amount = NULL", "$vintage = '2024-07'"):
        assert bound in shown, bound
    at = app("territoire", territory="ti-8401", scheme="Fonds vert", year="2023", section="fonds-vert")
    shown = " ".join(sql_captions(at, "funding_by_measure"))
    assert "$scheme = 'Fonds vert'" in shown and "$year = 2023" in shown and "$id_ti = 'ti-8401'" in shown


def test_programme_theme_is_filtered_in_sql_and_shown_as_run():
    at = app("programme")
    at.selectbox[0].set_value("perimeter").run()
    expected = db.run("programme_facts", theme="perimeter")
    assert len(at.dataframe[0].value) == len(expected) > 0
    # the charts ran it for every theme, the table for the chosen one: both runs are shown
    assert sql_captions(at, "programme_facts") == ["Exécution 1 — paramètres liés : $theme = NULL",
                                                   "Exécution 2 — paramètres liés : $theme = 'perimeter'"]


def test_one_rank_definition_with_ties_on_table_profile_and_region():
    # ti-7512 (Loudun Thouars) has 11 projects in 2023, like 7 other territories.
    metrics = db.run("territory_metrics", vintage="2024-07", region=None, scheme=None, year=2023)
    value = metrics.set_index("id_ti").loc["ti-7512", "n_projects"]
    expected = int((metrics["n_projects"] > value).sum()) + 1
    assert (metrics["n_projects"] == value).sum() > 1  # a tie: the case where row numbers disagree
    national = app("national", metric="n_projects").dataframe[0].value.set_index("Territoire")
    assert national.loc["Loudun Thouars", "Rang"] == f"{expected}\u00a0ex aequo"
    profile = texts(app("territoire", territory="ti-7512"))
    assert f"{expected}\u00a0ex aequo/183 en France" in profile
    in_region = metrics[metrics["code_reg"] == "75"]
    regional = int((in_region["n_projects"] > value).sum()) + 1
    tied = (in_region["n_projects"] == value).sum() > 1
    label = f"{regional}\u00a0ex aequo" if tied else str(regional)
    assert f"Rang {label}/{len(in_region)} dans la région" in profile
    regions = app("regions", region="75", metric="n_projects").dataframe[0].value.set_index("Territoire")
    assert regions.loc["Loudun Thouars", "Rang"] == label


def test_the_region_filter_means_the_same_on_every_page():
    import re
    query = {"region": "84", "year": "2023"}  # Auvergne-Rhône-Alpes
    national = {m.label: m.value for m in app("national", **query).metric}
    funding = app("financements", **query)
    inside = {m.label: m.value for m in funding.metric}["Dans un territoire"]
    inside_count = [c.value for c in funding.caption if c.value.endswith("des euros")][0].split(" projets")[0]
    projects = " ".join(m.value for m in app("projets", **query).markdown)
    # The headline of Projets is the in-territory figure, as on the other pages.
    match = re.match(r"\*\*([\d\u202f]+)\*\* projets situés dans un territoire \(\*\*([\d\u202f,]+)\u00a0€\*\*", projects)
    amount = float(match.group(2).replace("\u202f", "").replace(",", "."))
    assert national["Projets financés"] == inside_count == match.group(1)
    assert national["Montant engagé"] == inside == fmt.euros_compact(amount)
    assert "Deux lectures du filtre région" in texts(funding)  # the other meaning, labelled, side by side


def test_no_data_is_not_zero():
    # Bretagne + 2024: the 2024 project list covers Provence-Alpes-Côte d'Azur only
    at = app("national", region="53", year="2024")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Projets financés"] == metrics["Montant engagé"] == metrics["€ par habitant"] == "n. d."
    assert "Pas de données de projets financés pour Bretagne en 2024" in texts(at)
    assert not at.dataframe and not at.get("plotly_chart")  # no ranking of zeros, no colour scale around 0
    at = app("regions", region="53", year="2024")
    assert {m.label: m.value for m in at.metric}["Montant engagé"] == "n. d."
    assert "Pas de données de projets financés pour Bretagne en 2024" in texts(at)
    # its « € par habitant » is compared with PACA's territories, the only ones with 2024 data, and says so
    nat = db.run("region_summary", vintage="2024-07", region="53", scheme=None, year=2024).set_index("scope").loc["national"]
    assert f"Territoires des régions couvertes : {fmt.decimal(nat['euros_per_inhabitant'], 1)}\u00a0€" in texts(at)
    assert "France (territoires) :" in texts(app("regions", region="53", year="2023"))
    # 2024 for the whole country: only the territories with data are ranked, the others are counted
    at = app("national", year="2024")
    ranked = at.dataframe[0].value
    covered = db.run("territory_metrics", vintage="2024-07", region=None, scheme=None, year=2024)
    assert len(ranked) == covered["amount_eur"].notna().sum() < 183
    assert set(ranked["Région"]) == {"Provence-Alpes-Côte d'Azur"}
    assert f"{fmt.count(183 - len(ranked), 'territoire')} sans données" in texts(at)
    assert "0\u00a0€" not in " ".join(ranked.iloc[:, -1])
    # € par habitant divides PACA's euros by PACA's territories' inhabitants: the tile says so,
    # beside the inhabitants of every territory (the walk read 27,8 € next to 40 million people)
    tiles = {m.label: m for m in at.metric}
    k = db.run("kpis", vintage="2024-07", region=None, scheme=None, year=2024).iloc[0]
    tile = tiles["€ par habitant des territoires couverts"]
    assert tile.value == fmt.decimal(k["amount_eur"] / k["population_with_data"], 1) + "\u00a0€"
    assert fmt.integer(k["population_with_data"]) in tile.help and fmt.integer(k["population"]) in tile.help
    assert "€ par habitant" in {m.label for m in app("national", year="2023").metric}  # every région covered


def test_all_years_says_which_years_each_region_counts():
    """« Toutes les années » adds 2023 (France) and 2024 (PACA only): a territory outside PACA has
    no 2024 (not zero), so the page says it wherever the sum or a ranking mixes coverage, and only there."""
    notice = "2024 n'est connu que pour Provence-Alpes-Côte d'Azur"
    for page, params in (("national", {}), ("comparer", {"territory": "ti-8401,ti-9301"}), ("financements", {})):
        at = app(page, year="all", **params)
        assert not at.exception, [e.value for e in at.exception]
        assert any(notice in i.value for i in at.info), (page, [i.value for i in at.info])
    shown = [i.value for i in app("territoire", territory="ti-8401", year="all").info]
    assert any("pour Auvergne-Rhône-Alpes : pas de données de projets financés en 2024 (ce n'est pas zéro)" in i
               for i in shown), shown
    assert not [i.value for i in app("national", year="all", region="93").info]  # PACA: both years counted
    assert not [i.value for i in app("national", year="2023").info]  # one year, every région
    # A PACA territory has both years, but its ranks « en France » compare it with territories that do not.
    shown = [i.value for i in app("territoire", territory="ti-9302", year="all").info]
    assert any(notice in i for i in shown), shown


def test_france_2030_amount_in_a_unit_that_fits():
    indicators = db.run("region_indicators", region="04").set_index("indic_id")
    expected = fmt.euros_compact(indicators.loc["IND-905", "region_value"])
    assert expected.endswith("M€")  # 33,5 M€, not « 0,0 Md€ »
    at = app("regions", region="04")
    table = next(d.value for d in at.dataframe if "Indicateur" in d.value.columns).set_index("Indicateur")
    assert table.loc["France 2030 : montants engagés", "Région"] == expected


def test_map_indicator_and_projects_filters_are_in_the_url():
    at = app(None)
    at.selectbox(key="_w_metric").set_value("population").run()  # a fragment rerun: no sidebar run
    assert at.query_params["metric"] in ("population", ["population"])
    at = app("projets", q="chaufferie", sort="title")
    assert at.text_input(key="project_text").value == "chaufferie"
    assert at.selectbox(key="_w_project_measure").value == "__all__"  # « Toutes les mesures », not empty
    assert at.selectbox(key="_w_project_sort").value == "title"
    titles = list(at.dataframe[0].value["Projet"])
    assert titles == sorted(titles) and len(titles) > 1
    shown = " ".join(sql_captions(at, "projects"))
    assert "$text = 'chaufferie'" in shown and "$sort = 'title'" in shown
    # the amounts too: a shared link opens with them, written back as the page shows them
    at = app("projets", year="all", min="1500000", max="2 M€")
    assert at.text_input(key="_w_project_min_amount").value == "1\u202f500\u202f000"
    assert at.text_input(key="_w_project_max_amount").value == "2\u202f000\u202f000"
    assert "$min_amount = 1500000.0" in " ".join(sql_captions(at, "projects"))
    # (written back into the URL: tests/test_urls_browser.py, AppTest keeps a switched page's URL as opened)


def test_regions_page_uses_the_sidebar_region():
    at = app(None, region="93")
    _open(at, "regions")
    assert at.selectbox(key="_w_region_page").value == "93"
    at.selectbox(key="_w_region_page").set_value("84").run()
    assert at.session_state["region"] == "84"  # the sidebar's (and the URL's) région follows
    assert "Auvergne-Rhône-Alpes" in at.caption[0].value
    assert "Choisissez une région" in texts(app("regions"))  # no région of its own when none is chosen


@pytest.mark.parametrize("page", ["financements", "projets"])
def test_a_region_no_project_list_covers_says_no_data_not_none_found(page):
    at = app(page, region="53", year="2024")  # Bretagne, 2024: only the PACA list exists
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    assert "Pas de données" in shown or "pas de données" in shown
    assert "Aucun projet ne correspond" not in shown and "Aucun projet Fonds vert pour ces filtres" not in shown


def test_sidebar_names_every_embedded_source(tmp_path, monkeypatch):
    at = app("national")
    caption = " ".join(str(c.value) for c in at.sidebar.caption)
    for name in ("Fonds vert 2023 (MTE)", "Fonds vert 2024 PACA (MTE)", "France Relance, projets industriels (DGE)",
                 "Cartofriches (Cerema)", "périmètres (ANCT)"):
        assert name in caption, caption
    # Read from the sources registry: a source whose folder is not shipped is not named.
    from tidash.sources import sources_caption

    (tmp_path / "perimetres").mkdir()
    monkeypatch.setenv("TI_SOURCES_DIR", str(tmp_path))
    alone = sources_caption()
    assert "périmètres (ANCT)" in alone and "Fonds vert" not in alone and "Cartofriches" not in alone


def test_programme_step_chart_starts_at_the_launch_with_124_territories():
    import base64
    import json

    import numpy as np

    at = app("programme")
    step = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    y = step["y"]
    y = np.frombuffer(base64.b64decode(y["bdata"]), dtype=y["dtype"]) if isinstance(y, dict) else np.array(y)
    assert step["x"][0].startswith("2018-11") and y[0] == 124
    table = at.dataframe[0].value
    assert table["Chiffre (texte de la source)"].str.contains("124 territoires").any()  # as the table says
    assert step["x"] == sorted(step["x"])


@pytest.mark.parametrize("page", PAGES)
def test_empty_choice_boxes_speak_french(page):
    """A multiselect, or a selectbox that may have nothing chosen, shows its placeholder: without
    one Streamlit writes English (« Choose options », « Choose an option »)."""
    at = app(page)
    boxes = list(at.multiselect) + [b for b in at.selectbox if not b.proto.HasField("default")]  # index=None
    english = [b.label for b in boxes if not b.placeholder or b.placeholder.lower().startswith("choose")]
    assert not english, english


def test_a_missing_text_in_a_table_shows_a_dash():
    """ti-8401's project « Travaux de limitation des crues de la Veaune » is placed by its SIREN and
    has no commune: its cell says « — » (ui.french_table), never « None »."""
    at = app("territoire", territory="ti-8401", year="all", section="fonds-vert")
    frames = [d.value for d in at.dataframe if "Commune" in d.value.columns and "Montant engagé" in d.value.columns]
    assert frames and (frames[0]["Commune"] == "—").any()
    assert not any(frame.isin(["None", "nan"]).any().any() for frame in (d.value for d in at.dataframe))


def test_projects_by_departement_never_claim_to_be_the_figure_of_the_other_pages():
    at = app("projets", region="84")
    assert "comme les autres pages" in texts(at)
    at.radio(key="_w_project_located").set_value(True).run()
    shown = texts(at)
    assert not at.exception and "comme les autres pages" not in shown
    assert "lecture propre à cette page : les autres pages comptent les projets des territoires de la région" in shown
    again = app("projets", region="84", located="1")  # a shared link (?located=1, tidash.state) keeps this reading
    assert at.radio(key="_w_project_located").value is True
    assert again.radio(key="_w_project_located").value is True and "lecture propre à cette page" in texts(again)


def test_the_france_relance_series_says_its_first_months_are_zeros_of_the_source():
    """The barometer counts from January 2020, before the plan's first aid: its first months are
    0 in the source, which the page says (no data is not zero, and neither is a zero no data)."""
    series = db.run("france_relance_counts", region=None)
    first = series.loc[series["value"] > 0, "date"].iloc[0]
    assert series["value"].iloc[0] == 0 and first > series["date"].iloc[0]
    shown = texts(app("programme"))
    assert f"Avant le {fmt.date_fr(first)}, première valeur non nulle, la source compte 0 entreprise" in shown


def test_a_url_notice_goes_once_the_user_changes_the_view():
    """« Région zz inconnue : toutes les régions affichées » described the URL; after the user
    chooses a région it would contradict the screen (seen with « Rubrique inconnue : synthèse
    affichée » after a click on another section)."""
    at = app("national", region="zz")
    # (the Markdown source: the notice quotes the address as text, its « . » escaped)
    assert [w.value.replace("\\", "") for w in at.warning] == ["Région « zz » inconnue : toutes les régions affichées."]
    at.selectbox(key="_w_region").set_value("84").run()
    assert not at.exception and not [w.value for w in at.warning]


def test_another_territory_chosen_in_the_box_unticks_the_search_result():
    at = app("territoire")
    at.text_input[0].input("Annonay").run()
    at.radio[0].set_value("ti-8401").run()
    assert at.query_params["territory"] == "ti-8401" and at.radio[0].value == "ti-8401"
    next(s for s in at.selectbox if s.label == "Territoire").set_value("ti-8413").run()
    assert at.query_params["territory"] == "ti-8413" and at.radio[0].value is None
    at.radio[0].set_value("ti-8401").run()  # the same result again opens it again
    assert at.query_params["territory"] == "ti-8401"


def test_no_project_data_for_its_region_is_said_once_on_the_fonds_vert_section():
    at = app("territoire", territory="ti-8401", year="2024", section="fonds-vert")
    said = [m.value for m in [*at.warning, *at.info]]
    assert len(said) == 1 and "Pas de données" in said[0] and "Ce n'est pas zéro" in said[0], said
    assert "territory_project_text" not in [t.key for t in at.text_input]  # no filter over nothing


def test_the_project_filter_of_a_profile_survives_a_visit_to_another_section():
    at = app("territoire", territory="ti-8401", year="all", section="fonds-vert")
    at.text_input(key="territory_project_text").input("chaufferie").run()
    control = at.get("button_group")[0]
    control.set_value("friches").run()
    at.get("button_group")[0].set_value("fonds-vert").run()
    assert at.text_input(key="territory_project_text").value == "chaufferie"


def test_a_territory_outside_the_sidebar_region_keeps_its_projects_on_profile_and_slide():
    """Agenais (Nouvelle-Aquitaine) with Grand Est in the sidebar: the synthesis said 18 projects
    while the Fonds vert section said « aucun projet » and the slide had no bars nor projects
    (the walk of 28/11). A territory's figures ignore the sidebar's région."""
    from tidash.briefing import slides
    from tidash.state import Filters

    expected = db.run("funding_by_measure", vintage="2024-07", region=None, scheme=None, year=2023, id_ti="ti-7501")
    assert not expected.empty
    at = app("territoire", territory="ti-7501", region="44", section="fonds-vert")
    bars = " ".join(h.proto.body for h in at.get("html"))
    assert "Montant engagé par mesure" in bars and "Aucun projet financé" not in texts(at)
    listed = [d.value for d in at.dataframe if "Montant engagé" in d.value.columns]
    assert listed and len(listed[0]) == int(expected["n_projects"].sum())
    slide = slides.territory_slide(Filters(region="44"), "ti-7501")
    assert len(slide.table) == 3 and "Montant engagé par mesure" in (slide.side_html or "")


def test_projets_headline_agrees_with_one_project():
    """« 1 projet situé … · 1 projet listé », never « 1 projets »."""
    at = app("projets", region="84", year="2023")
    at.text_input(key="project_text").set_value("Annonay").run()
    at.text_input(key="_w_project_min_amount").input("1 000 000").run()
    headline = [m.value for m in at.markdown if "en tout, hors territoire compris" in m.value][0]
    assert headline.startswith("**1** projet situé dans un territoire") and "**1** projet listé en tout" in headline, headline


def test_a_region_s_share_says_which_total_when_the_lists_cover_part_of_the_country():
    """2024: the project list covers PACA only, so PACA is 100 % of the covered régions, not « du total national »."""
    partial = texts(app("regions", region="93", year="2024"))
    assert "100,0\u00a0% du total des régions couvertes (Provence-Alpes-Côte d'Azur)" in partial
    whole = texts(app("regions", region="93", year="2023"))
    assert "du total des régions couvertes" not in whole and "du total national" in whole
