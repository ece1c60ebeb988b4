"""The pages' maps as plain SVG in a Streamlit component (components v2, no iframe).

The territories' map (national and Régions pages): the browser fetches each served layer once
and draws its paths once; a filter change sends only each territory's colour, name and formatted
value (≈ 15 KB) and recolours the paths. A territory's maps (profile page: members and funded
projects, France Relance, friches): read from the plotly figure tidash.maps builds for the
slides and exports (points_map_data), drawn again at each render.

Why not plotly here: on the national page, plotly's bundle and its `geo` drawing cost about
2 s of Chromium CPU per page load (40 % of the page) on a PC without GPU, and the plotly figure
is serialised at every interaction. The exports (PNG/PDF) keep plotly (tidash.maps), which
kaleido draws; these maps keep the same colours, classes, legend texts, hover, zoom and insets.
They have no toolbar (plotly's PNG button): the slides and their PNG/PDF exports have the maps."""
from __future__ import annotations

import html
import re
import threading
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale
from plotly.colors import sequential as plotly_sequential

from tidash import maps
from tidash.metrics import METRICS

NO_DATA_COLOUR = "#d9d9d9"
FRANCE_BOUNDS = [-5.5, 41, 10, 51.5]  # west, south, east, north: the frame when no layer says its own
HEIGHT = 520  # px: the map's largest height (its width sets it when the column is narrower)
INSET_TEXT_PX = 14

_HERE = Path(__file__).parent
_component = None
_registering = threading.Lock()  # sessions run their scripts in threads of their own


def _renderer():
    """The component, registered once per process (registering again at each run would warn)."""
    global _component
    with _registering:
        if _component is None:
            import streamlit as st

            _component = st.components.v2.component(
                "tidash_svg_map", js=(_HERE / "svg_map.js").read_text(encoding="utf-8"),
                css=(_HERE / "svg_map.css").read_text(encoding="utf-8"))
    return _component


def colours(values: pd.Series, metric: str, scale: str, title: str | None = None) -> tuple[list[str], dict]:
    """Each territory's fill colour and the legend, as maps.choropleth colours them: quantile
    classes of equal size (one viridis colour per class) or a linear viridis scale. A territory
    without a value is grey and the legend says « pas de données » (never the colour of 0)."""
    values = pd.to_numeric(values, errors="coerce").astype(float)
    label = title or METRICS[metric].label  # `title`: what the values are when not the metric itself
    tick = METRICS[metric].tick_format
    if scale == "quantile":
        codes, ranges = maps.quantile_classes(values)
        k = max(len(ranges), 1)
        palette = maps.quantile_palette(k)
        fills = [NO_DATA_COLOUR if pd.isna(c) else palette[int(c)] for c in codes]
        legend = dict(kind="classes", title=f"{label} — {k} classes de même effectif (quantiles)",
                      entries=[[palette[i], maps.class_label(low, high, tick)] for i, (low, high) in enumerate(ranges)])
    else:
        viridis = plotly_sequential.Viridis
        low, high = values.min(), values.max()
        spread = (high - low) if high > low else 1.0
        shares = [0.0 if pd.isna(v) else min(max((v - low) / spread, 0.0), 1.0) for v in values]
        sampled = sample_colorscale(viridis, shares, colortype="tuple")  # as plotly colours z on the exports
        fills = [NO_DATA_COLOUR if pd.isna(v) else "#%02x%02x%02x" % tuple(round(255 * c) for c in rgb)
                 for v, rgb in zip(values, sampled)]
        ticks = maps.colorbar_ticks(values.dropna(), metric) if values.notna().any() else {}
        legend = dict(kind="linear", title=f"{label} — échelle linéaire", colours=list(viridis),
                      ticks=ticks.get("ticktext", []))
    if values.isna().any():
        if legend["kind"] == "classes":
            legend["entries"].append([NO_DATA_COLOUR, "pas de données"])
        else:
            legend["title"] += " (gris : pas de données)"
    return fills, legend


def map_data(metrics: pd.DataFrame, metric: str, scale: str, layer_url: str, outline_url: str | None,
             insets: bool, height: int = HEIGHT, legend_title: str | None = None) -> dict:
    """What the component draws: layer URLs, the frame (west, south, east, north; room kept on
    the left for the overseas insets' names), one [id, name, value as text, colour] per territory,
    the legend (its title said by `legend_title` when the values are not the metric's own) and
    the insets' names."""
    fills, legend = colours(metrics[metric], metric, scale, legend_title)
    value_format = METRICS[metric].value_format
    values = pd.to_numeric(metrics[metric], errors="coerce")
    items = [[str(i), str(n), "pas de données" if pd.isna(v) else value_format(v), c]
             for i, n, v, c in zip(metrics["id_ti"], metrics["nom"], values, fills)]
    # The région outlines reach a little further than the territories (Corsica's east coast).
    bounds = maps.union_bounds([maps.layer_bounds(layer_url), outline_url and maps.layer_bounds(outline_url)])
    named = []
    if insets:
        points, (room_lon, _) = maps.inset_label_points()
        named = [list(point) for point in points]
        if bounds:
            bounds = (min(bounds[0], room_lon), *bounds[1:])
    return dict(layer=layer_url, outlines=outline_url, bounds=list(bounds or FRANCE_BOUNDS),
                height=height, items=items, legend=legend, insets=named, textPx=INSET_TEXT_PX,
                metricLabel=legend_title or METRICS[metric].label,
                label=f"Carte des territoires colorés selon « {METRICS[metric].label} »")


