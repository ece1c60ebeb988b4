"""The SVG map of the national and Régions pages (tidash/svg_map.py): the same classes, colours and legend texts as
the plotly maps of the exports, grey and « pas de données » where a value is missing (never the
colour of 0), a frame that holds the overseas insets' names, and what the page sends to it."""
from __future__ import annotations

import json

import pandas as pd
from conftest import app

from tidash import db, maps, svg_map
from tidash import formatting as fmt

NATIONAL = "/app/static/geo/territories_2024-07_national.json"
OUTLINES = "/app/static/geo/regions_national.json"


def _metrics():
    return db.run("territory_metrics", vintage="2024-07", region=None, scheme=None, year=2023)


def test_quantile_colours_are_the_classes_of_the_exported_maps():
    metrics = _metrics()
    fills, legend = svg_map.colours(metrics["amount_eur"], "amount_eur", "quantile")
    # The plotly map of the slides and exports: each territory's z is its class + 0.5 on a stepped scale.
    exported = maps.choropleth(metrics, {"type": "FeatureCollection", "features": []}, "amount_eur").data[0]
    steps = [colour for _, colour in exported.colorscale][::2]
    assert fills == [steps[int(z)] for z in exported.z]  # the same colour for every territory
    assert [colour for colour, _ in legend["entries"]] == steps == maps.VIRIDIS
    _, ranges = maps.quantile_classes(metrics["amount_eur"])
    assert "quantiles" in legend["title"] and "Montant engagé" in legend["title"]
    low, high = ranges[0]
    assert legend["entries"][0][1] == f"{maps.METRICS['amount_eur'].tick_format(low)} – " \
                                       f"{maps.METRICS['amount_eur'].tick_format(high)}"


def test_few_distinct_values_keep_one_colour_per_legend_line():
    values = pd.Series([3.0, 0.0, 1.0, 0.0, 1.0, 3.0, 0.0, 1.0])  # a quantile bin stays empty
    fills, legend = svg_map.colours(values, "n_projects", "quantile")
    assert [colour for colour, _ in legend["entries"]] == [maps.VIRIDIS[0], maps.VIRIDIS[2], maps.VIRIDIS[4]]
    assert fills[0] == maps.VIRIDIS[4] and fills[1] == maps.VIRIDIS[0] and fills[2] == maps.VIRIDIS[2]


def test_a_missing_value_is_grey_and_said_never_coloured_as_zero():
    values = pd.Series([0.0, 10.0, None, 30.0, 40.0, 50.0])
    fills, legend = svg_map.colours(values, "amount_eur", "quantile")
    assert fills[2] == svg_map.NO_DATA_COLOUR and fills[0] != svg_map.NO_DATA_COLOUR
    assert legend["entries"][-1] == [svg_map.NO_DATA_COLOUR, "pas de données"]
    fills, legend = svg_map.colours(values, "amount_eur", "linear")
    assert fills[2] == svg_map.NO_DATA_COLOUR and "pas de données" in legend["title"]
    assert fills[0] == "#440154" and fills[-1] == "#fde725"  # the ends of viridis
    exported = maps.choropleth(pd.DataFrame({"id_ti": list("abcdef"), "nom": list("abcdef"), "amount_eur": values}),
                               {"type": "FeatureCollection", "features": []}, "amount_eur", scale="linear").data[0]
    assert exported.colorscale[0][1] == "#440154" and exported.colorscale[-1][1] == "#fde725"  # the same scale
    assert legend["kind"] == "linear" and len(legend["ticks"]) == 5 and all("€" in t for t in legend["ticks"])


def test_map_data_names_each_territory_with_its_french_value_and_keeps_room_for_the_insets():
    metrics = _metrics()
    data = svg_map.map_data(metrics, "amount_eur", "quantile", NATIONAL, OUTLINES, insets=True)
    assert len(data["items"]) == len(metrics) == 183
    first = metrics.iloc[0]
    assert data["items"][0][:3] == [first["id_ti"], first["nom"], maps.METRICS["amount_eur"].value_format(first["amount_eur"])]
    assert "\u202f" in data["items"][0][2]  # French thousands separator
    points, (room_lon, _) = maps.inset_label_points()
    assert [name for name, *_ in data["insets"]] == [name for name, *_ in points]
    west, south, east, north = data["bounds"]
    assert west == room_lon  # room on the left for the names
    assert east > maps.layer_bounds(NATIONAL)[2]  # Corsica's east coast: the région outlines reach further
    regional = svg_map.map_data(metrics[metrics["code_reg"] == "84"], "amount_eur", "quantile",
                                "/app/static/geo/territories_2024-07_84.json", "/app/static/geo/region_84.json",
                                insets=False)
    assert regional["insets"] == [] and len(regional["items"]) == (metrics["code_reg"] == "84").sum()


