"""Streamlit building blocks shared by the pages: the sidebar view, KPI tiles, safe text,
tables with French formats, downloads and the « voir la requête » expander."""
from __future__ import annotations

import io
import re

import pandas as pd
import streamlit as st

from tidash import db, html_bars, lineage, query_log, repository
from tidash import formatting as fmt
from tidash.charts import STATUS_LABELS
from tidash.metrics import METRICS, metric_label
from tidash.sources import SOURCE_LABELS
from tidash.state import DEFAULT_PROFILE_SECTION, DEFAULT_PROJECT_SORT, Filters, Options, View, parse_view, to_params
from tidash.textsafety import FORMULA_PREFIXES
from tidash.vintages import VINTAGES

ALL = "__all__"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&])")
FORMULA_START = FORMULA_PREFIXES  # one list for exports and imports (tidash.textsafety)


def safe_text(text) -> str:
    """Data text (titles, beneficiaries) made inert for st.markdown: no HTML, no Markdown."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def options() -> Options:
    """The filter choices, built once per catalogue version (tidash.repository.options)."""
    return repository.options()


def _persistent_select(container, label: str, choices: list, state_key: str, format_func, help: str | None = None):
    """A selectbox whose value survives page switches (Streamlit forgets the state of
    widgets that a page does not draw)."""
    return persistent_widget(container.selectbox, label, state_key, f"_w_{state_key}", options=choices,
                             format_func=format_func, help=help)


def view_changed_by_user() -> None:
    """The notices about the URL the session opened with (« Rubrique … inconnue ») describe that
    view: they go as soon as the user changes it."""
    st.session_state["notices"] = []


URL_WRITTEN_KEY = "_url_written"


def _load_view(opts: Options | None = None) -> None:
    view = parse_view(st.query_params.to_dict(), opts or options())
    f = view.filters
    st.session_state.update({
        "view_loaded": True, "vintage": f.vintage, "region": f.region or ALL, "scheme": f.scheme or ALL,
        "year": ALL if f.year is None else f.year, "metric": view.metric, "territories": view.territories,
        "territories_vintage": f.vintage, "lineage_notes": [],
        "notices": view.notices,
        "project_q": view.project_text, "project_measure": view.project_measure or ALL,
        "project_sort": view.project_sort, "project_located": view.project_located,
        "project_min_amount": fmt.amount_text(view.project_min_amount),
        "project_max_amount": fmt.amount_text(view.project_max_amount),
        "profile_section": view.profile_section,
    })


def _load_view_once(opts: Options | None = None) -> None:
    """The URL gives the first view of a session; widgets own it afterwards (see follow_history)."""
    if "view_loaded" not in st.session_state:
        _load_view(opts)


def follow_history(opts: Options | None = None) -> None:
    """The browser's Back and Forward buttons give the URL of an earlier view: the page shows it
    (it used to write the current view back over it, and Back did nothing). A URL that differs from
    the one the app last wrote is such a step, except on a page switch by the page bar: Streamlit
    then opens the page without parameters (the app's URLs always have some), and the view stays,
    as it does when Back lands on such an entry (Streamlit sometimes leaves one in the history)."""
    state = st.session_state
    written = state.get(URL_WRITTEN_KEY)
    if "view_loaded" not in state or written is None:
        return
    now = _view_params(st.query_params.to_dict())
    if now and now != written:  # an entry without parameters (page bar) is never a view of the app's
        _load_view(opts)


def _view_params(params: dict) -> dict:
    """The URL's view parameters (the briefing's deck and timer are not the view)."""
    return {k: v for k, v in params.items() if k not in ("deck", "interval")}


def _remember_url(params: dict) -> None:
    st.session_state[URL_WRITTEN_KEY] = _view_params(params)


def write_url(params: dict) -> None:
    """Writes the view to the URL and remembers it: a URL that differs at the next run was changed
    by the browser (Back, Forward), not by the app."""
    _remember_url(params)
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


def sidebar() -> View:
    """Draws the shared controls and returns the current view; keeps it in the URL."""
    opts = options()
    follow_history(opts)
    _load_view_once(opts)
    side = st.sidebar
    side.markdown("### Filtres")
    _persistent_select(side, "Périmètre (millésime)", list(VINTAGES), "vintage", lambda v: VINTAGES[v].label)
    _persistent_select(side, "Région", [ALL, *opts.regions], "region",
                       lambda r: "Toutes les régions" if r == ALL else opts.regions[r])
    _persistent_select(side, "Dispositif", [ALL, *opts.schemes], "scheme",
                       lambda s: "Tous les dispositifs" if s == ALL else s)
    _persistent_select(side, "Année", [ALL, *opts.years], "year",
                       lambda y: "Toutes les années" if y == ALL else (f"{y} (PACA seulement)" if y == 2024 else str(y)),
                       help="Le Fonds vert 2023 couvre toute la France ; pour 2024, seule la région PACA est disponible.")
    follow_lineage()
    known = opts.territories.get(st.session_state["vintage"], set())
    st.session_state["territories"] = [t for t in st.session_state["territories"] if t in known]
    for notice in st.session_state.get("notices", []):  # they quote the address: never as Markdown
        side.warning(safe_text(notice), icon="⚠️")
    view = current_view()
    write_url(to_params(view))
    return view


def briefing_params(view: View, ledger_loaded: bool | None = None) -> dict[str, str]:
    """The briefing deck for the current view: programme, national map, the chosen région, each
    chosen territory with its friches (foncier) and France Relance projects, the programme ledger
    when one is loaded for the vintage (suivi), what changed. Within the deck's caps (deck.py)."""
    from tidash.briefing.deck import MAX_DECK_CHARS, MAX_SLIDES

    vintage = view.filters.vintage
    if ledger_loaded is None:
        ledger_loaded = vintage in repository.ledger_vintages()
    head = ["programme", "carte"] + ([f"region:{view.filters.region}"] if view.filters.region else [])
    tail = (["suivi"] if ledger_loaded else []) + ["changements"]
    entries = list(head)
    for id_ti in view.territories:  # pinned to its vintage: followed if the vintage changes
        trio = [f"territoire:{id_ti}@{vintage}", f"foncier:{id_ti}", f"relance:{id_ti}"]
        if len(entries) + len(trio) + len(tail) > MAX_SLIDES or \
                len(",".join(entries + trio + tail)) > MAX_DECK_CHARS:
            break
        entries += trio
    return {**to_params(view), "deck": ",".join(entries + tail)}