def show(data: dict, key: str) -> str | None:
    """Draws the map; returns the id of the territory clicked at this run, if any."""
    result = _renderer()(data=data, key=key, on_territory_change=lambda: None)
    return result.territory if result is not None else None


# On a slide (meeting-room screen read from 4–5 m): the map fills the slide's chart box, its
# legend, hover and inset names in bigger type; a click opens nothing.
SLIDE_LEGEND_FONT = "clamp(15px, 1.15vw, 22px)"  # 22 px at 1920 wide, 15,7 px at 1366 (the slide's text is zoomed too)
SLIDE_INSET_PX = 18


def on_slide(data: dict) -> dict:
    return {**data, "fill": True, "font": SLIDE_LEGEND_FONT, "textPx": SLIDE_INSET_PX, "clickable": False}


def draw(data: dict, key: str) -> None:
    """Draws a map that fills its container's height (on_slide), without reading clicks."""
    _renderer()(data=data, key=key, height="stretch")


_BREAK = re.compile(r"<br\s*/?>")


def _tip_lines(text) -> list[str]:
    """A plotly hover text (« <b>name</b><br>line », data escaped by tidash.maps) as plain lines:
    the component sets them as text, never as HTML."""
    return [html.unescape(re.sub(r"</?b>", "", part)) for part in _BREAK.split(str(text))]


def points_map_data(figure: go.Figure, label: str) -> dict:
    """What the component draws for a territory's map, read from the plotly figure tidash.maps
    builds for the slides and exports (territory_map, relance_map, friches_map): one builder, two
    renderers, so the page and the PDF show the same members, points, colours, sizes, hover
    texts, legend and frame. The région is the served layer's URL; the members' geometry is inline."""
    spec = figure.to_dict()
    traces, layout = spec["data"], spec["layout"]
    outline = next((t for t in traces if t["type"] == "choropleth" and isinstance(t["geojson"], str)), None)
    members = next((t for t in traces if t["type"] == "choropleth" and isinstance(t["geojson"], dict)), None)
    style = lambda t: dict(fill=t["colorscale"][0][1], line=t["marker"]["line"]["color"],  # noqa: E731
                           width=t["marker"]["line"].get("width", 1))
    shapes = []
    if members:
        shapes = [dict(geometry=feature["geometry"], tip=[html.unescape(part) for part in custom])
                  for feature, custom in zip(members["geojson"]["features"], members["customdata"])]
    points, entries = [], []
    for rank, trace in enumerate(t for t in traces if t["type"] == "scattergeo"):
        marker = trace["marker"]
        radii = maps.marker_radii(marker, len(trace["lon"]))
        points += [[round(lon, 5), round(lat, 5), r, marker["color"], _tip_lines(text)]
                   for lon, lat, r, text in zip(trace["lon"], trace["lat"], radii, trace["text"])]
        entries.append((trace.get("legendrank", 1000), rank, [marker["color"], trace["name"]]))
    geo = layout.get("geo", {})
    if "range" in geo.get("lonaxis", {}):
        (west, east), (south, north) = geo["lonaxis"]["range"], geo["lataxis"]["range"]
        bounds = [west, south, east, north]
    else:  # neither member nor point has a position: the région
        bounds = list((outline and maps.layer_bounds(outline["geojson"])) or FRANCE_BOUNDS)
    shown = layout.get("showlegend") and entries
    legend = dict(kind="classes", title="", entries=[e for *_, e in sorted(entries)] if shown else [])
    sizes = (layout.get("meta") or {}).get("size_legend")  # maps.size_legend
    if sizes:
        legend["sizes"] = sizes
    return dict(kind="points", outlines=outline["geojson"] if outline else None,
                outlineStyle=style(outline) if outline else None, memberStyle=style(members) if members else None,
                members=shapes, points=points, bounds=bounds, height=layout.get("height", HEIGHT), label=label,
                legend=legend if legend["entries"] or "sizes" in legend else None)


def show_points(data: dict, key: str) -> None:
    """Draws a territory's map (members, région, points): points_map_data, as
    repository.territory_points_map keeps it."""
    _renderer()(data=data, key=key)
