"""The national map's colour scale (issue 11, point 11): quantile classes by default, with a
legend that says so, the linear scale on request, and the overseas insets named."""
from __future__ import annotations

import json

import pandas as pd

from tidash import maps


def _metrics():
    from tidash import db
    return db.run("territory_metrics", vintage="2024-07", region=None, scheme=None, year=2023)


def test_quantile_classes_have_equal_size_and_never_split_ties():
    values = pd.Series([1.0] * 10 + list(range(2, 92)))  # 100 values, ten of them tied at the bottom
    codes, ranges = maps.quantile_classes(values)
    assert len(ranges) == 5 and codes.value_counts().sort_index().tolist() == [20, 20, 20, 20, 20]
    assert codes[values == 1.0].nunique() == 1
    assert ranges[0][0] == 1.0 and ranges[-1][1] == 91.0
    tied = pd.Series([0.0] * 80 + [5.0, 6.0, 7.0, 8.0] * 5)
    codes, ranges = maps.quantile_classes(tied)
    assert codes[tied == 0.0].nunique() == 1 and len(ranges) < 5  # fewer classes rather than split ties


def test_a_class_of_tied_values_is_labelled_by_its_one_value():
    from tidash import svg_map
    values = pd.Series([13e6] * 5 + [1e5 * i for i in range(1, 21)])  # the top fifth: one value
    _, legend = svg_map.colours(values, "amount_eur", "quantile")
    labels = [text for _, text in legend["entries"]]
    assert "13,0\u00a0M€" in labels and not any(t.count("13,0") == 2 for t in labels)
    assert all(" – " in t for t in labels if "13,0" not in t)


def test_quantile_classes_are_numbered_without_gaps():
    """Few distinct values (counts in a région): a quantile bin may hold no value; the classes are
    still numbered 0…k-1, so the last one keeps the last colour and its legend line."""
    values = pd.Series([3.0, 0.0, 1.0, 0.0, 1.0, 3.0, 0.0, 1.0])
    codes, ranges = maps.quantile_classes(values)
    assert ranges == [(0.0, 0.0), (1.0, 1.0), (3.0, 3.0)]
    assert codes.tolist() == [2.0, 0.0, 1.0, 0.0, 1.0, 2.0, 0.0, 1.0]


def test_the_national_map_says_its_scale_and_names_the_insets():
    metrics = _metrics()
    figure = maps.choropleth(metrics, {"type": "FeatureCollection", "features": []}, "amount_eur",
                             insets=True)
    territories = figure.data[0]
    assert territories.type == "choropleth"  # SVG, not WebGL
    assert "quantiles" in territories.colorbar.title.text
    # Without the quantile scale, two outliers put most territories in the lowest fifth of the range.
    amounts = metrics["amount_eur"].astype(float)
    low_fifth = (amounts < amounts.min() + (amounts.max() - amounts.min()) / 5).mean()
    assert low_fifth > 0.6
    classes = pd.Series(territories.z).value_counts()
    assert classes.max() <= len(metrics) / 5 + 2  # quantiles: every colour holds about a fifth
    labels = set(figure.data[-1].text)
    assert {"Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte"} == labels
    linear = maps.choropleth(metrics, {"type": "FeatureCollection", "features": []}, "amount_eur", scale="linear")
    assert "linéaire" in linear.data[0].colorbar.title.text
    assert list(linear.data[0].z) == list(amounts)


def test_the_unvalidated_figures_are_valid_plotly():
    """maps.choropleth skips plotly's validation at run time (CPU); here every variant goes
    through it: a wrong property name or value would raise."""
    import plotly.graph_objects as go
    metrics = _metrics()
    for scale in maps.SCALES:
        for insets in (True, False):
            figure = maps.choropleth(metrics, "/app/static/geo/territories_2024-07_national.json", "amount_eur",
                                     "/app/static/geo/regions_national.json", scale=scale, insets=insets,
                                     highlight="ti-8401", title="Titre")
            validated = go.Figure(figure.to_dict())  # raises on any invalid property or value
            assert json.loads(validated.to_json()) == json.loads(figure.to_json())


def test_colour_bar_text_is_dark_enough():
    figure = maps.choropleth(_metrics(), {"type": "FeatureCollection", "features": []}, "population")
    bar = figure.data[0].colorbar
    assert bar.title.font.color == bar.tickfont.color == "#222222"


def test_region_map_has_no_inset_labels():
    metrics = _metrics()
    scoped = metrics[metrics["nom_reg"] == "Auvergne-Rhône-Alpes"]
    assert len(scoped) > 10
    figure = maps.choropleth(scoped, {"type": "FeatureCollection", "features": []}, "amount_eur")
    assert [t.type for t in figure.data] == ["choropleth"]  # no inset names, no outlines asked