def national_ranking_labels(metric: str) -> dict:
    """The national page's ranking columns (tidash.warmup prepares the same table)."""
    return {"rang": "Rang", "nom": "Territoire", "nom_reg": "Région", metric: METRICS[metric].label}


def region_ranking_labels(metric: str) -> dict:
    """The Régions page's ranking columns. A dict keeps one « population » column when it is also
    the chosen metric."""
    return {"rang": "Rang", "nom": "Territoire", "population": "Habitants", metric: METRICS[metric].label}


REGION_MAP_HEIGHT = 560  # the Régions page's map, as tall as its ranking


def table_height(n_rows: int, at_most: int) -> int:
    """A table's height in pixels sized to its rows (header 38 px, 35 px a row), at most `at_most`:
    a one-row table does not trail empty rows."""
    return min(at_most, 38 + 35 * max(1, n_rows))


PAGE_VERSION_KEY = "_catalogue_version_of_page"


def rerun_page_if_republished() -> None:
    """First call of a fragment: after a publication, a fragment rerun alone would show the new
    catalogue's figures beside the old ones of the rest of the page (tiles, captions): the whole
    page runs again instead, and every figure on screen comes from one catalogue."""
    seen = st.session_state.get(PAGE_VERSION_KEY)
    if seen is not None and seen != db.catalogue_version():
        st.rerun(scope="app")


def note_page_catalogue() -> None:
    """The catalogue this full page run reads (dashboard.py, before the page runs)."""
    st.session_state[PAGE_VERSION_KEY] = db.catalogue_version()


