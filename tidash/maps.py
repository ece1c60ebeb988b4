"""Maps that work offline: plotly `geo` (SVG) with empty local base layers, on screen and in the
PNG/PDF exports. Every map is built from a DataFrame and a GeoJSON dict (exports) or the URL of a
local layer (pages: fetched once by the browser)."""
from __future__ import annotations

import html
import json
import math
from functools import lru_cache
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import shapely
from plotly.colors import sequential as plotly_sequential

from tidash import formatting as fmt
from tidash.charts import FONT, wrap_label
from tidash.metrics import METRICS


def colorbar_ticks(values: pd.Series, metric: str) -> dict:
    """French tick labels (plotly's own SI suffixes would print 50M)."""
    low, high = float(values.min()), float(values.max())
    if not high > low:
        return {}
    ticks = [low + (high - low) * i / 4 for i in range(5)]
    return dict(tickvals=ticks, ticktext=[METRICS[metric].tick_format(t) for t in ticks])


SCALES = {"quantile": "Quantiles (classes de même effectif)", "linear": "Linéaire (valeurs brutes)"}
QUANTILE_CLASSES = 5
INSET_NAMES = {"01": "Guadeloupe", "02": "Martinique", "03": "Guyane", "04": "La Réunion", "06": "Mayotte"}
TOPOJSON_URL = "/app/static/topojson/"  # empty base layers served locally: plotly would fetch them from a CDN
TITLE_COLOUR = "#222222"  # colour-bar title and ticks: 16:1 on white (Streamlit's theme greys them to ≈ 3.6:1)
VIRIDIS = ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"]


def quantile_classes(values: pd.Series, classes: int = QUANTILE_CLASSES) -> tuple[pd.Series, list[tuple[float, float]]]:
    """Each value's class (0…k-1, classes of equal size by rank) and each class's real range.
    Ties are never split: equal values share a class, so there may be fewer than `classes`."""
    values = pd.to_numeric(values, errors="coerce").astype(float)
    present = values.dropna()
    if present.empty:  # no data (e.g. a year no project list covers): no class, never a zero class
        return pd.Series(float("nan"), index=values.index), []
    edges = sorted(set(present.quantile([i / classes for i in range(classes + 1)]).tolist()))
    if len(edges) < 2:
        return pd.Series(0, index=values.index, dtype=float).where(values.notna()), \
            [(float(present.min()), float(present.max()))] if len(present) else []
    bins = pd.cut(values, edges, labels=False, include_lowest=True, duplicates="drop").astype(float)
    # Numbered 0…k-1 over the bins that hold values: a bin left empty (many ties) would otherwise
    # leave a gap, and the last class a number past the end of the palette and legend.
    used = sorted(bins.dropna().unique())
    codes = bins.map({b: float(i) for i, b in enumerate(used)})
    ranges = [(float(present[codes == k].min()), float(present[codes == k].max())) for k in range(len(used))]
    return codes, ranges


def class_label(low: float, high: float, tick, joint: str = " – ") -> str:
    """A quantile class's range, « 2,1 M€ – 5,0 M€ »; one value when both ends read the same
    (a class of tied values: « 13,0 M€ », not « 13,0 M€ – 13,0 M€ »)."""
    first, last = tick(low), tick(high)
    return first if first == last else f"{first}{joint}{last}"


def quantile_palette(k: int) -> list[str]:
    """One viridis colour per quantile class, spread over the whole scale (the SVG map uses it too)."""
    return [VIRIDIS[round(i * (len(VIRIDIS) - 1) / max(k - 1, 1))] for i in range(k)]


def _quantile_colours(values: pd.Series, metric: str) -> dict:
    codes, ranges = quantile_classes(values)
    k = max(len(ranges), 1)
    palette = quantile_palette(k)
    steps = []
    for i, colour in enumerate(palette):  # a stepped scale: one flat colour per class
        steps += [[i / k, colour], [(i + 1) / k, colour]]
    tick = METRICS[metric].tick_format
    return dict(z=codes + 0.5, zmin=0, zmax=k, colorscale=steps,
                tickvals=[i + 0.5 for i in range(k)],
                ticktext=[class_label(low, high, tick, " –<br>") for low, high in ranges],
                title=f"{METRICS[metric].label}<br>{k} classes de même effectif (quantiles)")


