"""Maps that work offline: plotly `geo` (SVG) with empty local base layers on screen, MapLibre
on a blank style for the exports, pydeck without a map provider. Every map is built from a
DataFrame and a GeoJSON dict or the URL of a local layer."""
from __future__ import annotations

import json
import math
from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go
import pydeck
import shapely
from plotly.colors import sequential as plotly_sequential

from tidash import formatting as fmt
from tidash.charts import FONT, plotly_config
from tidash.metrics import METRICS

BLANK_STYLE = "/app/static/blank_style.json"  # served by Streamlit from static/ (no tiles, no network)
FRANCE_VIEW = dict(center=dict(lon=0.3, lat=46.3), zoom=4.55)


def _bounds_view(geojson: dict, width_px: int = 800, height_px: int = 560) -> dict:
    """Centre and zoom that fit the features (web-mercator, 512-px tiles as in MapLibre)."""
    bounds = _bounds_of(geojson)
    if bounds is None:
        return FRANCE_VIEW
    xmin, ymin, xmax, ymax = bounds
    lat = (ymin + ymax) / 2
    span_x = max(xmax - xmin, 0.01)
    span_y = max((ymax - ymin) / math.cos(math.radians(lat)), 0.01)
    zoom = min(math.log2(width_px * 360 / (512 * span_x)), math.log2(height_px * 360 / (512 * span_y))) - 0.25
    return dict(center=dict(lon=(xmin + xmax) / 2, lat=lat), zoom=max(2.0, min(12.0, zoom)))


def _colorbar_ticks(values: pd.Series, metric: str) -> dict:
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
CONFIG = {**plotly_config("carte"), "scrollZoom": True, "topojsonURL": TOPOJSON_URL}  # st.plotly_chart(config=…)
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
    codes = pd.cut(values, edges, labels=False, include_lowest=True, duplicates="drop").astype(float)
    ranges = [(float(present[codes == k].min()), float(present[codes == k].max()))
              for k in range(int(codes.max()) + 1) if (codes == k).any()]
    return codes, ranges


def _quantile_colours(values: pd.Series, metric: str) -> dict:
    codes, ranges = quantile_classes(values)
    k = max(len(ranges), 1)
    palette = [VIRIDIS[round(i * (len(VIRIDIS) - 1) / max(k - 1, 1))] for i in range(k)]
    steps = []
    for i, colour in enumerate(palette):  # a stepped scale: one flat colour per class
        steps += [[i / k, colour], [(i + 1) / k, colour]]
    tick = METRICS[metric].tick_format
    return dict(z=codes + 0.5, zmin=0, zmax=k, colorscale=steps,
                tickvals=[i + 0.5 for i in range(k)],
                ticktext=[f"{tick(low)} –<br>{tick(high)}" for low, high in ranges],
                title=f"{METRICS[metric].label}<br>{k} classes de même effectif (quantiles)")


INSET_LABEL_GAP_M = 15_000     # between an inset and its name
INSET_LABEL_ROOM_M = 650_000   # room kept left of the names: « Guadeloupe » at 13 px on the smallest map (slide, 1366×768)
INSET_LABEL_SIZE = 13


@lru_cache(maxsize=1)
def _inset_label_points() -> tuple[tuple[tuple[str, float, float], ...], tuple[float, float]]:
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
    named, (room_lon, room_lat) = _inset_label_points()
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
               title: str = "", height: int = 600, view: dict | None = None,
               highlight: str | None = None, scale: str = "quantile", kind: str = "geo",
               insets: bool = False) -> go.Figure:
    """Territories coloured by a metric (viridis, colour-blind safe), with région outlines.
    `geojson` and `outlines` are GeoJSON dicts or URLs of local layers (static/geo/).

    kind="geo" draws SVG (plotly `geo`, no WebGL: fast on a meeting-room PC without GPU) and
    fits the territories in the frame; kind="map" draws with MapLibre (WebGL), kept for the
    PNG/PDF export. scale="quantile" colours by classes of equal size (a few very large values
    would otherwise paint ~90 % of territories the same colour); "linear" by raw value."""
    if kind == "map":
        return _choropleth_map(metrics, geojson, metric, outlines, title, height, view, highlight)
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
        ticks = _colorbar_ticks(values, metric)
        bar_title = f"{METRICS[metric].label}<br>échelle linéaire"
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
        clickmode="event+select", paper_bgcolor="white",
    )
    bounds = _layer_bounds(geojson) if insets else None
    if bounds:
        # Explicit ranges, not fitbounds: plotly's fitbounds left the national map (mainland,
        # insets and their names) at half the height of its frame; ranges fill the frame.
        west, south, east, north = bounds
        room_lon = _inset_label_points()[1][0]
        layout["geo"].update(fitbounds=False, lonaxis=dict(range=[min(west, room_lon), east]),
                             lataxis=dict(range=[south, north]))
    if title:
        layout["title"] = dict(text=title, x=0, font=dict(size=18))
    return go.Figure(dict(data=traces, layout=layout), _validate=VALIDATE)


