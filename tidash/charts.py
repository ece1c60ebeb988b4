"""Plotly figures built from DataFrames: French separators, explicit hover texts,
colour-blind-safe colours (Okabe–Ito, viridis/cividis), a title on every figure."""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from tidash import formatting as fmt

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
STATUS_LABELS = {"inside": "Dans un territoire", "outside": "Hors territoire", "unresolved": "Non rattaché"}
STATUS_COLOURS = {"inside": "#0072B2", "outside": "#E69F00", "unresolved": "#999999"}
# Streamlit serves its own font as « Source Sans » (not « Source Sans Pro », which no page has:
# plotly's text fell back to Arial beside the page's text).
FONT = dict(family="Source Sans, Source Sans Pro, Arial, sans-serif", size=15)
AXIS_FONT = dict(size=14, color="#31333F")  # Streamlit's text colour
LEGEND_PX = 30


TITLE_WIDTH = 48  # characters of an 18-px title on one line of a half-width chart at 1366×768


def base_layout(figure: go.Figure, title: str, height: int = 420) -> go.Figure:
    """French separators, the app's font, and the title on as many lines as it needs: a plotly
    title never wraps by itself, and a half-width chart at 1366×768 cut « (toutes les anné… »."""
    wrapped = wrap_label(title, TITLE_WIDTH) if title else title
    lines = wrapped.count("<br>") + 1 if title else 1
    figure.update_layout(
        # From the figure's top edge: plotly centres a title's lines on its anchor, so a 3-line title
        # placed by default touched the plot; the pad puts its first line 8 px from the top.
        title=dict(text=wrapped, x=0, font=dict(size=18), yref="container", y=1, yanchor="top",
                   pad=dict(t=8 + 12 * (lines - 1))),
        height=height + 24 * (lines - 1), separators=", ",
        font=FONT, margin=dict(l=10, r=10, t=50 + 24 * (lines - 1), b=10 + LEGEND_PX),
        # The legend at the figure's bottom edge, in the margin kept for it: placed under the plot
        # (y=-0.15 of its height), it ran into the axis title of the shorter charts.
        # In the order of the bars and tables (plotly reverses it for stacked bars), as legible as the axes.
        legend=dict(orientation="h", yref="container", yanchor="bottom", y=0, x=0, traceorder="normal", font=AXIS_FONT),
        paper_bgcolor="white", plot_bgcolor="white",
    )
    # Streamlit's chart theme writes axis labels in 12-px grey: too pale for a meeting-room screen.
    figure.update_xaxes(tickfont=AXIS_FONT, title_font=AXIS_FONT)
    figure.update_yaxes(tickfont=AXIS_FONT, title_font=AXIS_FONT)
    return figure


def wrap_label(text, width: int = 28, max_lines: int | None = None) -> str:
    """A long category name on several lines (<br>), so that its bar keeps its width; beyond
    max_lines the name is cut with « … » (the hover gives it whole)."""
    words, lines, line = str(text).split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip(" ,;") + "…"
    return "<br>".join(lines)