INSET_LABEL_GAP_M = 15_000     # between an inset and its name
INSET_LABEL_ROOM_M = 650_000   # room kept left of the names: « Guadeloupe » at 13 px on the smallest map (slide, 1366×768)
INSET_LABEL_SIZE = 13


@lru_cache(maxsize=1)
def inset_label_points() -> tuple[tuple[tuple[str, float, float], ...], tuple[float, float]]:
    """Where each overseas inset's name goes: LEFT of its inset, on the open sea (on the right,
    « Martinique » ran into Brittany); and a point further left that keeps room for the names in
    the map's frame (fitbounds), which plotly would otherwise clip. The insets' centres and size
    are set in Lambert-93 metres by the geometry build (tidash.extracts.geometry)."""
    from pyproj import Transformer

    from tidash.extracts.geometry import INSET_SIZE_M, MAINLAND_CRS, OVERSEAS_INSETS

    to_wgs84 = Transformer.from_crs(MAINLAND_CRS, "EPSG:4326", always_xy=True)
    insets = {code: centre for code, centre in OVERSEAS_INSETS.items() if code in INSET_NAMES}
    points = []
    for code, (cx, cy) in insets.items():
        lon, lat = to_wgs84.transform(cx - INSET_SIZE_M / 2 - INSET_LABEL_GAP_M, cy)
        points.append((INSET_NAMES[code], round(lon, 3), round(lat, 3)))
    left = min(cx for cx, _ in insets.values()) - INSET_SIZE_M / 2 - INSET_LABEL_GAP_M - INSET_LABEL_ROOM_M
    lon, lat = to_wgs84.transform(left, sum(cy for _, cy in insets.values()) / len(insets))
    return tuple(points), (round(lon, 3), round(lat, 3))


def _inset_labels() -> list[dict]:
    """An invisible point keeping room on the left, then the names (the last trace)."""
    named, (room_lon, room_lat) = inset_label_points()
    names, lons, lats = zip(*named)
    room = dict(type="scattergeo", lon=[room_lon], lat=[room_lat], mode="markers", marker=dict(size=1, opacity=0),
                hoverinfo="skip", showlegend=False)
    return [room, dict(type="scattergeo", lon=list(lons), lat=list(lats), text=list(names), mode="text",
                       textposition="middle left", textfont=dict(color=TITLE_COLOUR, size=INSET_LABEL_SIZE),
                       hoverinfo="skip", showlegend=False)]


# Plotly's validation of every property and array costs ≈ 25 ms of server CPU per map, at every
# interaction. The SVG map is built from plain dicts and not re-validated here; the tests
# validate the same figures (tests/test_maps.py: go.Figure(figure.to_dict())).
VALIDATE = False