def current_view() -> View:
    # A fresh server's very first request for a sub-page runs that page alone (Streamlit's
    # pages/ folder mode, before st.navigation has run once): load the view here too.
    _load_view_once()
    follow_lineage()
    s = st.session_state
    filters = Filters(
        vintage=s["vintage"],
        region=None if s["region"] == ALL else s["region"],
        scheme=None if s["scheme"] == ALL else s["scheme"],
        year=None if s["year"] == ALL else int(s["year"]),
    )
    return View(filters=filters, metric=s["metric"], territories=list(s["territories"]),
                project_text=s.get("project_q", ""),
                project_measure=None if s.get("project_measure", ALL) == ALL else s["project_measure"],
                project_sort=s.get("project_sort", DEFAULT_PROJECT_SORT),
                project_located=bool(s.get("project_located", False)),
                project_min_amount=_typed_amount(s.get("project_min_amount")),
                project_max_amount=_typed_amount(s.get("project_max_amount")),
                profile_section=s.get("profile_section", DEFAULT_PROFILE_SECTION))


def _typed_amount(text: str | None) -> float | None:
    """The amount of a box (None when empty or not an amount: amount_input says why)."""
    try:
        return fmt.parse_euros(text)
    except ValueError:
        return None


def metric_select(container=st) -> str:
    metric = _persistent_select(container, "Indicateur de la carte", list(METRICS), "metric", metric_label)
    sync_url()  # the selector lives in a fragment: the sidebar does not rerun to write the URL
    return metric


def sync_url() -> None:
    """Writes the current view to the URL (also from a fragment run, where the sidebar does not run)."""
    write_url(to_params(current_view()))


def persistent_widget(widget, label: str, state_key: str, widget_key: str, **kwargs):
    """Any widget whose value lives in the view (and so in the URL), surviving page switches."""
    st.session_state[widget_key] = st.session_state.get(state_key)

    def sync() -> None:
        st.session_state[state_key] = st.session_state[widget_key]
        view_changed_by_user()

    return widget(label, key=widget_key, on_change=sync, **kwargs)


def optional_select(container, label: str, choices, key: str, every: str, format_func=str):
    """A list whose first entry is « every » (« Toutes », « Tous les territoires »); None when it
    is chosen. That entry is a value, not None: a keyed list whose value is None gains an English
    « Clear value » cross after any rerun (seen in Chromium)."""
    chosen = container.selectbox(label, [ALL, *choices], key=key,
                                 format_func=lambda v: every if v == ALL else format_func(v))
    return None if chosen == ALL else chosen


def amount_input(container, label: str, state_key: str) -> float | None:
    """An amount typed the French way (« 1 000 000 », « 1,5 M€ »): Streamlit's number box writes
    and reads « 1000000 » only. Kept in the view (?min=, ?max=); says what it understood, or why
    it ignores the text."""
    text = persistent_widget(container.text_input, label, state_key, f"_w_{state_key}", max_chars=40,
                             placeholder="ex. 100 000 ou 1,5 M€")
    try:
        amount = fmt.parse_euros(text)
    except ValueError as error:
        container.error(safe_text(f"{error} — filtre ignoré"), icon="⚠️")
        return None
    if amount is not None:
        container.caption(f"soit {fmt.euros(amount, cents=amount != round(amount))}")
    return amount


def amount_range(low_container, high_container) -> tuple[float | None, float | None]:
    """Projets: « Montant minimal » and « Montant maximal » boxes; a minimum above the maximum is said."""
    low = amount_input(low_container, "Montant minimal (€)", "project_min_amount")
    high = amount_input(high_container, "Montant maximal (€)", "project_max_amount")
    if low is not None and high is not None and low > high:
        st.warning(f"Le montant minimal ({fmt.euros(low)}) dépasse le montant maximal ({fmt.euros(high)}) : "
                   "aucun projet ne peut correspondre.", icon="⚠️")
    return low, high


def region_select(container=st) -> str | None:
    """The page's région selector IS the sidebar's région (one source of truth, in the URL)."""
    regions = options().regions
    current = st.session_state.get("region", ALL)
    widget_key = "_w_region_page"
    st.session_state[widget_key] = None if current == ALL else current

    def sync() -> None:
        chosen = st.session_state[widget_key]
        st.session_state["region"] = ALL if chosen is None else chosen
        view_changed_by_user()

    return container.selectbox("Région (la même que dans la barre latérale)", list(regions), key=widget_key,
                               on_change=sync, format_func=regions.get, placeholder="Choisissez une région")


