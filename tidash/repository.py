"""Cached reads for the pages. The only place with cache decorators.

Every cached entry is keyed by the catalogue version, so a newly published import is seen
at the next interaction of every session, and old entries simply stop being asked for."""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from tidash import db, paths, query_log
from tidash.state import PROJECT_SORTS, Filters, Options


def query(name: str, **params) -> pd.DataFrame:
    """The frame of a named query, computed once per catalogue version and parameters and shared
    by every session. Each caller gets a shallow copy: under pandas' copy-on-write (always on
    since pandas 3) a change a page makes to its copy copies the data first and never reaches
    the shared frame, and a read costs no unpickling (st.cache_data's copy was ≈ 7 % of a
    run's CPU on the national page)."""
    query_log.record(name, params)  # what « Voir la requête SQL » shows
    items = tuple(sorted(params.items()))
    return _run(key=_key(name, items, db.catalogue_version()), _name=name, _params=items).copy(deep=False)


def _key(*parts) -> str:
    """One string for Streamlit to hash: its hasher costs ≈ 70 µs for a tuple of parameters and
    6 µs for a string. The parts are names, numbers, None, tuples of them and Filters (a frozen
    dataclass, whose repr lists its fields): their repr is exact. A part written otherwise for an
    equal value (numpy's 2023 against Python's) would cost a cache miss, never a wrong entry."""
    return repr(parts)


# Sized for every view tidash.warmup prepares (≈ 171 views × 4 to 6 entries) and the pages' own.
# Arguments starting with « _ » are not hashed: `key` says them all. They are passed by keyword:
# Streamlit inspects the function's signature once per positional argument (≈ 30 µs each), so
# the key is passed by keyword too.
@st.cache_resource(max_entries=2048, show_spinner=False)
def _run(key: str, _name: str, _params: tuple) -> pd.DataFrame:
    return db.run(_name, **dict(_params))


def forget_replaced_catalogues() -> None:
    """After a publication (tidash.warmup): every entry cached here is keyed by a catalogue version
    and those of the replaced catalogue are never read again. Streamlit clears a cached function's
    entries all at once: the current catalogue's views are prepared again right after. Without
    this, each publication left ≈ 50 MB of old views until max_entries pushed them out. A page
    still running on the replaced catalogue may put an entry back just after: it stays until
    max_entries pushes it out, as before."""
    for cached in [value for value in globals().values() if isinstance(value, type(_run))]:  # every cached function here
        cached.clear()


def _filters(filters: Filters) -> dict:
    return {"vintage": filters.vintage, "region": filters.region, "scheme": filters.scheme, "year": filters.year}


def kpis(filters: Filters) -> pd.Series:
    return query("kpis", **_filters(filters)).iloc[0]


def funding_coverage(filters: Filters) -> pd.DataFrame:
    """Régions covered by the project lists under the scheme and year filters."""
    return query("funding_coverage", scheme=filters.scheme, year=filters.year)


def territory_metrics(filters: Filters, whole_country: bool = False) -> pd.DataFrame:
    params = _filters(filters)
    if whole_country:
        params["region"] = None
    return query("territory_metrics", **params)


def _layer_url(name: str) -> str:
    return f"{paths.STATIC_GEO_URL}/{name}.json?v={db.catalogue_version()[2]}"


def territory_layer_url(vintage: str, region: str | None = None) -> str:
    """URL of the territory layer the browser fetches once and caches: the national layout
    (overseas insets) for the whole country, real coordinates for one région."""
    return _layer_url(f"territories_{vintage}_{region or 'national'}")


def region_layer_url(region: str | None = None) -> str:
    return _layer_url(f"region_{region}" if region else "regions_national")


@st.cache_data(max_entries=32, show_spinner=False)
def _static_layer(name: str, version: tuple) -> dict:
    return json.loads((paths.static_geo_dir() / f"{name}.json").read_text(encoding="utf-8"))


def territory_layer(vintage: str, region: str | None = None) -> dict:
    """The same layer as territory_layer_url, as a dict (for files exported without a browser)."""
    return _static_layer(f"territories_{vintage}_{region or 'national'}", db.catalogue_version())