def test_the_national_map_fills_its_frame_with_explicit_ranges():
    """plotly's fitbounds left the national map at about half its frame's height: the map is
    given the layer's bounds, widened on the left to the inset names' room."""
    from tidash import db, repository

    url = repository.territory_layer_url("2024-07")
    figure = maps.choropleth(db.run("territory_metrics", vintage="2024-07", region=None, scheme=None, year=2023),
                             url, "amount_eur", insets=True)
    geo = figure.layout.geo
    assert geo.fitbounds is False
    west, south, east, north = maps.layer_bounds(url)
    assert list(geo.lataxis.range) == [south, north]
    assert geo.lonaxis.range[1] == east and geo.lonaxis.range[0] <= west
    assert geo.lonaxis.range[0] <= min(figure.data[-1].lon)  # the inset names stay inside


# The territory page's three maps (issue 12): plotly `geo` (SVG), not WebGL --------------------

TERRITORY = "ti-8401"
REGION_URL = "/app/static/geo/region_84.json?v=test"


def _territory_frames():
    from tidash import db
    members = db.run("territory_members", vintage="2024-07", id_ti=TERRITORY)
    points = db.run("territory_project_points", vintage="2024-07", scheme=None, year=2023, id_ti=TERRITORY)
    relance = db.run("relance_projects", vintage="2024-07", id_ti=TERRITORY, region=None, measure=None,
                     status="inside", text=None, limit=1000)
    sites = db.run("territory_friches", vintage="2024-07", id_ti=TERRITORY)
    return members, points, relance, sites


def _points(figure) -> list:
    return [t for t in figure.data if t.type == "scattergeo"]


def _svg_only_and_valid(figure) -> None:
    import plotly.graph_objects as go
    assert {t.type for t in figure.data} <= {"choropleth", "scattergeo"}  # no WebGL trace (…map, scattergl)
    assert figure.layout.geo.visible is False  # no base layer (plotly would fetch it)
    validated = go.Figure(figure.to_dict())  # built unvalidated (maps.VALIDATE): plotly's own check here
    assert json.loads(validated.to_json()) == json.loads(figure.to_json())


def _fitted_to(figure, members: pd.DataFrame, points: pd.DataFrame) -> None:
    """The view holds every member and point, and is not the whole région."""
    import shapely
    west, south, east, north = shapely.total_bounds(shapely.from_geojson(members["geojson"].dropna().to_numpy()))
    (lon0, lon1), (lat0, lat1) = figure.layout.geo.lonaxis.range, figure.layout.geo.lataxis.range
    assert lon0 < min(west, points["lon"].min()) and lon1 > max(east, points["lon"].max())
    assert lat0 < min(south, points["lat"].min()) and lat1 > max(north, points["lat"].max())
    region_west, region_south, region_east, region_north = maps.layer_bounds(REGION_URL)
    assert (lon1 - lon0) < (region_east - region_west) / 2


def test_the_territory_map_draws_members_in_the_region_and_every_project_with_its_amount():
    from tidash import formatting as fmt
    members, points, _, _ = _territory_frames()
    assert len(points) > 10 and len(members) > 3
    figure = maps.territory_map(members, points, REGION_URL)
    _svg_only_and_valid(figure)
    region, drawn_members = figure.data[0], figure.data[1]
    assert region.geojson == REGION_URL and list(region.locations) == ["84"]  # by URL, fetched once
    assert region.hoverinfo == "skip"
    assert len(drawn_members.locations) == members["geojson"].notna().sum()
    assert [c[0] for c in drawn_members.customdata] == list(members["nom"][members["geojson"].notna()])
    assert f"{fmt.integer(members['population'].iloc[0])} hab." in drawn_members.customdata[0][1]
    (projects,) = _points(figure)
    assert len(projects.lon) == len(points) and list(projects.lat) == list(points["lat"].astype(float))
    assert projects.marker.color == "rgba(213,94,0,0.8)"  # « points orange » of the caption
    assert projects.marker.sizemode == "area" and list(projects.marker.size) == list(points["amount_eur"].astype(float))
    top = points.iloc[0]
    assert str(top["title"])[:40] in projects.text[0] and fmt.euros(top["amount_eur"]) in projects.text[0]
    assert top["commune"] in projects.text[0] and top["measure"] in projects.text[0]
    _fitted_to(figure, members, points)
    # The members' rings are wound clockwise (d3-geo): the other way, a polygon floods the sphere.
    import shapely
    for feature in drawn_members.geojson["features"]:
        for polygon in shapely.get_parts(shapely.from_geojson(json.dumps(feature["geometry"]))):
            assert not shapely.is_ccw(polygon.exterior)
    assert len(figure.to_json()) < 100_000  # members inline (a few KB), région by URL