def set_territory(id_ti: str) -> None:
    st.session_state["territories"] = [id_ti]
    st.session_state["lineage_notes"] = []


def open_profile(id_ti: str) -> None:
    """A territory chosen on a map or in a ranking: its profile opens now, on its synthesis."""
    set_territory(id_ti)
    st.session_state["profile_section"] = DEFAULT_PROFILE_SECTION
    switch_page("pages/territoire.py")


def switch_page(page: str) -> None:
    """st.switch_page with the view in the URL: Streamlit clears the URL's parameters on a switch,
    which the next run would read as the browser going Back to a view without filters."""
    params = to_params(current_view())
    _remember_url(params)
    st.switch_page(page, query_params=params)


def follow_lineage() -> None:
    """When the vintage changes, the chosen territories follow their lineage instead of their id."""
    s = st.session_state
    origin = s.setdefault("territories_vintage", s["vintage"])
    if origin == s["vintage"]:
        return
    s["territories"], s["lineage_notes"] = lineage.follow(origin, s["vintage"], list(s["territories"]))
    s["territories_vintage"] = s["vintage"]


def show_lineage_notes(id_ti: str | None = None) -> None:
    """What the last vintage change did to the chosen territories (profile, comparison)."""
    for target, note in st.session_state.get("lineage_notes", []):
        if target is None or id_ti is None or target == id_ti:
            st.info(safe_text(note), icon="ℹ️")


def search_results(found: pd.DataFrame, shown: int = 2) -> tuple[list[str], list[str]]:
    """One result per territory, in the order found, labelled once: « nom (ti-XXXX, région) »,
    followed by what matched when it is not the territory's own name (« commune : Oyonnax (01283) »)."""
    ids: list[str] = []
    labels: list[str] = []
    kinds = {"membre": ("membre", "membres"), "commune": ("commune", "communes")}
    for id_ti, rows in found.groupby("id_ti", sort=False):
        first = rows.iloc[0]
        label = f"{first['nom']} ({id_ti}, {first['nom_reg']})"
        if not rows["match_kind"].eq("territoire").any():
            parts = []
            for kind, (one, many) in kinds.items():
                names = list(rows.loc[rows["match_kind"] == kind, "match_label"])
                if names:
                    more = f" et {fmt.count(len(names) - shown, 'autre')}" if len(names) > shown else ""
                    parts.append(f"{one if len(names) == 1 else many} : {', '.join(names[:shown])}{more}")
            label += " — " + " ; ".join(parts)
        ids.append(id_ti)
        labels.append(label)
    return ids, labels


def open_search_result(widget_key: str, ids: list[str]) -> None:
    """Callback of a search result list (its options are the territories' ids): the chosen result
    becomes the current territory. A choice that is no longer among the results (the list of
    another vintage) is ignored."""
    choice = st.session_state.get(widget_key)
    if isinstance(choice, str) and choice in ids:
        set_territory(choice)


def prepare_comparison(widget_key: str, view: View, names: dict) -> None:
    """The Comparer's selection before its box is drawn. When the page opens (Streamlit drops a
    widget's state when a page does not draw it): the territories of the view (URL, last profile),
    one alone with its two most comparable territories. When the vintage changes: the view's
    territories, which follow_lineage has just followed into it (ids are reused across vintages:
    ti-0401 of 2024 is another territory in 2020). Otherwise the user's picks stay as made,
    never replaced by suggestions (the walk of 28/11 lost the second one)."""
    vintage_key = f"{widget_key}_vintage"
    chosen = [t for t in view.territories if t in names]
    if widget_key not in st.session_state:
        if len(chosen) == 1:
            chosen += [t for t in repository.comparable_territories(view.filters.vintage, chosen[0], limit=2)["id_ti"]
                       if t in names]
        st.session_state[widget_key] = chosen
    elif st.session_state.get(vintage_key) != view.filters.vintage:
        st.session_state[widget_key] = chosen
    st.session_state[vintage_key] = view.filters.vintage