def region_layer(region: str | None = None) -> dict:
    return _static_layer(f"region_{region}" if region else "regions_national", db.catalogue_version())


def publication_diff(filters: Filters):
    """« Ce qui a changé » since the last publication (None if nothing was published)."""
    version = (db.catalogue_version(), db.catalogue_version(db.PREVIOUS) if db.has_previous() else None)
    return _publication_diff(filters, version)


@st.cache_data(max_entries=16, show_spinner=False)
def _publication_diff(filters: Filters, version: tuple):
    from tidash.briefing.publication_diff import compare

    return compare(filters)


def territory_search(vintage: str, text: str) -> pd.DataFrame:
    return query("territory_search", vintage=vintage, text=text)


def territory_profile(vintage: str, id_ti: str) -> pd.Series | None:
    frame = query("territory_profile", vintage=vintage, id_ti=id_ti)
    return None if frame.empty else frame.iloc[0]


def territory_members(vintage: str, id_ti: str) -> pd.DataFrame:
    return query("territory_members", vintage=vintage, id_ti=id_ti)


def territory_history(vintage: str, id_ti: str) -> pd.DataFrame:
    return query("territory_history", vintage=vintage, id_ti=id_ti)


def territory_lineage(vintage: str, other_vintage: str) -> pd.DataFrame:
    """For each territory of a vintage, the territory it is followed to in another vintage."""
    return query("territory_lineage", vintage=vintage, other_vintage=other_vintage)


def commune_differences(vintage: str, id_ti: str, other_vintage: str, other_id_ti: str) -> pd.DataFrame:
    return query("territory_commune_differences", vintage=vintage, id_ti=id_ti,
                 other_vintage=other_vintage, other_id_ti=other_id_ti)


def _of_territory(filters: Filters, id_ti: str | None) -> dict:
    """One territory's figures ignore the sidebar's région: the territory is in its own région, and
    a profile or slide of a territory elsewhere showed « aucun projet » where it has some."""
    return _filters(filters.whole_country() if id_ti is not None else filters)


def funding_by_measure(filters: Filters, id_ti: str | None = None) -> pd.DataFrame:
    return query("funding_by_measure", id_ti=id_ti, **_of_territory(filters, id_ti))


def funding_by_year(filters: Filters, id_ti: str | None = None) -> pd.DataFrame:
    params = _of_territory(filters, id_ti)
    params.pop("year")
    return query("funding_by_year", id_ti=id_ti, **params)


def funding_by_region(filters: Filters) -> pd.DataFrame:
    return query("funding_by_region", **_filters(filters))


def funding_inside_outside(filters: Filters, located: bool = False) -> pd.DataFrame:
    """located=False: the app's meaning of the région (projects of its territories, or located in
    it when in no territory); True: every project by where it is located."""
    return query("funding_inside_outside", located=located, **_filters(filters))


def projects(filters: Filters, id_ti: str | None = None, measure: str | None = None, status: str | None = None,
             min_amount: float | None = None, max_amount: float | None = None, text: str | None = None,
             limit: int | None = 20000, sort: str = "amount_desc", located: bool = False) -> pd.DataFrame:
    """Filtered projects sorted in SQL before the LIMIT (limit None: every filtered row, for
    downloads); n_filtered / amount_filtered count every filtered row whatever the limit."""
    if sort not in PROJECT_SORTS:
        raise ValueError(f"tri inconnu : {sort!r}")
    return query("projects", id_ti=id_ti, measure=measure, status=status, min_amount=min_amount,
                 max_amount=max_amount, text=text or None, limit=limit, sort=sort, located=located,
                 **_of_territory(filters, id_ti))


def project_measures() -> pd.DataFrame:
    return query("project_measures")


def territory_project_points(filters: Filters, id_ti: str) -> pd.DataFrame:
    return query("territory_project_points", vintage=filters.vintage, scheme=filters.scheme,
                 year=filters.year, id_ti=id_ti)


def comparable_territories(vintage: str, id_ti: str, limit: int = 5) -> pd.DataFrame:
    return query("comparable_territories", vintage=vintage, id_ti=id_ti, limit=limit)