def choropleth(metrics: pd.DataFrame, geojson: dict | str, metric: str, outlines: dict | str | None = None,
               title: str = "", height: int = 600, highlight: str | None = None, scale: str = "quantile",
               insets: bool = False, legend_title: str | None = None) -> go.Figure:
    """Territories coloured by a metric (viridis, colour-blind safe), with région outlines, drawn in
    SVG (plotly `geo`, no WebGL: fast on a meeting-room PC without GPU), fitted to the frame; the
    same figure goes to the PNG/PDF export with its layers inline.
    `geojson` and `outlines` are GeoJSON dicts or URLs of local layers (static/geo/).
    scale="quantile" colours by classes of equal size (a few very large values would otherwise
    paint ~90 % of territories the same colour); "linear" by raw value."""
    values = metrics[metric].astype(float)
    value_format = METRICS[metric].value_format
    ids = metrics["id_ti"].tolist()
    customdata = [list(row) for row in zip(metrics["nom"], [value_format(v) for v in values], ids)]
    if scale == "quantile":
        colours = _quantile_colours(values, metric)
        colours["z"] = colours["z"].tolist()
        ticks = dict(tickvals=colours.pop("tickvals"), ticktext=colours.pop("ticktext"))
        bar_title = colours.pop("title")
    else:
        viridis = plotly_sequential.Viridis
        colours = dict(z=values.tolist(), colorscale=[[i / (len(viridis) - 1), c] for i, c in enumerate(viridis)])
        ticks = colorbar_ticks(values, metric)
        bar_title = f"{METRICS[metric].label}<br>échelle linéaire"
    bar_title = legend_title or bar_title  # what the values are when not the metric itself (« Euros ajoutés »)
    traces = [dict(
        type="choropleth", geojson=geojson, locations=ids, featureidkey="id", **colours,
        marker=dict(line=dict(width=[2.5 if i == highlight else 0.4 for i in ids], color="white")),
        customdata=customdata,
        hovertemplate="<b>%{customdata[0]}</b><br>" + METRICS[metric].label + " : %{customdata[1]}<extra></extra>",
        # Under the map, across its width: the map keeps the column's width at 1366×768; the
        # title on two lines so a narrow slide map never cuts it.
        colorbar=dict(title=dict(text=bar_title, font=dict(color=TITLE_COLOUR), side="top"),
                      orientation="h", x=0.5, xanchor="center", y=-0.01, yanchor="top", len=0.98, thickness=12,
                      tickfont=dict(color=TITLE_COLOUR), **ticks),
    )]
    if outlines:  # transparent fills, dark borders; no hover, so clicks reach the territories
        outline_ids = _outline_ids(outlines)
        traces.append(dict(
            type="choropleth", geojson=outlines, locations=outline_ids, featureidkey="id", z=[0] * len(outline_ids),
            colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], showscale=False, hoverinfo="skip",
            marker=dict(line=dict(color="#333333", width=1))))
    if insets:
        traces += _inset_labels()
    layout = dict(
        geo=dict(fitbounds="locations", visible=False, projection=dict(type="mercator"), bgcolor="white"),
        height=height, margin=dict(l=0, r=0, t=40 if title else 0, b=90), separators=", ", font=FONT,
        paper_bgcolor="white",  # no clickmode: nothing listens to a click on a slide or export map
    )
    bounds = layer_bounds(geojson) if insets else None
    if bounds:
        # Explicit ranges, not fitbounds: plotly's fitbounds left the national map (mainland,
        # insets and their names) at half the height of its frame; ranges fill the frame.
        west, south, east, north = bounds
        room_lon = inset_label_points()[1][0]
        layout["geo"].update(fitbounds=False, lonaxis=dict(range=[min(west, room_lon), east]),
                             lataxis=dict(range=[south, north]))
    if title:
        layout["title"] = dict(text=title, x=0, font=dict(size=18))
    return go.Figure(dict(data=traces, layout=layout), _validate=VALIDATE)


SIDE_BAR_FONT = 17  # px: the bar's text on a slide, smaller than the slide's 24-px text


def side_colour_bar(figure: go.Figure, x: float = 1.0, y: float = 0.5, length: float = 0.9) -> go.Figure:
    """Moves the choropleth's colour bar beside the map, tick labels on one line: on a slide the
    bar under the map took a third of the frame's height and left the map small. The overseas
    insets' names take the bar's text size, readable from the back of a meeting room."""
    for trace in figure.data:
        if trace.type == "choropleth" and trace.showscale is not False and trace.colorbar.ticktext is not None:
            bar = trace.colorbar
            title = wrap_label(bar.title.text.replace("<br>", " "), 18)  # narrow: the map keeps the width
            trace.update(colorbar=dict(
                orientation="v", x=x, xanchor="left", y=y, yanchor="middle", len=length, thickness=18,
                ticktext=[t.replace("<br>", " ") for t in bar.ticktext], tickfont=dict(size=SIDE_BAR_FONT),
                title=dict(text=title, side="top", font=dict(size=SIDE_BAR_FONT))))
        elif trace.type == "scattergeo" and trace.mode == "text":  # the overseas insets' names
            trace.update(textfont=dict(size=SIDE_BAR_FONT))
    return figure