def add_to_comparison(widget_key: str, id_ti: str) -> None:
    """Callback of a « + territoire » suggestion (before the page is drawn again)."""
    chosen = st.session_state.get(widget_key) or []
    if id_ti not in chosen:
        st.session_state[widget_key] = [*chosen, id_ti]


def scope_caption(filters: Filters, with_region: bool = True) -> str:
    """« 2024 · 183 territoires · toutes régions · tous dispositifs · année 2023 »; without the
    région where the page does not filter by it (a profile, whose territory has its own)."""
    parts = [VINTAGES[filters.vintage].label]
    if with_region:
        parts.append("toutes régions" if filters.region is None
                     else options().regions.get(filters.region, f"région {filters.region}"))
    parts.append("tous dispositifs" if filters.scheme is None else filters.scheme)
    parts.append(fmt.year_scope(filters.year))
    return " · ".join(parts)


REGION_MEANING = ("Région : les projets des territoires de la région (où qu'ils soient situés), comme les "
                  "chiffres clés de la vue nationale ; un projet hors de tout territoire compte pour la région "
                  "où il est situé.")


def funding_gap(filters: Filters) -> tuple[str, bool] | None:
    """No data is not zero. (message, nothing_at_all) when the project lists do not cover the
    chosen région / year (« Pas de données pour Bretagne en 2024… ») or cover only part of the
    country; None when every territory in view has data."""
    coverage = repository.funding_coverage(filters)
    regions = options().regions
    covered = set(coverage["code_reg"])
    when = "" if filters.year is None else f" en {filters.year}"
    sources = ", ".join(SOURCE_LABELS.get(s, s) for s in sorted(set(",".join(coverage["sources"]).split(",")) - {""}))
    only = ", ".join(_covered_names(coverage, regions))
    if filters.region is not None:
        if filters.region in covered:
            return _years_gap(filters, regions) if filters.year is None else None
        where = regions.get(filters.region, filters.region)
        reason = f"les listes de projets{when} ne couvrent que : {only} ({sources})" if only else \
            "aucune liste de projets ne correspond à ces filtres"
        return f"Pas de données de projets financés pour {where}{when} : {reason}. Ce n'est pas zéro.", True
    missing = [name for code, name in regions.items() if code not in covered]
    if not covered:
        return f"Pas de données de projets financés{when} pour ces filtres. Ce n'est pas zéro.", True
    if missing:
        return (f"Projets financés{when} : données pour {only} seulement ({sources}). Les territoires des autres "
                "régions n'ont pas de données (ni zéro, ni rang).", False)
    return _years_gap(filters, regions) if filters.year is None else None


def national_total_words(filters: Filters) -> str:
    """What a région's share of projects is a share of: « du total national », or, when the project
    lists of the view cover only some régions (2024: PACA), the total of those régions."""
    regions = options().regions
    covered = _covered_names(repository.funding_coverage(filters.whole_country()), regions)
    if not covered or len(covered) == len(regions):
        return "du total national"
    return f"du total des régions couvertes ({', '.join(covered)})"


def _covered_names(coverage: pd.DataFrame, regions: dict[str, str]) -> list[str]:
    """The names of the régions a funding_coverage frame lists, in code order."""
    return [regions[code] for code in coverage["code_reg"] if code in regions]


def _years_gap(filters: Filters, regions: dict[str, str]) -> tuple[str, bool] | None:
    """« Toutes les années » adds the years each région has: a year that the lists cover for only
    part of the view is said, since its missing part is not zero (the sum would read it as zero)."""
    partial = []
    for year in options().years:
        covered = set(repository.funding_coverage(Filters(filters.vintage, filters.region, filters.scheme, year))
                      ["code_reg"])
        if not covered:  # no list of this year under these filters at all: no year to mix
            continue
        if filters.region is not None:
            if filters.region not in covered:
                partial.append((year, ""))
        elif set(regions) - covered:
            partial.append((year, ", ".join(regions[c] for c in sorted(covered) if c in regions)))
    if not partial:
        return None
    if filters.region is not None:
        where = regions.get(filters.region, filters.region)
        years = ", ".join(str(y) for y, _ in partial)
        return (f"Toutes les années, pour {where} : pas de données de projets financés en {years} (ce n'est pas "
                "zéro) ; les montants ne comptent que les autres années.", False)
    said = " ; ".join(f"{y} n'est connu que pour {only}" for y, only in partial)
    return (f"Toutes les années : {said}. Les territoires des autres régions ne comptent pas cette année-là (elle "
            "manque, ce n'est pas zéro) : pour comparer des territoires de régions différentes, choisissez une "
            "année.", False)