def test_the_relance_map_colours_points_by_fund_and_names_the_company():
    members, _, relance, _ = _territory_frames()
    figure = maps.relance_map(members, relance, REGION_URL)
    _svg_only_and_valid(figure)
    traces = {t.name: t for t in _points(figure)}
    assert sum(len(t.lon) for t in traces.values()) == len(relance)
    ti_fund, others = traces["Fonds Territoires d'industrie"], traces["Autres mesures"]
    assert ti_fund.marker.color == "rgb(213, 94, 0)" and others.marker.color == "rgb(0, 158, 115)"
    assert len(ti_fund.lon) == int(relance["is_ti_fund"].sum()) > 0 and len(others.lon) > 0
    shown = "\n".join(ti_fund.text + others.text)
    for company in relance["company"].dropna():
        assert company in shown
    delta = next(t for t in ti_fund.text if "DELTA PREFABRICATION" in t)
    assert "Soutien à l’investissement industriel dans les territoires" in delta
    assert relance.set_index("company").loc["DELTA PREFABRICATION", "description"][:30] in delta
    assert figure.layout.showlegend is True
    _fitted_to(figure, members, relance)


def test_the_friches_map_colours_sites_by_status_and_sizes_them_by_surface():
    from tidash import formatting as fmt
    from tidash.friches_view import STATUS_LABELS
    members, _, _, sites = _territory_frames()
    figure = maps.friches_map(members, sites, REGION_URL, status_labels=STATUS_LABELS)
    _svg_only_and_valid(figure)
    traces = _points(figure)
    assert sum(len(t.lon) for t in traces) == len(sites)
    by_label = {t.name: t for t in traces}
    for status, count in sites["statut"].value_counts().items():
        trace = by_label[STATUS_LABELS[status]]
        rgb = maps.FRICHE_STATUS_COLOURS[status][0]
        assert trace.marker.color == f"rgba({rgb[0]},{rgb[1]},{rgb[2]},0.86)" and len(trace.lon) == count
        assert all(f"friche {status}" in text for text in trace.text)
    # « sans projet » drawn last (on top), listed first in the legend.
    assert traces[-1].name == STATUS_LABELS["sans projet"]
    assert min(traces, key=lambda t: t.legendrank).name == STATUS_LABELS["sans projet"]
    biggest = sites.loc[sites["surface_ha"].idxmax()]
    trace = by_label[STATUS_LABELS[biggest["statut"]]]
    i = next(i for i, text in enumerate(trace.text) if str(biggest["nom"])[:40] in text)
    assert trace.marker.size[i] == max(trace.marker.size) and fmt.decimal(biggest["surface_ha"], 1) in trace.text[i]
    assert biggest["commune"] in trace.text[i]
    _fitted_to(figure, members, sites)


def test_a_site_without_surface_is_still_drawn_and_says_so():
    members, _, _, sites = _territory_frames()
    unknown = sites.assign(surface_ha=sites["surface_ha"].where(sites.index != 0))
    figure = maps.friches_map(members, unknown)
    traces = _points(figure)
    assert sum(len(t.lon) for t in traces) == len(sites)
    texts = [text for t in traces for text in t.text]
    assert sum("surface inconnue" in text for text in texts) == 1
    assert all(t.marker.sizemin > 0 for t in traces)  # the smallest point, never an invisible one


def test_a_territory_without_points_still_shows_its_members():
    members, points, _, sites = _territory_frames()
    figure = maps.territory_map(members, points.iloc[0:0], REGION_URL)
    assert not _points(figure) and len(figure.data[1].locations) == members["geojson"].notna().sum()
    assert figure.layout.geo.lonaxis.range is not None
    assert not _points(maps.friches_map(members, sites.iloc[0:0]))


def test_projects_without_a_commune_are_counted_under_the_territory_map():
    from tidash import db
    from tidash import formatting as fmt
    _, points, _, _ = _territory_frames()
    total = db.run("territory_metrics", vintage="2024-07", region=None, scheme=None,
                   year=2023).set_index("id_ti").at[TERRITORY, "n_projects"]
    assert total > len(points)  # some projects are attached by a member's SIREN, without a commune
    note = maps.unplaced_note(len(points), total)
    assert f"{fmt.integer(len(points))} des {fmt.integer(total)} projets" in note
    assert f"les {fmt.integer(total - len(points))} autres" in note
    assert maps.unplaced_note(len(points), len(points)) == "" and maps.unplaced_note(0, float("nan")) == ""


def test_a_slide_map_has_its_colour_bar_beside_it_with_one_line_ticks():
    from tidash.briefing import slides
    from tidash.state import Filters

    slide = slides.national_map_slide(Filters("2024-07", None, None, 2023))
    for figure in (slide.export_figure(),):  # the figure the PNG/PDF draw
        bar = next(t for t in figure.data if t.type == "choropleth" and t.showscale is not False).colorbar
        assert bar.orientation == "v" and bar.x >= 1.0
        assert len(bar.ticktext) == maps.QUANTILE_CLASSES and not any("<br>" in t for t in bar.ticktext)
        assert bar.ticktext[0].startswith("113,0") and "–" in bar.ticktext[0]  # the same classes, on one line