def region_summary(filters: Filters, region: str) -> pd.DataFrame:
    params = _filters(filters)
    params["region"] = region
    return query("region_summary", **params)


def region_indicators(region: str) -> pd.DataFrame:
    return query("region_indicators", region=region)


def programme_facts(theme: str | None = None) -> pd.DataFrame:
    return query("programme_facts", theme=theme)


def fund_snapshots() -> pd.DataFrame:
    return query("fund_snapshots")


def france_relance_counts(region: str | None) -> pd.DataFrame:
    return query("france_relance_counts", region=region)


def sources_coverage() -> pd.DataFrame:
    return query("sources_coverage")


def extract_rows() -> pd.DataFrame:
    return query("extract_rows")


# France Relance industrial projects (a count source: no amounts) -------------------------

def relance_breakdown(vintage: str, dimension: str, region: str | None = None, id_ti: str | None = None
                      ) -> pd.DataFrame:
    """Counts by measure, filiere, company_type or year, split by status."""
    return query("relance_breakdown", vintage=vintage, dimension=dimension, region=region, id_ti=id_ti)


def relance_projects(vintage: str, id_ti: str | None = None, region: str | None = None, measure: str | None = None,
                     status: str | None = None, text: str | None = None, limit: int = 5000) -> pd.DataFrame:
    return query("relance_projects", vintage=vintage, id_ti=id_ti, region=region, measure=measure, status=status,
                 text=text or None, limit=limit)


def relance_reconciliation() -> pd.DataFrame:
    return query("relance_reconciliation")


def relance_departement_checks() -> pd.DataFrame:
    return query("relance_departement_checks")


# The programme ledger imported through the contract (docs/contrat-suivi-projets.md) ------

def programme_ledger(vintage: str, dimension: str, region: str | None = None, id_ti: str | None = None
                     ) -> pd.DataFrame:
    """Projects, committed and paid by axis, status, operator, territory or region."""
    return query("programme_ledger", vintage=vintage, dimension=dimension, region=region, id_ti=id_ti)


def programme_ledger_rows() -> pd.DataFrame:
    return query("programme_ledger_rows")


def ledger_vintages() -> frozenset[str]:
    """The vintages with an imported programme ledger: asked at every run by the sidebar's link
    to the briefing, read once per catalogue (no copy of a frame)."""
    return _ledger_vintages(key=_key(db.catalogue_version()))


@st.cache_resource(max_entries=4, show_spinner=False)
def _ledger_vintages(key: str) -> frozenset[str]:
    return frozenset(db.run("programme_ledger_rows")["vintage"])


def programme_ledger_projects(vintage: str, region: str | None = None, id_ti: str | None = None) -> pd.DataFrame:
    return query("programme_ledger_projects", vintage=vintage, region=region, id_ti=id_ti)


# Cartofriches (Cerema): the inventory of reported brownfield sites, per territory.
def friches_by_territory(vintage: str, region: str | None = None) -> pd.DataFrame:
    return query("friches_by_territory", vintage=vintage, region=region)


def territory_friches(vintage: str, id_ti: str) -> pd.DataFrame:
    return query("territory_friches", vintage=vintage, id_ti=id_ti)


def territory_friches_counts(vintage: str, id_ti: str) -> pd.DataFrame:
    return query("territory_friches_counts", vintage=vintage, id_ti=id_ti)


def territory_land_recycling(filters: Filters, id_ti: str) -> pd.DataFrame:
    return query("territory_land_recycling", vintage=filters.vintage, id_ti=id_ti, year=filters.year)


def region_friches(vintage: str, region: str) -> pd.DataFrame:
    return query("region_friches", vintage=vintage, region=region)


def friches_reconciliation() -> pd.DataFrame:
    return query("friches_reconciliation")


@st.cache_data(max_entries=4, show_spinner=False)
def _list_overlaps(version: tuple) -> dict:
    from tidash.ingest import overlap

    return overlap.list_overlaps(paths.data_dir())


def list_overlaps() -> dict:
    """Rows each imported list shares with another published source (tidash.ingest.overlap),
    computed once per catalogue version (≈ 0,3 s on 12 000 projects)."""
    return _list_overlaps(db.catalogue_version())