def layer_bounds(geojson: dict | str) -> tuple[float, float, float, float] | None:
    """West, south, east, north of a layer (the dict, or the layer file behind the URL); None
    for a layer without features."""
    if isinstance(geojson, dict):
        return _bounds_of(geojson)
    return _served_layer(geojson)[1]


def _bounds_of(geojson: dict) -> tuple[float, float, float, float] | None:
    geometries = shapely.from_geojson([json.dumps(f["geometry"]) for f in geojson["features"] if f.get("geometry")])
    if not len(geometries):
        return None
    west, south, east, north = shapely.total_bounds(geometries)
    return float(west), float(south), float(east), float(north)


def _outline_ids(outlines: dict | str) -> list[str]:
    """Ids of the région outline features: from the dict, or from the layer file behind the URL."""
    if isinstance(outlines, dict):
        return [f["id"] for f in outlines["features"]]
    return _served_layer(outlines)[0]


def _served_layer(url: str) -> tuple[list[str], tuple[float, float, float, float] | None]:
    """Feature ids and bounds of the layer file behind a served URL (its query string aside)."""
    return _layer_file_facts(url.split("?")[0].rsplit("/", 1)[-1])


def _layer_file_facts(file_name: str) -> tuple[list[str], tuple[float, float, float, float] | None]:
    """From the layer index the build writes beside the layers (paths.LAYER_INDEX); a layer
    the index does not know (a data directory built before it) is read and measured."""
    from tidash import paths

    index_path = paths.static_geo_dir() / paths.LAYER_INDEX
    try:
        facts = _layer_index(str(index_path), index_path.stat().st_mtime_ns).get(file_name)
    except OSError:
        facts = None
    if facts is not None:
        return list(facts["ids"]), tuple(facts["bounds"]) if facts["bounds"] else None
    return _measured_layer(str(paths.static_geo_dir() / file_name))


@lru_cache(maxsize=4)
def _layer_index(path: str, mtime_ns: int) -> dict:  # noqa: ARG001 - mtime_ns keys the cache: a rebuilt index is read again
    return json.loads(Path(path).read_text(encoding="utf-8"))


@lru_cache(maxsize=64)
def _measured_layer(path: str) -> tuple[list[str], tuple[float, float, float, float] | None]:
    layer = json.loads(Path(path).read_text(encoding="utf-8"))
    return [f["id"] for f in layer["features"]], _bounds_of(layer)


# The territory page's three maps (members in their région, with points): plotly `geo` (SVG), not
# WebGL — 2-3× faster on a meeting-room PC without GPU. The région outline goes as the URL of its
# served layer (fetched once by the browser); the members' polygons (a few KB) go inline.
# Fill and line colours of the région outline and of the member polygons under the points.
TERRITORY_OUTLINE_COLOURS = {"region": ("rgb(240,240,240)", "rgb(90,90,90)"),
                             "members": ("rgba(86,180,233,0.35)", "rgb(0,60,110)")}
FRICHES_OUTLINE_COLOURS = {"region": ("rgb(245,245,245)", "rgb(120,120,120)"),
                           "members": ("rgba(200,200,200,0.45)", "rgb(40,40,40)")}
POINT_LINE = dict(color="white", width=1)
VIEW_PADDING = 0.08  # share of the members' extent kept around them
VIEW_ASPECT = 1.35  # width / height of the page map's frame: ≈ 1.8 at 1920×1080, ≈ 1.1 at 1366×768 (`aspect=`)


def _hover(text) -> str:
    """Source text in a hover label: plotly reads <…> as markup."""
    return html.escape(str(text), quote=False)


def _members_geojson(members: pd.DataFrame) -> tuple[dict, list[int]]:
    """The members with a geometry as a FeatureCollection wound the way d3-geo expects (exterior
    rings clockwise; the database keeps RFC 7946), and the positions of those members."""
    rows = [i for i, g in enumerate(members["geojson"]) if isinstance(g, str)]
    shapes = shapely.orient_polygons(shapely.from_geojson(members["geojson"].iloc[rows].to_numpy()), exterior_cw=True)
    features = [{"type": "Feature", "id": f"m{i}", "properties": {},
                 "geometry": json.loads(shapely.to_geojson(shape))} for i, shape in zip(rows, shapes)]
    return {"type": "FeatureCollection", "features": features}, rows


