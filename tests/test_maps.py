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
    west, south, east, north = maps._layer_bounds(url)
    assert list(geo.lataxis.range) == [south, north]
    assert geo.lonaxis.range[1] == east and geo.lonaxis.range[0] <= west
    assert geo.lonaxis.range[0] <= min(figure.data[-1].lon)  # the inset names stay inside