def test_the_national_page_sends_the_map_its_view():
    at = app("national", vintage="2020-10")
    [component] = at.get("bidi_component")
    data = json.loads(component.proto.json)
    metrics = db.run("territory_metrics", vintage="2020-10", region=None, scheme=None, year=2023)
    assert data["layer"].startswith("/app/static/geo/territories_2020-10_national.json?v=")
    assert len(data["items"]) == 148 and {i[0] for i in data["items"]} == set(metrics["id_ti"])
    shown = {i[0]: i[2] for i in data["items"]}
    row = metrics.set_index("id_ti").loc["ti-8401"]
    assert shown["ti-8401"] == fmt.euros(row["amount_eur"])  # the same figure as the ranking and the profile


def test_the_region_page_draws_its_territories_on_the_same_map():
    at = app("regions", region="84")
    [component] = at.get("bidi_component")
    data = json.loads(component.proto.json)
    metrics = db.run("territory_metrics", vintage="2024-07", region="84", scheme=None, year=2023)
    assert data["layer"].startswith("/app/static/geo/territories_2024-07_84.json?v=")
    assert data["outlines"].startswith("/app/static/geo/region_84.json?v=") and data["insets"] == []
    assert sorted(i[0] for i in data["items"]) == sorted(metrics["id_ti"]) and len(data["items"]) == 24


# The territory page's maps (members, France Relance, friches): read from the exports' plotly figures ------------

TERRITORY = "ti-8401"
REGION_URL = "/app/static/geo/region_84.json?v=test"


def _territory_frames():
    members = db.run("territory_members", vintage="2024-07", id_ti=TERRITORY)
    points = db.run("territory_project_points", vintage="2024-07", scheme=None, year=2023, id_ti=TERRITORY)
    sites = db.run("territory_friches", vintage="2024-07", id_ti=TERRITORY)
    return members, points, sites


def test_points_data_keeps_the_exported_figure_points_sizes_frame_and_hover_as_plain_text():
    members, points, _ = _territory_frames()
    hostile = points.copy()
    hostile.loc[hostile.index[0], "title"] = "<script>alert(1)</script> & <b>gras</b>"
    figure = maps.territory_map(members, hostile, REGION_URL)
    data = svg_map.points_map_data(figure, "Carte")
    assert data["kind"] == "points" and data["outlines"] == REGION_URL and data["legend"]["entries"] == []
    assert len(data["points"]) == len(points) and len(data["members"]) == members["geojson"].notna().sum()
    assert [m["tip"][0] for m in data["members"]] == list(members["nom"][members["geojson"].notna()])
    # The hover: the source's text as text (the component sets it with textContent), never markup.
    first = data["points"][0][4]
    assert first[0] == "<script>alert(1)</script> & <b>gras</b>" and fmt.euros(points["amount_eur"].iloc[0]) in first[1]
    # Sizes as plotly.js draws them: the largest amount gets the 40-px marker (radius 20).
    radii = [p[2] for p in data["points"]]
    assert max(radii) == 20.0 and radii[int(points["amount_eur"].astype(float).values.argmax())] == 20.0
    assert min(radii) == 7.0  # sizemin: plotly.js applies it to the radius
    # What a size means: round amounts at the radius a project of that amount gets on this map, and
    # the smallest point with the amount under which every project is drawn at it.
    sizes = data["legend"]["sizes"]
    assert sizes["title"] == "Taille des points : montant engagé"
    top = float(points["amount_eur"].max())
    largest = next(v for v in (5e6, 2e6, 1e6, 5e5, 2e5, 1e5) if v <= top)
    assert sizes["entries"][0] == [maps.marker_radii({**figure.data[-1].marker.to_plotly_json(), "size": [largest]}, 1)[0],
                                   fmt.euros_compact(largest).replace(",0\u00a0", "\u00a0")]
    floor = 2 * figure.data[-1].marker.sizeref * 7 ** 2  # drawn at exactly sizemin
    assert sizes["entries"][-1] == [7.0, f"{fmt.euros_compact(floor)} ou moins"]
    assert all(r >= 1.4 * 7.0 for r, _ in sizes["entries"][:-1])  # each size visibly larger than the smallest
    assert all(r <= 7.0 for r, (_, a) in zip(radii, points["amount_eur"].items()) if a <= floor)
    geo = figure.layout.geo
    assert data["bounds"] == [geo.lonaxis.range[0], geo.lataxis.range[0], geo.lonaxis.range[1], geo.lataxis.range[1]]
    assert data["points"][0][3] == "rgba(213,94,0,0.8)"