def _layer_bounds(geojson: dict | str) -> tuple[float, float, float, float] | None:
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


@lru_cache(maxsize=64)
def _layer_file_facts(file_name: str) -> tuple[list[str], tuple[float, float, float, float] | None]:
    from tidash import paths

    layer = json.loads((paths.static_geo_dir() / file_name).read_text(encoding="utf-8"))
    return [f["id"] for f in layer["features"]], _bounds_of(layer)


def _choropleth_map(metrics: pd.DataFrame, geojson: dict | str, metric: str, outlines: dict | str | None,
                    title: str, height: int, view: dict | None, highlight: str | None) -> go.Figure:
    values = metrics[metric].astype(float)
    value_format = METRICS[metric].value_format
    customdata = list(zip(metrics["nom"], [value_format(v) for v in values], metrics["id_ti"]))
    figure = go.Figure(go.Choroplethmap(
        geojson=geojson, locations=metrics["id_ti"], z=values, featureidkey="id",
        colorscale="Viridis", reversescale=False, marker_opacity=0.85,
        marker_line_width=[2.5 if i == highlight else 0.4 for i in metrics["id_ti"]],
        marker_line_color="white", customdata=customdata,
        hovertemplate="<b>%{customdata[0]}</b><br>" + METRICS[metric].label + " : %{customdata[1]}<extra></extra>",
        colorbar=dict(title=dict(text=METRICS[metric].label, font=dict(color=TITLE_COLOUR)), thickness=14,
                      tickfont=dict(color=TITLE_COLOUR), **_colorbar_ticks(values, metric)),
    ))
    layers = []
    if outlines:
        layers.append(dict(sourcetype="geojson", source=outlines, type="line", color="#333333", line=dict(width=1)))
    figure.update_layout(
        map=dict(style="white-bg", layers=layers, **(view or FRANCE_VIEW)),
        height=height, margin=dict(l=0, r=0, t=40 if title else 0, b=0), separators=", ", font=FONT,
        title=dict(text=title, x=0, font=dict(size=18)) if title else None, clickmode="event+select",
    )
    return figure


def fit_view(geojson: dict, width_px: int = 800, height_px: int = 560) -> dict:
    return _bounds_view(geojson, width_px, height_px)


# Fill and line colours (RGBA) of the région outline and of the member polygons under a deck's points.
TERRITORY_OUTLINE_COLOURS = {"region": ([240, 240, 240, 255], [90, 90, 90, 255]),
                             "members": ([86, 180, 233, 90], [0, 60, 110, 255])}
FRICHES_OUTLINE_COLOURS = {"region": ([245, 245, 245, 255], [120, 120, 120, 255]),
                           "members": ([200, 200, 200, 80], [40, 40, 40, 255])}


def _outline_layers(members: pd.DataFrame, details, region_outline: dict | str | None,
                    colours: dict) -> tuple[list, dict]:
    """The région outline (if any) under the members' polygons (tooltip: name and `details`, one per
    member), and the view that fits the members. Members without geometry are not drawn."""
    features = [
        {"type": "Feature", "geometry": json.loads(g), "properties": {"nom": n, "detail": d}}
        for g, n, d in zip(members["geojson"], members["nom"], details) if isinstance(g, str)
    ]
    geojson = {"type": "FeatureCollection", "features": features}
    layers = []
    if region_outline:
        fill, line = colours["region"]
        layers.append(pydeck.Layer("GeoJsonLayer", region_outline, stroked=True, filled=True,
                                   get_fill_color=fill, get_line_color=line, line_width_min_pixels=1))
    fill, line = colours["members"]
    layers.append(pydeck.Layer("GeoJsonLayer", geojson, stroked=True, filled=True, get_fill_color=fill,
                               get_line_color=line, line_width_min_pixels=1.5, pickable=True))
    return layers, _bounds_view(geojson)


def _deck(layers: list, view: dict) -> pydeck.Deck:
    # Streamlit swaps a missing style for CARTO's online basemap: point it at a blank local style.
    return pydeck.Deck(
        layers=layers, map_provider=None, map_style=BLANK_STYLE,
        initial_view_state=pydeck.ViewState(longitude=view["center"]["lon"], latitude=view["center"]["lat"],
                                            zoom=view["zoom"]),
        tooltip={"text": "{nom}\n{detail}"},
    )