def union_bounds(bounds_list) -> tuple[float, float, float, float] | None:
    """West, south, east, north around every known bounds (None ones left out); None if none."""
    known = [b for b in bounds_list if b]
    if not known:
        return None
    return (min(b[0] for b in known), min(b[1] for b in known), max(b[2] for b in known), max(b[3] for b in known))


def _view_ranges(bounds_list: list, aspect: float = 0) -> dict:
    """Longitude and latitude ranges around the members (and points), padded."""
    union = union_bounds(bounds_list)
    if union is None:
        return dict(fitbounds="locations")
    west, south, east, north = union
    pad_x, pad_y = max((east - west) * VIEW_PADDING, 0.02), max((north - south) * VIEW_PADDING, 0.02)
    # Widened to the frame's usual shape (plotly clips the map to these ranges and leaves the rest
    # of the frame blank): the région around the members fills it.
    aspect = aspect or VIEW_ASPECT
    stretch = math.cos(math.radians((south + north) / 2))  # mercator: a degree of latitude looks longer
    width, height = east - west + 2 * pad_x, (north - south + 2 * pad_y) / stretch
    if width < aspect * height:
        pad_x += (aspect * height - width) / 2
    else:
        pad_y += (width / aspect - height) * stretch / 2
    return dict(fitbounds=False, lonaxis=dict(range=[west - pad_x, east + pad_x]),
                lataxis=dict(range=[south - pad_y, north + pad_y]))


def _points_bounds(points: pd.DataFrame) -> tuple[float, float, float, float] | None:
    if points.empty:
        return None
    lon, lat = points["lon"].astype(float).dropna(), points["lat"].astype(float).dropna()
    if lon.empty or lat.empty:
        return None
    return float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max())