# Filter choices, built once per catalogue version ---------------------------------------

def options() -> Options:
    """Régions, schemes, years, territories per vintage and project measures: what the URL and
    the sidebar accept. Built once per catalogue version and shared by every session (several
    calls per script run read the same object; it is never mutated: territory ids are frozensets)."""
    return _options(key=_key(db.catalogue_version()))


@st.cache_resource(max_entries=4, show_spinner=False)
def _options(key: str) -> Options:
    frame = db.run("filter_options")
    by_kind = {kind: part for kind, part in frame.groupby("kind")}
    territories: dict[str, set[str]] = {}
    for value in by_kind["territory"]["value"]:
        vintage, id_ti = value.split("|")
        territories.setdefault(vintage, set()).add(id_ti)
    return Options(
        regions=dict(zip(by_kind["region"]["value"], by_kind["region"]["label"])),
        schemes=tuple(by_kind["scheme"]["value"]),
        years=tuple(int(y) for y in by_kind["year"]["value"]),
        territories={vintage: frozenset(ids) for vintage, ids in territories.items()},
        measures=frozenset(db.run("project_measures")["measure"].dropna()),
    )


# Parts of the national page built once per catalogue version and view ------------------
# At each interaction the map figure (quantile classes, 183 formatted values) and the ranking
# formatted by babel were rebuilt from cached frames:
# most of the CPU of a cached run. They are built once here; callers never mutate them.

def territories_map(filters: Filters, metric: str, scale: str = "quantile", height: int = 520) -> dict:
    """What the SVG map of the territories draws (svg_map.map_data of territory_metrics): the
    whole country with its overseas insets, or one région (the Régions page, the national page
    filtered to a région); built once per catalogue version, view, metric and scale and shared
    by every session (read only)."""
    return _territories_map(key=_key(filters, metric, scale, height, db.catalogue_version()), _filters=filters,
                            _metric=metric, _scale=scale, _height=height)


@st.cache_resource(max_entries=1024, show_spinner=False)
def _territories_map(key: str, _filters: Filters, _metric: str, _scale: str, _height: int) -> dict:
    from tidash import svg_map

    return svg_map.map_data(territory_metrics(_filters), _metric, _scale,
                            territory_layer_url(_filters.vintage, _filters.region), region_layer_url(_filters.region),
                            insets=_filters.region is None, height=_height)


def has_funding_data(filters: Filters, id_ti: str) -> bool:
    """Whether a project list covers the territory's région under the filters (territory_metrics)."""
    metrics = territory_metrics(filters, whole_country=True)
    return bool(metrics.loc[metrics["id_ti"] == id_ti, "has_funding_data"].any())


def years_without_data(filters: Filters, id_ti: str) -> list[int]:
    """The years of the project lists that do not cover the territory's région (2024: PACA only):
    a chart by year leaves them out and says so. Once per catalogue version, view and territory."""
    return list(_years_without_data(filters.vintage, filters.scheme, id_ti, db.catalogue_version()))


@st.cache_data(max_entries=256, show_spinner=False)
def _years_without_data(vintage: str, scheme: str | None, id_ti: str, version: tuple) -> tuple[int, ...]:
    return tuple(year for year in options().years if not has_funding_data(Filters(vintage, None, scheme, year), id_ti))


POINTS_MAPS = ("projects", "relance", "friches")


def territory_points_map(kind: str, filters: Filters, id_ti: str) -> dict:
    """What the SVG map of one territory draws (svg_map.points_map_data): its members in its région
    with « projects » (its funded projects under the scheme and year filters), « relance » (France
    Relance projects) or « friches » (Cartofriches sites). Built once per catalogue version, view
    and territory and shared by every session (read only): the plotly figure each is read from
    cost 15–25 ms, at every run of the profile."""
    if kind not in POINTS_MAPS:
        raise ValueError(f"carte inconnue : {kind}")
    scheme, year = (filters.scheme, filters.year) if kind == "projects" else (None, None)  # the others ignore them
    return _territory_points_map(kind, filters.vintage, scheme, year, id_ti, db.catalogue_version())