def territory_deck(members: pd.DataFrame, points: pd.DataFrame, region_outline: dict | str | None = None
                   ) -> pydeck.Deck:
    """The members of one territory as polygons within its région's outline, with its funded
    projects as points. `region_outline` is best a URL of a local layer (static/geo/): the
    browser fetches it once, instead of receiving it (pretty-printed by pydeck) at every change."""
    details = [f"{t} · {fmt.integer(p)} hab." for t, p in zip(members["type"], members["population"])]
    layers, view = _outline_layers(members, details, region_outline, TERRITORY_OUTLINE_COLOURS)
    if not points.empty:
        data = points.assign(amount=points["amount_eur"].astype(float),
                             label=[f"{t[:80]} · {fmt.euros(a)}" for t, a in zip(points["title"], points["amount_eur"])],
                             nom=points["commune"], detail=points["measure"])
        layers.append(pydeck.Layer(
            "ScatterplotLayer", data[["lon", "lat", "amount", "nom", "detail", "label"]], get_position=["lon", "lat"],
            get_radius="amount", radius_scale=0.002, radius_min_pixels=4, radius_max_pixels=30,
            get_fill_color=[213, 94, 0, 200], pickable=True))
    return _deck(layers, view)


# Okabe–Ito vermilion (Territoires d'industrie fund) / bluish green (other measures), opaque: the colours
# on screen are the ones the caption names (translucent points blended into the blue members).
RELANCE_COLOURS = {True: [213, 94, 0, 255], False: [0, 158, 115, 255]}


def relance_deck(members: pd.DataFrame, points: pd.DataFrame, region_outline: dict | None = None) -> pydeck.Deck:
    """One territory's members with its France Relance industrial projects as points at their own
    GPS position (a count source: every point the same size; vermilion = Territoires d'industrie
    fund). The tooltip gives company, measure and the start of the description."""
    deck = territory_deck(members, pd.DataFrame(), region_outline)
    if not points.empty:
        data = pd.DataFrame({
            "lon": points["lon"].astype(float), "lat": points["lat"].astype(float),
            "nom": points["company"].fillna("Entreprise non renseignée"),
            "detail": [f"{m}\n{d}" for m, d in zip(points["measure"], points["description"].fillna(""))],
            "colour": [RELANCE_COLOURS[bool(t)] for t in points["is_ti_fund"]],
        })
        deck.layers.append(pydeck.Layer(
            "ScatterplotLayer", data, get_position=["lon", "lat"], get_fill_color="colour", get_radius=400,
            radius_min_pixels=5, radius_max_pixels=9, stroked=True, get_line_color=[255, 255, 255, 255],
            line_width_min_pixels=1, pickable=True))
    return deck


# Cartofriches site status → colour (Okabe-Ito, colour-blind safe) and French label.
FRICHE_STATUS_COLOURS = {
    "sans projet": ([213, 94, 0], "vermillon"),
    "avec projet": ([0, 114, 178], "bleu"),
    "potentielle": ([204, 121, 167], "rose"),
    "reconvertie": ([0, 158, 115], "vert"),
}


def friches_deck(members: pd.DataFrame, sites: pd.DataFrame, region_outline: dict | None = None) -> pydeck.Deck:
    """The Cartofriches sites of one territory as points coloured by status, over the outlines
    of its members (and its région). Point area grows with the known surface."""
    layers, view = _outline_layers(members, members["type"], region_outline, FRICHES_OUTLINE_COLOURS)
    if not sites.empty:
        surface = sites["surface_ha"].astype(float)
        data = pd.DataFrame({
            "lon": sites["lon"].astype(float), "lat": sites["lat"].astype(float),
            "radius": surface.fillna(0).clip(lower=0).pow(0.5) * 60,
            "colour": [FRICHE_STATUS_COLOURS.get(s, ([90, 90, 90], ""))[0] + [220] for s in sites["statut"]],
            "nom": [str(n)[:80] for n in sites["nom"]],
            "detail": [f"{c} · friche {s} · {t} · {fmt.decimal(a, 1) + ' ha' if pd.notna(a) else 'surface inconnue'}"
                       for c, s, t, a in zip(sites["commune"], sites["statut"], sites["type"], surface)],
        })
        layers.append(pydeck.Layer(
            "ScatterplotLayer", data, get_position=["lon", "lat"], get_radius="radius", radius_min_pixels=4,
            radius_max_pixels=18, get_fill_color="colour", get_line_color=[255, 255, 255, 255], stroked=True,
            line_width_min_pixels=1, pickable=True))
    return _deck(layers, view)
