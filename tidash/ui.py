"""Streamlit building blocks shared by the pages: the sidebar view, KPI tiles, safe text,
tables with French formats, downloads and the « voir la requête » expander."""
from __future__ import annotations

import io
import re

import pandas as pd
import streamlit as st

from tidash import db, repository
from tidash import formatting as fmt
from tidash.metrics import METRICS, metric_label
from tidash.sources import SOURCE_LABELS
from tidash.state import Filters, Options, View, parse_view, to_params
from tidash.vintages import VINTAGES

ALL = "__all__"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&])")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text) -> str:
    """Data text (titles, beneficiaries) made inert for st.markdown: no HTML, no Markdown."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def options() -> Options:
    frame = repository.filter_options()
    by_kind = {kind: part for kind, part in frame.groupby("kind")}
    territories: dict[str, set[str]] = {}
    for value in by_kind["territory"]["value"]:
        vintage, id_ti = value.split("|")
        territories.setdefault(vintage, set()).add(id_ti)
    return Options(
        regions=dict(zip(by_kind["region"]["value"], by_kind["region"]["label"])),
        schemes=tuple(by_kind["scheme"]["value"]),
        years=tuple(int(y) for y in by_kind["year"]["value"]),
        territories=territories,
    )


def _persistent_select(container, label: str, choices: list, state_key: str, format_func, help: str | None = None):
    """A selectbox whose value survives page switches (Streamlit forgets the state of
    widgets that a page does not draw)."""
    widget_key = f"_w_{state_key}"
    st.session_state[widget_key] = st.session_state[state_key]

    def sync() -> None:
        st.session_state[state_key] = st.session_state[widget_key]

    return container.selectbox(label, choices, key=widget_key, on_change=sync, format_func=format_func, help=help)


def _load_view_once(opts: Options | None = None) -> None:
    """The URL gives the first view of a session; widgets own it afterwards."""
    if "view_loaded" in st.session_state:
        return
    view = parse_view(st.query_params.to_dict(), opts or options())
    f = view.filters
    st.session_state.update({
        "view_loaded": True, "vintage": f.vintage, "region": f.region or ALL, "scheme": f.scheme or ALL,
        "year": ALL if f.year is None else f.year, "metric": view.metric, "territories": view.territories,
        "notices": view.notices,
    })


def sidebar() -> View:
    """Draws the shared controls and returns the current view; keeps it in the URL."""
    opts = options()
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
    known = opts.territories.get(st.session_state["vintage"], set())
    st.session_state["territories"] = [t for t in st.session_state["territories"] if t in known]
    for notice in st.session_state.get("notices", []):
        side.warning(notice, icon="⚠️")
    view = current_view()
    st.query_params.from_dict(to_params(view))
    return view


def briefing_params(view: View) -> dict[str, str]:
    """The briefing deck for the current view: programme, national map, the chosen région and
    territories, what changed."""
    entries = ["programme", "carte"]
    if view.filters.region:
        entries.append(f"region:{view.filters.region}")
    entries += [f"territoire:{t}" for t in view.territories]
    entries.append("changements")
    return {**to_params(view), "deck": ",".join(entries)}


def current_view() -> View:
    # A fresh server's very first request for a sub-page runs that page alone (Streamlit's
    # pages/ folder mode, before st.navigation has run once): load the view here too.
    _load_view_once()
    s = st.session_state
    filters = Filters(
        vintage=s["vintage"],
        region=None if s["region"] == ALL else s["region"],
        scheme=None if s["scheme"] == ALL else s["scheme"],
        year=None if s["year"] == ALL else int(s["year"]),
    )
    return View(filters=filters, metric=s["metric"], territories=list(s["territories"]))


def metric_select(container=st) -> str:
    return _persistent_select(container, "Indicateur de la carte", list(METRICS), "metric", metric_label)


def set_territory(id_ti: str) -> None:
    st.session_state["territories"] = [id_ti]


def scope_caption(filters: Filters) -> str:
    parts = [VINTAGES[filters.vintage].label]
    parts.append("toutes régions" if filters.region is None else f"région {filters.region}")
    parts.append("tous dispositifs" if filters.scheme is None else filters.scheme)
    parts.append("toutes années" if filters.year is None else f"année {filters.year}")
    return " · ".join(parts)


def kpi(container, label: str, value: str, help: str | None = None) -> None:
    container.metric(label, value, help=help, border=True)


def show_sql(name: str, params: dict | None = None) -> None:
    """Evidence-style: the SQL behind a figure and the values bound to it."""
    with st.expander(f"Voir la requête SQL ({name}.sql)"):
        st.code(db.sql_text(name), language="sql")
        if params:
            st.caption("Paramètres : " + ", ".join(f"${k} = {v!r}" for k, v in params.items()))


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
    """Formats figures server-side (French, whatever the browser's locale) and renames columns."""
    out = frame[list(labels)].copy()
    for column, formatter in formats.items():
        if column in out:
            out[column] = out[column].map(formatter)
    return out.rename(columns=labels)


def empty(message: str) -> None:
    st.info(message, icon="ℹ️")




def funding_sources_notice() -> None:
    """Which project lists the figures come from (counts read from the catalogue)."""
    coverage = repository.sources_coverage().drop_duplicates("source")
    listed = "; ".join(f"{SOURCE_LABELS.get(s, s)} : {fmt.integer(n)} projets, {fmt.euros(a)}"
                       for s, n, a in zip(coverage["source"], coverage["source_projects"], coverage["source_amount_eur"]))
    st.info(f"Projets financés disponibles — {listed}. Les autres financeurs (Banque des Territoires, "
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
    st.html(TILE_CSS)