def test_points_data_lists_friche_statuses_in_the_legend_order_and_draws_a_site_without_surface():
    from tidash.friches_view import STATUS_LABELS
    members, _, sites = _territory_frames()
    unknown = sites.assign(surface_ha=sites["surface_ha"].where(sites.index != 0))
    data = svg_map.points_map_data(maps.friches_map(members, unknown, REGION_URL, status_labels=STATUS_LABELS), "C")
    assert len(data["points"]) == len(sites)
    labels = [label for _, label in data["legend"]["entries"]]
    present = [s for s in maps.FRICHE_STATUS_COLOURS if s in set(sites["statut"])]
    assert labels == [STATUS_LABELS[s] for s in present]  # the palette's order, « sans projet » first
    unsized = next(p for p in data["points"] if any("surface inconnue" in line for line in p[4]))
    assert unsized[2] == 8.0  # drawn at the smallest size (sizemin), not invisible
    assert data["legend"]["sizes"]["entries"][-1][0] == 8.0  # and the size legend says so
    assert data["legend"]["sizes"]["entries"][-1][1].endswith("ha ou moins (ou inconnue)")
    # plotly (the PDF) also draws it: a size of 0 would be no marker at all
    marker = next(t.marker for t in maps.friches_map(members, unknown).data if t.type == "scattergeo"
                  and any("surface inconnue" in x for x in t.text))
    assert min(marker.size) > 0


def test_points_data_without_members_or_points_frames_the_region():
    members, points, _ = _territory_frames()
    data = svg_map.points_map_data(maps.territory_map(members.iloc[0:0], points.iloc[0:0], REGION_URL), "C")
    assert data["points"] == [] and data["members"] == []
    assert data["bounds"] == list(maps.layer_bounds(REGION_URL))


def test_marker_radii_follow_plotly_for_one_size_and_never_carry_nan():
    assert maps.marker_radii({"size": 12}, 3) == [6.0, 6.0, 6.0]  # one size for all: a diameter
    radii = maps.marker_radii({"size": [float("nan"), 0, 50.0], "sizemode": "area", "sizeref": 2 * 50 / 40 ** 2,
                            "sizemin": 7}, 3)
    assert radii == [7.0, 7.0, 20.0]  # unknown or nil: the smallest point; the largest: 40 px across


def test_a_profile_builds_its_three_maps_once_per_view(monkeypatch):
    """repository.territory_points_map: the plotly figures the maps are read from are built once
    per view and territory, not at every run of the profile; only the funded-projects map
    depends on the year."""
    from tidash import repository

    built = []
    for name in ("territory_map", "relance_map", "friches_map"):
        monkeypatch.setattr(maps, name, lambda *a, _build=getattr(maps, name), _name=name, **k:
                            built.append(_name) or _build(*a, **k))
    repository._territory_points_map.clear()
    first = [app("territoire", territory="ti-8401", section=s) for s in ("synthese", "relance", "friches")]
    assert built == ["territory_map", "relance_map", "friches_map"]  # one map per section of the profile
    again = [app("territoire", territory="ti-8401", section=s) for s in ("synthese", "relance", "friches")]
    assert len(built) == 3  # the same view: every map from the cache
    assert [[c.proto.json for c in at.get("bidi_component")] for at in again] == \
        [[c.proto.json for c in at.get("bidi_component")] for at in first]
    other_year = app("territoire", territory="ti-8401", year="2024")
    assert built[3:] == ["territory_map"]
    # 2024 lists only PACA's projects: no point in this Auvergne-Rhône-Alpes territory, not 2023's points
    drawn = {json.loads(c.proto.json)["label"]: json.loads(c.proto.json) for c in other_year.get("bidi_component")}
    members_map = next(m for label, m in drawn.items() if label.startswith("Carte des membres"))
    assert members_map["points"] == []