NO_DATA_TILE = "n. d."  # « non disponible », short enough for a KPI tile; the page says why


def figure(value, formatter, tile: bool = False) -> str:
    """A figure, or « pas de données » (« n. d. » in a KPI tile) when there is none — never
    « 0 » nor « — € »."""
    if value is None or pd.isna(value):
        return NO_DATA_TILE if tile else fmt.NO_DATA
    return formatter(value)


def unranked_note(count: int) -> str:
    return f" {fmt.count(count, 'territoire')} sans données pour ces filtres : {fmt.agree(count, 'non classé')}, sans couleur." \
        if count else ""


def funding_gap_notice(filters: Filters, ranked_nationally: bool = False) -> tuple[str, bool] | None:
    """funding_gap, and for a page that ranks its région's territory against the whole country
    (`ranked_nationally`: the profile), a year the lists cover elsewhere only, even when the
    région has it. Read through repository.funding_gap_notice (built once per view)."""
    gap = funding_gap(filters)
    if gap is None and ranked_nationally and filters.year is None:
        gap = _years_gap(Filters(filters.vintage, None, filters.scheme, None), options().regions)
    return gap


def show_funding_gap(filters: Filters, ranked_nationally: bool = False) -> bool:
    """Says the gap, if any; True when there is no project data at all for the view."""
    gap = repository.funding_gap_notice(filters, ranked_nationally)
    if gap is None:
        return False
    (st.warning if gap[1] else st.info)(gap[0], icon="ℹ️")
    return gap[1]


def region_meaning_caption(filters: Filters) -> None:
    """The one default meaning of the région filter, said on every page that filters projects by it."""
    if filters.region:
        st.caption(REGION_MEANING)


def region_side_by_side(default: pd.DataFrame, located: pd.DataFrame) -> None:
    """The two readings of the région filter, labelled, next to each other (Financements)."""
    rows = []
    for status in ("inside", "outside", "unresolved"):
        cells = [STATUS_LABELS[status]]
        for frame in (default, located):
            part = frame[frame["status"] == status]
            cells.append(f"{fmt.integer(part['n_projects'].sum())} projets · "
                         f"{fmt.euros_compact(float(part['amount_eur'].sum()))}" if not part.empty else "aucun projet")
        rows.append(cells)
    st.caption("Deux lectures du filtre région (la première est celle de toutes les pages) :")
    st.dataframe(pd.DataFrame(rows, columns=["Situation", "Projets des territoires de la région (par défaut)",
                                             "Projets situés dans les départements de la région"]),
                 hide_index=True)


def kpi(container, label: str, value: str, help: str | None = None) -> None:
    container.metric(label, value, help=help, border=True)


def show_sql(name: str) -> None:
    """Evidence-style: the SQL behind a figure and the values bound to it in this run, as
    recorded where the query ran (tidash.query_log). Drawn only once opened: the closed
    expander reruns the page on opening (its key is in the session), so the highlighted SQL
    is neither sent nor drawn on every change of filter."""
    panel = st.expander(f"Voir la requête SQL ({name}.sql)", key=sql_expander_key(name), on_change="rerun")
    if not panel.open:
        return
    runs = query_log.ran(name)
    with panel:
        st.code(db.sql_text(name), language="sql")
        if not runs:
            st.caption("Cette requête n'a pas été exécutée pour cet affichage.")
        for number, bound in enumerate(runs, start=1):
            values = ", ".join(f"${k} = {_sql_value(v)}" for k, v in sorted(bound.items())) or "aucun"
            prefix = f"Exécution {number} — paramètres liés : " if len(runs) > 1 else "Paramètres liés : "
            st.caption(prefix + values)