@st.cache_resource(max_entries=256, show_spinner=False)
def _territory_points_map(kind: str, vintage: str, scheme: str | None, year: int | None, id_ti: str,
                          version: tuple) -> dict:
    from tidash import maps, svg_map

    profile = territory_profile(vintage, id_ti)
    members, outline = territory_members(vintage, id_ti), region_layer_url(profile["code_reg"])
    if kind == "projects":
        points = territory_project_points(Filters(vintage, None, scheme, year), id_ti)
        return svg_map.points_map_data(maps.territory_map(members, points, outline, height=520),
                                       f"Carte des membres de {profile['nom']} et de ses projets financés")
    if kind == "relance":
        projects = relance_projects(vintage, id_ti=id_ti, status="inside")
        return svg_map.points_map_data(maps.relance_map(members, projects, outline, height=480),
                                       "Carte des projets France Relance du territoire")
    sites = territory_friches(vintage, id_ti)
    return svg_map.points_map_data(maps.friches_map(members, sites, outline, height=480,
                                                    status_labels=maps.FRICHE_STATUS_LABELS),
                                   "Carte des friches du territoire (Cartofriches)")


def ranking_table(filters: Filters, metric: str, labels: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The territories ranked by `metric` (ranking.ranked) and the same rows formatted in French
    for the table (ui.french_table, columns renamed by `labels`, which may add « population »),
    per catalogue version and view: ≈ 6 ms of pandas at every run of the national and Régions pages."""
    labels, version = tuple(labels.items()), db.catalogue_version()
    ranked, table = _ranking_table(key=_key(filters, metric, labels, version), _filters=filters, _metric=metric,
                                   _labels=labels)
    return ranked.copy(deep=False), table.copy(deep=False)  # shared frames: see query


@st.cache_resource(max_entries=1024, show_spinner=False)
def _ranking_table(key: str, _filters: Filters, _metric: str, _labels: tuple) -> tuple[pd.DataFrame, pd.DataFrame]:
    from tidash import ranking, ui
    from tidash.metrics import METRICS

    ranked = ranking.ranked(territory_metrics(_filters), _metric)
    formats = {"population": METRICS["population"].value_format, _metric: METRICS[_metric].value_format}
    return ranked, ui.french_table(ranked, formats, dict(_labels))


# Two texts every page with figures says at each interaction: 2 to 5 ms of pandas each, from cached
# frames (bench/RESULTS.md: about a fifth of a cached run of the national page).

def sources_line(filters: Filters, whole_country: bool = False) -> str:
    """panels.sources_line_text: which source each figure counts, per catalogue version and view."""
    return _sources_line(key=_key(filters, whole_country, db.catalogue_version()), _filters=filters,
                         _whole_country=whole_country)


# Texts are immutable: shared as they are (st.cache_resource, no copy).
@st.cache_resource(max_entries=1024, show_spinner=False)
def _sources_line(key: str, _filters: Filters, _whole_country: bool) -> str:
    from tidash.panels import sources_line_text

    return sources_line_text(_filters, _whole_country)


def funding_gap_notice(filters: Filters, ranked_nationally: bool = False) -> tuple[str, bool] | None:
    """ui.funding_gap_notice (« pas de données » for the view), per catalogue version and view."""
    return _funding_gap_notice(key=_key(filters, ranked_nationally, db.catalogue_version()), _filters=filters,
                               _ranked_nationally=ranked_nationally)


@st.cache_resource(max_entries=1024, show_spinner=False)
def _funding_gap_notice(key: str, _filters: Filters, _ranked_nationally: bool) -> tuple[str, bool] | None:
    from tidash.ui import funding_gap_notice as notice

    return notice(_filters, _ranked_nationally)


def sources_caption() -> str:
    """The sidebar's line on sources (tidash.sources.sources_caption: folders and the import
    state on disk), built once per catalogue version rather than at every rerun."""
    return _sources_caption(key=_key(db.catalogue_version()))


@st.cache_resource(max_entries=4, show_spinner=False)
def _sources_caption(key: str) -> str:
    from tidash.sources import sources_caption as caption

    return caption()