def euro_ticks(values, count: int = 5) -> dict:
    """French euro ticks for a value axis (k€, M€, Md€): plotly's own would read « 50M », « 1,2B »."""
    values = [float(v) for v in values if v == v]
    high = max([0.0, *values])
    if high <= 0:
        return {}
    raw = high / (count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    ticks = [step * i for i in range(int(high // step) + 2)]
    return dict(tickvals=ticks, ticktext=[fmt.euros_compact(t) if t else "0\u00a0€" for t in ticks])


def horizontal_bars(frame: pd.DataFrame, label: str, value: str, title: str, value_format=fmt.euros,
                    colour: str = OKABE_ITO[0], height: int | None = None, colour_column: str | None = None) -> go.Figure:
    """`colour_column`: a column of `frame` giving each bar its colour, else every bar is `colour`."""
    frame = frame.sort_values(value)
    values = frame[value].astype(float)
    names = [wrap_label(v, 36, max_lines=2) for v in frame[label]]
    lines = max([n.count("<br>") + 1 for n in names] or [1])
    top = float(values.max()) if values.notna().any() and values.max() > 0 else 0.0
    figure = go.Figure(go.Bar(
        x=values, y=names, orientation="h", marker_color=list(frame[colour_column]) if colour_column else colour,
        text=[value_format(v) for v in values], textangle=0, customdata=list(frame[label]),
        # In the bar when it is long enough for the value, beside it otherwise: « auto » shrank a value that
        # barely fitted its bar to a few pixels (« 63 216 » on Comparer at 1366).
        textposition=["inside" if top and v >= BAR_TEXT_INSIDE * top else "outside" for v in values],
        cliponaxis=False, outsidetextfont=dict(color="#222222"),  # dark beside the bar (the theme greys it)
        hovertemplate="%{customdata}<br>%{text}<extra></extra>",
    ))  # textangle 0: in a thin bar plotly turned the value sideways (« 8 » on the relance slide)
    # Values are printed on the bars in French; plotly's own ticks would read "2M".
    figure.update_xaxes(showgrid=True, gridcolor="#e5e5e5", showticklabels=False,
                        range=[0, top * 1.3] if top else None)  # room for a value beside the longest outside bar
    row = 28 if lines == 1 else 20 * lines + 10  # wrapped names get taller rows, never overlap
    return base_layout(figure, title, height or max(300, row * len(frame) + 80))


BAR_TEXT_INSIDE = 0.35  # share of the longest bar from which a value is written inside its bar


def grouped_bars(frame: pd.DataFrame, category: str, series: list[tuple[str, str]], title: str,
                 value_format=fmt.euros) -> go.Figure:
    figure = go.Figure()
    for index, (column, name) in enumerate(series):
        values = frame[column].astype(float)
        figure.add_bar(x=frame[category], y=values, name=name, marker_color=OKABE_ITO[index % len(OKABE_ITO)],
                       text=[value_format(v) for v in values], textposition="outside", textangle=0,
                       # a value never turned sideways over a narrow bar, nor cut at the top; dark (the theme greys it)
                       cliponaxis=False, outsidetextfont=dict(color="#222222"),
                       hovertemplate="%{x}<br>" + name + " : %{text}<extra></extra>")
    figure.update_layout(barmode="group")
    # Years and labels are categories (never « 2 022,6 »); euro values get French ticks.
    figure.update_xaxes(type="category")
    ticks = euro_ticks(frame[[c for c, _ in series]].to_numpy().ravel()) if value_format is fmt.euros else {}
    figure.update_yaxes(showgrid=True, gridcolor="#e5e5e5", **ticks)
    return base_layout(figure, title)


def funding_treemap(frame: pd.DataFrame, title: str, all_schemes: tuple[str, ...] = ()) -> go.Figure:
    """Scheme → measure, sized by euros. A scheme's colour follows its place in `all_schemes` (the
    catalogue's list), so that it keeps its colour whatever the « Dispositif » filter shows."""
    schemes = frame.groupby("scheme", as_index=False).agg(amount_eur=("amount_eur", "sum"),
                                                          n_projects=("n_projects", "sum"))
    ids = list(schemes["scheme"]) + [f"{s}/{m}" for s, m in zip(frame["scheme"], frame["measure"])]
    labels = list(schemes["scheme"]) + list(frame["measure"])
    parents = [""] * len(schemes) + list(frame["scheme"])
    values = list(schemes["amount_eur"].astype(float)) + list(frame["amount_eur"].astype(float))
    counts = list(schemes["n_projects"]) + list(frame["n_projects"])
    text = [f"{fmt.euros(v)} · {fmt.count(n, 'projet')}" for v, n in zip(values, counts)]
    # On the tile: the name wrapped in short lines and a compact amount, so that it fits a tile
    # at a readable size; the hover keeps the full name and the amount to the euro.
    tile = [f"{wrap_label(name, 18, 3)}<br>{fmt.euros_compact(v)}<br>{fmt.count(n, 'projet')}"
            for name, v, n in zip(labels, values, counts)]
    # Size already says the amount: the colour says the scheme (a colour scale on the amount
    # painted the largest measure mid-grey, as if it were missing or disabled).
    order = list(all_schemes) + [s for s in schemes["scheme"] if s not in all_schemes]
    colour_of = {scheme: TREEMAP_COLOURS[i % len(TREEMAP_COLOURS)] for i, scheme in enumerate(order)}
    colours = [colour_of[s] for s in schemes["scheme"]] + [colour_of[s] for s in frame["scheme"]]
    figure = go.Figure(go.Treemap(
        ids=ids, labels=labels, parents=parents, values=values, branchvalues="total", text=text,
        customdata=tile, texttemplate="%{customdata}", hovertemplate="%{label}<br>%{text}<extra></extra>",
        marker=dict(colors=colours, line=dict(color="white", width=2)), root_color="white",
        textfont=dict(size=TREEMAP_FONT, color="white"),
    ))
    figure = base_layout(figure, title, 520)
    # Read on a meeting-room screen: a label that would shrink below TREEMAP_MIN_FONT is hidden
    # (its tile still shows it on hover), never drawn in 6-px type.
    figure.update_layout(uniformtext=dict(minsize=TREEMAP_MIN_FONT, mode="hide"))
    return figure


TREEMAP_FONT = 16
TREEMAP_MIN_FONT = 14
TREEMAP_COLOURS = ["#0072B2", "#A94400", "#00704F", "#6A3D9A", "#8B2252"]  # white text on each: contrast ≥ 4.5:1


def stacked_status_bars(frame: pd.DataFrame, category: str, title: str) -> go.Figure:
    figure = go.Figure()
    for status, name in STATUS_LABELS.items():
        part = frame[frame["status"] == status]
        values = part["amount_eur"].astype(float)
        figure.add_bar(y=part[category], x=values, name=name, orientation="h",
                       marker_color=STATUS_COLOURS[status], customdata=[fmt.euros(v) for v in values],
                       hovertemplate="%{y}<br>" + name + " : %{customdata}<extra></extra>")
    figure.update_layout(barmode="stack")
    figure.update_yaxes(categoryorder="total ascending")  # the largest total on top
    totals = frame.groupby(category)["amount_eur"].sum() if not frame.empty else []
    figure.update_xaxes(showgrid=True, gridcolor="#e5e5e5", **euro_ticks(list(totals)))
    return base_layout(figure, title, max(360, 30 * frame[category].nunique() + 120))


def time_series(frame: pd.DataFrame, x: str, y: str, title: str, name: str, value_format=fmt.integer) -> go.Figure:
    values = frame[y].astype(float)
    figure = go.Figure(go.Scatter(
        x=frame[x], y=values, mode="lines+markers", name=name, line=dict(color=OKABE_ITO[0], width=3),
        customdata=[value_format(v) for v in values],
        hovertemplate="%{x|%d/%m/%Y}<br>" + name + " : %{customdata}<extra></extra>",
    ))
    figure.update_yaxes(showgrid=True, gridcolor="#e5e5e5", tickformat=",d")  # « 12 000 », never « 12k »
    figure.update_xaxes(tickformat="%m/%Y")
    return base_layout(figure, title)


def facts_timeline(facts: pd.DataFrame, title: str) -> go.Figure:
    """One dot per dated figure, one row per theme; hover gives the words of the source."""
    dated = facts.dropna(subset=["date"])
    figure = go.Figure()
    for index, (theme, part) in enumerate(dated.groupby("theme_label", sort=True)):
        figure.add_scatter(
            x=part["date"], y=[theme] * len(part), mode="markers", name=theme,
            marker=dict(size=13, color=OKABE_ITO[index % len(OKABE_ITO)], line=dict(width=1, color="white")),
            customdata=list(zip(part["value_as_stated"].fillna(""), part["source_publisher"].fillna(""),
                                part["reference_date"].fillna(""), part["fact_id"])),
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[2]} · %{customdata[1]} (%{customdata[3]})<extra></extra>",
        )
    figure.update_layout(showlegend=False)
    figure.update_xaxes(showgrid=True, gridcolor="#e5e5e5", tickformat="%Y")
    return base_layout(figure, title, 460)


def counts_step(frame: pd.DataFrame, title: str) -> go.Figure:
    """Territory counts as cited over time (each dot is a source); an announced count (the 124
    territories of November 2018) is an open dot, said « annoncés »."""
    announced = frame["indicator"].eq("n_territoires_announced") if "indicator" in frame else \
        pd.Series(False, index=frame.index)
    figure = go.Figure(go.Scatter(
        x=frame["date"], y=frame["value_num"], mode="lines+markers", line=dict(shape="hv", color=OKABE_ITO[0], width=3),
        marker=dict(size=11, symbol=["circle-open" if a else "circle" for a in announced],
                    line=dict(width=2.5, color=OKABE_ITO[0])),
        customdata=list(zip(frame["value_as_stated"], frame["source_publisher"], frame["fact_id"],
                            ["annoncés" if a else "cités" for a in announced])),
        hovertemplate="%{x|%m/%Y} : <b>%{y}</b> (%{customdata[3]})<br>« %{customdata[0]} » — %{customdata[1]} "
                      "(%{customdata[2]})<extra></extra>",
    ))
    figure.update_yaxes(showgrid=True, gridcolor="#e5e5e5", rangemode="tozero", tickformat=",d")
    return base_layout(figure, title, 380)


def stacked_status_counts(frame: pd.DataFrame, category: str, title: str, unit: str = "projets") -> go.Figure:
    """Counts (never euros) by category, stacked inside / outside / unresolved."""
    figure = go.Figure()
    for status, name in STATUS_LABELS.items():
        part = frame[frame["status"] == status]
        values = part["n_projects"].astype(float)
        # a long measure name on two lines: on one, it took half of a 1366-px screen from the bars
        figure.add_bar(y=[wrap_label(v, 40, max_lines=2) for v in part[category]], x=values, name=name,
                       orientation="h", marker_color=STATUS_COLOURS[status],
                       customdata=[[f"{fmt.integer(v)} {unit}", label] for v, label in zip(values, part[category])],
                       hovertemplate="%{customdata[1]}<br>" + name + " : %{customdata[0]}<extra></extra>")
    figure.update_layout(barmode="stack", yaxis=dict(categoryorder="total ascending"))
    figure.update_xaxes(showgrid=True, gridcolor="#e5e5e5", title_text=f"Nombre de {unit}", tickformat=",d")
    return base_layout(figure, title, max(320, 36 * frame[category].nunique() + 140))


# Plotly's toolbar (modebar) in French: plotly.js reads its strings from config.locales, given
# here inline (the plotly.js inside Streamlit only bundles English, and nothing may be fetched
# online). Only the buttons that make sense on these charts are kept: PNG download (French file
# name), zoom, pan and reset. The « Fullscreen » button Streamlit adds to the modebar, and its own
# element toolbar (table search, download, full screen), have no translation hook in Streamlit
# 1.67 (its title is not looked up in config.locales, measured): tidash.frontend_fr translates
# them in Streamlit's bundle instead.
FRENCH_PLOTLY_LOCALE = {
    "dictionary": {
        "Autoscale": "Échelle automatique", "Box Select": "Sélection rectangulaire",
        "Compare data on hover": "Comparer les données au survol",
        "Double-click to zoom back out": "Double-cliquez pour revenir à la vue d'ensemble",
        "Download plot": "Télécharger le graphique", "Download plot as a PNG": "Télécharger en PNG",
        "Download plot as a png": "Télécharger en PNG", "Download plot as JSON": "Télécharger en JSON",
        "Image download succeeded": "Image téléchargée",
        "Lasso Select": "Sélection au lasso", "Pan": "Déplacer", "Reset": "Réinitialiser",
        "Reset axes": "Réinitialiser les axes", "Reset view": "Réinitialiser la vue",
        "Reset views": "Réinitialiser les vues",
        "Preparing image - this may take a few seconds": "Préparation de l'image, quelques secondes…",
        "Show closest data on hover": "Donnée la plus proche au survol",
        "Sorry, there was a problem downloading your image!": "Le téléchargement de l'image a échoué.",
        "Toggle Spike Lines": "Lignes de repère",
        "Toggle show closest data on hover": "Donnée la plus proche au survol",
        "Zoom": "Zoom", "Zoom in": "Zoom avant", "Zoom out": "Zoom arrière",
    },
    "format": {
        "days": ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
        "shortDays": ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
        "months": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                   "octobre", "novembre", "décembre"],
        "shortMonths": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
                        "nov.", "déc."],
        "date": "%d/%m/%Y", "decimal": ",", "thousands": "\u202f",
    },
}
MODEBAR_REMOVED = ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines", "hoverClosestCartesian",
                   "hoverCompareCartesian", "hoverClosestGeo", "hoverClosestPie", "toggleHover"]


# st.plotly_chart(config=…): French toolbar, useless buttons removed, PNG named in French.
PLOTLY_CONFIG = {"displaylogo": False, "locale": "fr", "locales": {"fr": FRENCH_PLOTLY_LOCALE},
                 "modeBarButtonsToRemove": MODEBAR_REMOVED,
                 "toImageButtonOptions": {"format": "png", "filename": "territoires_industrie_graphique"}}