def sql_expander_key(name: str) -> str:
    return f"sql-{name}"


def _sql_value(value) -> str:
    return "NULL" if value is None else repr(value)


def neutralise_cell(value):
    """CSV/XLSX formula injection: a text cell starting with =, +, -, @ is prefixed by '."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise_cell)
    return out


def export_table(frame: pd.DataFrame, labels: dict) -> pd.DataFrame:
    """The rows as downloaded: the labelled columns under their French names, the codes said as on
    screen (« Dans un territoire », « oui »); figures stay numbers for the spreadsheet."""
    out = frame[list(labels)].copy()
    if "status" in out.columns:
        out["status"] = out["status"].map(lambda s: STATUS_LABELS.get(s, s))
    for column in out.columns:
        if pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].map(fmt.yes_no)
    return out.rename(columns=labels)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    # French spreadsheet conventions: ';' separator, decimal comma, UTF-8 with BOM for Excel.
    return export_frame(frame).to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    out = export_frame(frame)
    for column in out.columns:
        if out[column].map(lambda v: type(v).__name__ == "Decimal").any():
            out[column] = out[column].astype(float)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        out.to_excel(writer, index=False, sheet_name="projets")
    return buffer.getvalue()


def french_table(frame: pd.DataFrame, formats: dict, labels: dict) -> pd.DataFrame:
    """Formats figures server-side (French, whatever the browser's locale) and renames columns; a
    missing text shows « — » (fmt.MISSING), never the « None » Streamlit would print."""
    out = frame[list(labels)].copy()
    for column in out.columns:
        if column in formats:
            out[column] = out[column].map(formats[column])
        elif pd.api.types.is_object_dtype(out[column]) or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].fillna(fmt.MISSING)  # vectorised: this runs on every page rerun
    return out.rename(columns=labels)


def empty(message: str) -> None:
    st.info(message, icon="ℹ️")


def projects_by_list(sources, counts, amounts) -> str:
    """« Fonds vert 2023 : 10 782 projets, 1 956 354 884 € ; … »: each project list named, counted, summed."""
    return " ; ".join(f"{SOURCE_LABELS.get(s, s)} : {fmt.integer(n)} projets, {fmt.euros(a)}"
                      for s, n, a in zip(sources, counts, amounts))


def funding_sources_notice() -> None:
    """Which project lists the figures come from (counts read from the catalogue)."""
    coverage = repository.sources_coverage().drop_duplicates("source")
    listed = projects_by_list(coverage["source"], coverage["source_projects"], coverage["source_amount_eur"])
    st.info(f"Listes de projets financés disponibles (chaque liste entière, avant les filtres) — {listed}. Les autres financeurs (Banque des Territoires, "
            "France 2030, Régions…) ne publient pas de liste de projets exploitable ici : leurs chiffres cités "
            "figurent sur la page Programme.", icon="ℹ️")

# KPI tiles at 1366×768 (sidebar open, ≈ 900 px of content): a row of 7 tiles wraps to 4 + 3
# instead of cutting « 18 … », labels wrap instead of « Montan… », values shrink a little.
TILE_CSS = """
<style>
[data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) {
  flex-wrap: wrap; row-gap: 0.75rem;
}
[data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) > [data-testid="stColumn"] {
  min-width: 10rem;
}
[data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"]:nth-child(6) [data-testid="stMetric"]) > [data-testid="stColumn"] {
  min-width: 11rem;
}
[data-testid="stMetricLabel"] .stMarkdownEllipsis, [data-testid="stMetricLabel"] p {
  white-space: normal; overflow: visible; text-overflow: clip; line-height: 1.25;
}
[data-testid="stMetricValue"] { font-size: clamp(1.5rem, 0.9rem + 1.1vw, 2.25rem); }
</style>
"""

def page_style() -> None:
    """Our stylesheet for the pages (no data in it); st.html puts style-only content out of the layout."""
    st.html(TILE_CSS + f"<style>{html_bars.BARS_CSS}</style>")