def _outline_traces(members: pd.DataFrame, details: list[str], region_outline: dict | str | None,
                    colours: dict) -> tuple[list[dict], tuple | None]:
    """The région outline (if any, no hover) under the members' polygons (hover: name and
    `details`, one per member), and the members' bounds. Members without geometry are not drawn
    (the table beside the map lists every member)."""
    traces = []
    if region_outline:
        fill, line = colours["region"]
        ids = _outline_ids(region_outline)
        traces.append(dict(type="choropleth", geojson=region_outline, locations=ids, featureidkey="id",
                           z=[0] * len(ids), colorscale=[[0, fill], [1, fill]], showscale=False,
                           hoverinfo="skip", marker=dict(line=dict(color=line, width=1))))
    geojson, rows = _members_geojson(members)
    if rows:
        fill, line = colours["members"]
        traces.append(dict(
            type="choropleth", geojson=geojson, locations=[f["id"] for f in geojson["features"]], featureidkey="id",
            z=[0] * len(rows), colorscale=[[0, fill], [1, fill]], showscale=False,
            marker=dict(line=dict(color=line, width=1.5)),
            customdata=[[_hover(members["nom"].iloc[i]), _hover(details[i])] for i in rows],
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>", name="Membres"))
    return traces, (_bounds_of(geojson) if rows else None)


def _points_figure(traces: list[dict], bounds: list, height: int, legend: bool, aspect: float = 0,
                   point_sizes: dict | None = None) -> go.Figure:
    """`point_sizes` (size_legend()): what a point's size means, kept in layout.meta for tidash.svg_map
    and the exports (plotly draws no such legend)."""
    layout = dict(
        geo=dict(visible=False, projection=dict(type="mercator"), bgcolor="white", **_view_ranges(bounds, aspect)),
        height=height, margin=dict(l=0, r=0, t=0, b=0), separators=", ", font=FONT, paper_bgcolor="white",
        showlegend=legend, hoverlabel=dict(align="left"),
        legend=dict(orientation="h", x=0, xanchor="left", y=0, yanchor="top", font=dict(color=TITLE_COLOUR),
                    itemsizing="constant"),
    )
    if legend:
        layout["margin"]["b"] = 50
    if point_sizes:
        layout["meta"] = dict(size_legend=point_sizes)
    return go.Figure(dict(data=traces, layout=layout), _validate=VALIDATE)


def _scatter(points: pd.DataFrame, name: str, colour: str, hover: list[str], size, **marker) -> dict:
    return dict(type="scattergeo", lon=points["lon"].astype(float).tolist(), lat=points["lat"].astype(float).tolist(),
                mode="markers", name=name, text=hover, hovertemplate="%{text}<extra></extra>",
                marker=dict(color=colour, size=size, line=POINT_LINE, **marker))


def _nice_floor(value: float) -> float:
    """The largest 1, 2 or 5 × 10^k not above `value` (a legend's round reference)."""
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (5, 2, 1) if step * power <= value)


def marker_radii(marker: dict, n: int) -> list[float]:
    """Each marker's radius in screen pixels, as plotly.js computes it: an array of sizes goes
    through sizemode, sizeref and sizemin; one size for all is a diameter. Never 0 nor NaN (a
    point without a size is drawn at the smallest one)."""
    size = marker.get("size", 6)
    if not isinstance(size, (list, tuple)):
        return [round(max(float(size) / 2, 1.0), 1)] * n
    ref, low = marker.get("sizeref") or 1, marker.get("sizemin") or 0
    area = marker.get("sizemode") == "area"
    radius = (lambda s: math.sqrt(s / 2 / ref)) if area else (lambda s: s / 2 / ref)
    known = [float(s) if s is not None and math.isfinite(float(s)) and float(s) > 0 else 0.0 for s in size]
    return [round(max(radius(s), low, 1.0), 1) for s in known]


def size_legend(values: pd.Series, marker: dict, title: str, label, floor_label, smallest: str = "") -> dict | None:
    """What a point's size means on a map whose point areas grow with `values` (`marker`:
    _area_sizes): the largest round value, a round value near a quarter of it when it is drawn
    visibly larger than the smallest point (`label`), and the smallest point (`floor_label`: « 160,4 k€ ou
    moins », and `smallest`: every value under it is drawn at that size). Each at its plotly.js radius, in
    layout.meta where tidash.svg_map reads it. None without a positive value."""
    values = pd.to_numeric(values, errors="coerce")
    top = float(values.max()) if values.notna().any() else 0.0
    if not top > 0:
        return None
    ref, low = marker["sizeref"], marker.get("sizemin") or 0
    floor = 2 * ref * low ** 2  # the value drawn at exactly the smallest size
    # a round value is shown when its point is visibly larger than the smallest (≥ 1,4× its radius):
    # at 1,5× the value, « 200 k€ » and « 122,5 k€ ou moins » looked the same size
    shown = [v for v in dict.fromkeys([_nice_floor(top), _nice_floor(top / 4)]) if v >= 2 * floor]
    entries = [[r, label(v)] for r, v in zip(marker_radii({**marker, "size": shown}, len(shown)), shown)]
    if low and (values.fillna(0) < floor).any():
        entries.append([round(float(low), 1), f"{floor_label(floor)} ou moins{smallest}"])
    return dict(title=title, entries=entries)


def _round_euros(value: float) -> str:
    """« 1 M€ », « 200 k€ » for a legend's round values; other values as euros_compact."""
    return fmt.euros_compact(value).replace(",0\u00a0", "\u00a0")


def _area_sizes(values: pd.Series, max_px: float, min_px: float) -> dict:
    """Marker sizes whose area grows with the value (largest `max_px` across, none under `min_px`)."""
    values = values.astype(float).fillna(0).clip(lower=0)
    top = float(values.max()) if len(values) else 0.0
    # plotly.js draws no marker at all for a size of 0: an unknown (or nil) value gets a size small
    # enough for `sizemin` to apply, the smallest point.
    values = values.where(values > 0, top * 1e-9 if top > 0 else 1e-9)
    return dict(size=values.tolist(), sizemode="area", sizeref=(2 * top / max_px ** 2) if top > 0 else 1,
                sizemin=min_px)


def _member_details(members: pd.DataFrame) -> list[str]:
    """A member's hover line: its type and inhabitants."""
    return [f"{t} · {fmt.integer(p)} hab." for t, p in zip(members["type"], members["population"])]


def territory_map(members: pd.DataFrame, points: pd.DataFrame, region_outline: dict | str | None = None,
                  height: int = 520, aspect: float = 0) -> go.Figure:
    """The members of one territory as polygons (blue) within its région's outline (grey), with its
    funded projects as orange points (area by amount) at a point of their commune. Hover: a
    member's name, type and inhabitants; a project's title, amount, commune and measure.
    `region_outline` is best the URL of a local layer (static/geo/): fetched once by the browser."""
    traces, member_bounds = _outline_traces(members, _member_details(members), region_outline,
                                            TERRITORY_OUTLINE_COLOURS)
    if not points.empty:
        hover = [f"<b>{_hover(_start(str(t), 80))}</b><br>{fmt.euros(a)} · {_hover(c)}<br>{_hover(m)}"
                 for t, a, c, m in zip(points["title"], points["amount_eur"], points["commune"], points["measure"])]
        traces.append(_scatter(points, "Projets financés", "rgba(213,94,0,0.8)", hover, opacity=0.9,
                               **_area_sizes(points["amount_eur"], max_px=40, min_px=7)))
        traces[-1]["marker"]["line"] = dict(color="white", width=0.5)
    sizes = None if points.empty else size_legend(points["amount_eur"], traces[-1]["marker"],
                                                  "Taille des points : montant engagé", _round_euros, fmt.euros_compact)
    return _points_figure(traces, [member_bounds, _points_bounds(points)], height, legend=False, aspect=aspect,
                          point_sizes=sizes)


def unplaced_note(n_drawn: int, n_total) -> str:
    """What the territory map leaves out: projects of the territory without a commune to place
    them in (attached by a member's SIREN), counted, never silently dropped."""
    if pd.isna(n_total) or int(n_total) <= n_drawn:
        return ""
    missing = int(n_total) - n_drawn
    return (f" Sur la carte : {fmt.integer(n_drawn)} des {fmt.integer(n_total)} projets ; "
            f"{'le projet restant n’a' if missing == 1 else f'les {fmt.integer(missing)} autres n’ont'} pas de "
            "commune où le placer (rattachement par le SIREN d'un membre : colonne « Rattachement » de la liste "
            "des projets).")


# Okabe–Ito vermilion (Territoires d'industrie fund) / bluish green (other measures), opaque: the colours
# on screen are the ones the caption names.
RELANCE_COLOURS = {True: ((213, 94, 0), "Fonds Territoires d'industrie"), False: ((0, 158, 115), "Autres mesures")}


def relance_by_measure(projects: pd.DataFrame, measure: str = "measure") -> pd.DataFrame:
    """France Relance projects counted by measure (`n`), each with the colour its points have on
    the map (`colour`: the Territoires d'industrie fund's, or the other measures')."""
    counted = projects.assign(ti=projects["is_ti_fund"].fillna(False).astype(bool)).groupby(measure, as_index=False) \
        .agg(n=("ti", "size"), ti=("ti", "any"))
    return counted.assign(colour=counted["ti"].map(lambda ti: "#%02X%02X%02X" % RELANCE_COLOURS[ti][0])) \
        .drop(columns="ti").rename(columns={measure: "measure"})


def _rgb(colour: tuple[int, int, int], alpha: float = 1.0) -> str:
    return f"rgba({colour[0]},{colour[1]},{colour[2]},{alpha})" if alpha < 1 else f"rgb{tuple(colour)}"


def relance_map(members: pd.DataFrame, points: pd.DataFrame, region_outline: dict | str | None = None,
                height: int = 480, aspect: float = 0) -> go.Figure:
    """One territory's members with its France Relance industrial projects as points at their own
    GPS position (a count source: every point the same size; vermilion = Territoires d'industrie
    fund, green = other measures). Hover: company, measure and the start of the description."""
    traces, member_bounds = _outline_traces(members, _member_details(members), region_outline,
                                            TERRITORY_OUTLINE_COLOURS)
    for is_ti, (colour, name) in RELANCE_COLOURS.items():
        part = points[points["is_ti_fund"].fillna(False).astype(bool) == is_ti] if not points.empty else points
        if part.empty:
            continue
        hover = [f"<b>{_hover(c if isinstance(c, str) else 'Entreprise non renseignée')}</b><br>{_hover(m)}"
                 + (f"<br>{_hover(_start(d))}" if isinstance(d, str) and d else "")
                 for c, m, d in zip(part["company"], part["measure"], part["description"])]
        traces.append(_scatter(part, name, _rgb(colour), hover, size=12))
    return _points_figure(traces, [member_bounds, _points_bounds(points)], height, legend=True, aspect=aspect)


def _start(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


# Cartofriches site status → colour (Okabe-Ito, colour-blind safe) and French colour name.
FRICHE_STATUS_COLOURS = {
    "sans projet": ((213, 94, 0), "vermillon"),
    "avec projet": ((0, 114, 178), "bleu"),
    "potentielle": ((204, 121, 167), "rose"),
    "reconvertie": ((0, 158, 115), "vert"),
}
# Cartofriches site status → its name on maps, legends and tables.
FRICHE_STATUS_LABELS = {"potentielle": "friche potentielle (non vérifiée)", "sans projet": "friche sans projet",
                        "avec projet": "friche avec projet", "reconvertie": "friche reconvertie"}
FRICHE_OTHER_COLOUR = (90, 90, 90)  # a status the palette does not know (none today): grey, « autre statut »


def friches_map(members: pd.DataFrame, sites: pd.DataFrame, region_outline: dict | str | None = None,
                height: int = 480, status_labels: dict[str, str] | None = None, aspect: float = 0) -> go.Figure:
    """The Cartofriches sites of one territory as points coloured by status (one legend entry per
    status), over the outlines of its members (and its région). Point area grows with the known
    surface; a site without surface gets the smallest point. Hover: site, commune, status, type,
    surface."""
    traces, member_bounds = _outline_traces(members, list(members["type"]), region_outline, FRICHES_OUTLINE_COLOURS)
    if not sites.empty:
        surface = sites["surface_ha"].astype(float)
        sizes = _area_sizes(surface, max_px=32, min_px=8)
        statuses = list(FRICHE_STATUS_COLOURS) + sorted(set(sites["statut"].dropna()) - set(FRICHE_STATUS_COLOURS))
        for rank, status in reversed(list(enumerate(statuses + [None]))):  # « sans projet » drawn on top
            mask = sites["statut"].isna() if status is None else sites["statut"] == status
            if not mask.any():
                continue
            part = sites[mask]
            colour = FRICHE_STATUS_COLOURS.get(status, (FRICHE_OTHER_COLOUR, ""))[0]
            label = (status_labels or {}).get(status, f"friche {status}" if status else "statut non renseigné")
            hover = [f"<b>{_hover(_start(str(n), 80))}</b><br>{_hover(c)} · friche {_hover(s)} · {_hover(t)} · "
                     + (fmt.hectares(a) if pd.notna(a) else "surface inconnue")
                     for n, c, s, t, a in zip(part["nom"], part["commune"], part["statut"].fillna("sans statut"),
                                              part["type"].fillna("type inconnu"), surface[mask])]
            marker = {**sizes, "size": [sizes["size"][i] for i in range(len(sites)) if mask.iloc[i]]}
            traces.append(_scatter(part, label, _rgb(colour, 0.86), hover, **marker))
            traces[-1]["legendrank"] = rank + 1  # the legend in the palette's order
    legend = None if sites.empty else size_legend(surface, sizes, "Taille des points : surface connue",
                                                  lambda v: fmt.hectares(v, 0 if v >= 1 else 1), fmt.hectares,
                                                  smallest=" (ou inconnue)")
    return _points_figure(traces, [member_bounds, _points_bounds(sites)], height, legend=not sites.empty, aspect=aspect,
                          point_sizes=legend)
