"""URL state: every value validated against known ids; a view survives a round trip."""
from tidash.state import DEFAULT_YEAR, MAX_TERRITORIES, Filters, Options, View, parse_view, to_params

OPTIONS = Options(regions={"84": "Auvergne-Rhône-Alpes", "93": "PACA"}, schemes=("Fonds vert",), years=(2023, 2024),
                  territories={"2024-07": {f"ti-84{i:02d}" for i in range(1, 30)}, "2020-10": {"ti-8401"}})


def test_defaults():
    view = parse_view({}, OPTIONS)
    assert view.filters == Filters() and view.filters.year == DEFAULT_YEAR and not view.notices


def test_round_trip():
    view = View(Filters("2020-10", "84", "Fonds vert", None), "population", ["ti-8401"])
    again = parse_view(to_params(view), OPTIONS)
    assert again.filters == view.filters and again.metric == "population" and again.territories == ["ti-8401"]
    assert not again.notices


def test_unknown_and_hostile_values_are_ignored_with_a_notice():
    view = parse_view({"vintage": "2099", "region": "1 OR 1=1", "scheme": "<b>x</b>", "year": "20x3",
                       "metric": "__class__", "territory": "ti-8401,ti-9999,'; DROP--"}, OPTIONS)
    assert view.filters == Filters() and view.metric == "amount_eur"
    assert view.territories == ["ti-8401"]
    assert len(view.notices) == 7
    assert view.notices[0] == "Millésime « 2099 » inconnu : périmètre 2024 · 183 territoires affiché."  # its label, not its code


def test_the_profile_section_round_trips_and_an_unknown_one_is_ignored():
    view = View(profile_section="friches")
    assert to_params(view)["section"] == "friches" and "section" not in to_params(View())  # default left out
    assert parse_view(to_params(view), OPTIONS).profile_section == "friches"
    hostile = parse_view({"section": "<script>"}, OPTIONS)
    assert hostile.profile_section == "synthese" and hostile.notices == [
        "Rubrique « <script> » inconnue : synthèse de la fiche affichée."]


def test_territories_are_checked_against_the_vintage():
    view = parse_view({"vintage": "2020-10", "territory": "ti-8402"}, OPTIONS)
    assert view.territories == [] and "2020 · 148 territoires" in view.notices[0]


def test_over_long_values_and_lists_are_cut():
    assert parse_view({"region": "8" * 10_000}, OPTIONS).filters.region is None
    many = ",".join(f"ti-84{i:02d}" for i in range(1, 20))
    view = parse_view({"territory": many}, OPTIONS)
    assert len(view.territories) == MAX_TERRITORIES and any("Plus de" in n for n in view.notices)


def test_projects_filters_round_trip_and_are_checked():
    options = Options(regions=OPTIONS.regions, schemes=OPTIONS.schemes, years=OPTIONS.years,
                      territories=OPTIONS.territories, measures=frozenset({"Recyclage foncier"}))
    view = View(Filters(), project_text="chaufferie bois", project_measure="Recyclage foncier", project_sort="title")
    params = to_params(view)
    assert params["q"] == "chaufferie bois" and params["sort"] == "title" and params["measure"] == "Recyclage foncier"
    again = parse_view(params, options)
    assert (again.project_text, again.project_measure, again.project_sort) == ("chaufferie bois", "Recyclage foncier",
                                                                              "title") and not again.notices
    hostile = parse_view({"q": "x\x00'; DROP TABLE projects; --", "measure": "<script>", "sort": "1;--"}, options)
    assert hostile.project_text == "x'; DROP TABLE projects; --"  # kept as text, bound as a parameter
    assert hostile.project_measure is None and hostile.project_sort == "amount_desc" and len(hostile.notices) == 2
    assert "sort" not in to_params(View()) and "q" not in to_params(View()) and "located" not in to_params(View())
    located = parse_view(to_params(View(Filters(region="84"), project_located=True)), options)
    assert located.project_located and not located.notices
    odd = parse_view({"located": "oui"}, options)
    assert not odd.project_located and len(odd.notices) == 1
    amounts = to_params(View(project_min_amount=1_500_000.0, project_max_amount=12.5))
    assert (amounts["min"], amounts["max"]) == ("1500000", "12.5") and "min" not in to_params(View())
    again = parse_view(amounts, options)
    assert (again.project_min_amount, again.project_max_amount) == (1_500_000.0, 12.5) and not again.notices
    assert parse_view({"min": "1,5 M€"}, options).project_min_amount == 1_500_000.0  # as typed in the page
    unreadable = parse_view({"min": "=HYPERLINK()", "max": "-3"}, options)
    assert unreadable.project_min_amount is None and unreadable.project_max_amount is None
    assert [n.split(" « ")[0] for n in unreadable.notices] == ["Montant minimal", "Montant maximal"]


def test_a_fragment_after_a_publication_reruns_the_whole_page():
    """ui.rerun_page_if_republished: a fragment that finds another catalogue than the page's
    own run asks for a whole-page run (tiles and map then come from one catalogue)."""
    from streamlit.testing.v1 import AppTest

    def page():
        import streamlit as st

        from tidash import ui
        runs = st.session_state["runs"] = st.session_state.get("runs", 0) + 1
        if runs == 1:
            st.session_state[ui.PAGE_VERSION_KEY] = ("catalogue remplacé depuis",)
        elif runs == 2:
            st.session_state[ui.PAGE_VERSION_KEY] = ui.db.catalogue_version()
        ui.rerun_page_if_republished()
        st.write(f"exécutions : {runs}")

    at = AppTest.from_function(page, default_timeout=30).run()
    assert not at.exception and [m.value for m in at.markdown] == ["exécutions : 2"]  # stale: one more run
    at.run()
    assert [m.value for m in at.markdown] == ["exécutions : 3"]  # same catalogue: no extra run


def test_a_vintage_code_reads_as_its_label_and_an_unknown_code_as_it_is():
    from tidash.vintages import label
    assert label("2024-07") == "2024 · 183 territoires" and label("1999-01") == "1999-01"
