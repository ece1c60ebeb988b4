"""Map geometry: ring winding (RFC 7946 in the extracts, d3 in the served layers), valid shapes, layer sizes, areas in official projected CRSs,
insets and map views (tidash/extracts/geometry.py, tidash/maps.py)."""
from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from conftest import ROOT
from pyproj import Geod

from tidash import maps, paths
from tidash.extracts import geometry

# Bytes of every layer of static/geo/ as built on 2026-11-27 before the geopandas rewrite
# (hand-written GeoJSON, 4 decimals): no layer may grow past them. Total then: 4 150 287 bytes.
SIZE_CEILINGS = json.loads((ROOT / "tests" / "geo_layer_sizes_2026-11-27.json").read_text(encoding="utf-8"))
OVERSEAS_DEPARTEMENTS = {"971": "EPSG:5490", "972": "EPSG:5490", "973": "EPSG:2972", "974": "EPSG:2975",
                         "976": "EPSG:4471"}


def layer_files() -> list:
    return [p for p in sorted(paths.SERVED_GEO_DIR.glob("*.json")) if p.name != paths.LAYER_INDEX]


def layers() -> dict[str, dict]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in layer_files()}


def test_every_layer_is_there_and_no_larger_than_before():
    sizes = {p.name: p.stat().st_size for p in layer_files()}
    assert sorted(sizes) == sorted(SIZE_CEILINGS)
    larger = {name: (size, SIZE_CEILINGS[name]) for name, size in sizes.items() if size > SIZE_CEILINGS[name]}
    assert not larger, larger


def test_the_layer_index_gives_each_layers_ids_and_bounds_as_measured_on_the_layer():
    index = json.loads((paths.SERVED_GEO_DIR / paths.LAYER_INDEX).read_text(encoding="utf-8"))
    assert sorted(index) == [p.name for p in layer_files()]
    for name, layer in layers().items():
        measured = shapely.total_bounds(shapely.from_geojson([json.dumps(f["geometry"]) for f in layer["features"]]))
        assert index[name]["ids"] == [f["id"] for f in layer["features"]], name
        assert index[name]["bounds"] == pytest.approx(list(measured), abs=1e-9), name
        assert maps._layer_file_facts(name) == (index[name]["ids"], tuple(index[name]["bounds"]))


def test_every_served_ring_is_wound_as_d3_expects_and_every_shape_is_valid():
    """Served layers (plotly `geo`, SVG via d3-geo): exterior rings clockwise, holes
    counter-clockwise; a mis-wound ring fills the whole sphere instead of the territory.
    The extracts keep RFC 7946 (next test)."""
    rings = 0
    for name, layer in layers().items():
        assert layer["type"] == "FeatureCollection" and layer["features"], name
        for feature in layer["features"]:
            shape = shapely.geometry.shape(feature["geometry"])
            assert shape.is_valid and not shape.is_empty, (name, feature["id"])
            for polygon in shapely.get_parts(shape):
                rings += 1
                assert not polygon.exterior.is_ccw, (name, feature["id"])
                assert all(hole.is_ccw for hole in polygon.interiors), (name, feature["id"])
    assert rings > 2000


def test_member_outlines_in_the_extract_are_wound_the_same_way(extracts):
    members = pd.read_parquet(extracts / "member_shapes.parquet")
    shapes = shapely.from_geojson(members["geojson"].to_numpy())
    parts = shapely.get_parts(shapes)
    assert shapely.is_valid(shapes).all() and len(parts) >= len(members)
    assert shapely.is_ccw(shapely.get_exterior_ring(parts)).all()


def test_layer_features_carry_their_key_and_coordinates_are_rounded():
    national = json.loads((paths.SERVED_GEO_DIR / "territories_2024-07_national.json").read_text(encoding="utf-8"))
    assert len(national["features"]) == 183 and all(f["id"].startswith("ti-") for f in national["features"])
    coordinates = shapely.get_coordinates(shapely.geometry.shape(national["features"][0]["geometry"]))
    assert (abs(coordinates * 10 ** geometry.DECIMALS - (coordinates * 10 ** geometry.DECIMALS).round()) < 1e-6).all()


def _commune_areas_km2() -> pd.DataFrame:
    """Each source commune polygon's area in the official CRS of its département, computed
    here from the GeoParquet source, independently of the build."""
    source = gpd.read_parquet(ROOT / "data/sources/geo/communes_2018_simplified.parquet")
    crs = source["insee_dep"].map(OVERSEAS_DEPARTEMENTS).fillna("EPSG:2154")
    area = pd.Series(0.0, index=source.index)
    for code in crs.unique():
        area[crs == code] = source[crs == code].to_crs(code).area / 1e6
    geod = Geod(ellps="GRS80")
    return pd.DataFrame({"insee_com_2026": source["insee_com_2026"], "insee_com_2018": source["insee_com_2018"],
                         "projected": area,
                         "ellipsoid": [abs(geod.geometry_area_perimeter(g)[0]) / 1e6 for g in source.geometry]})


@pytest.fixture(scope="module")
def territory_areas(extracts) -> pd.DataFrame:
    """Each territory's area (territories extract) beside the sum of its communes' areas."""
    communes = _commune_areas_km2()
    # The territory communes are COG-2023 codes: the build resolves 2018 codes the same way.
    from tidash.extracts import reference
    ref = reference.build_reference(paths.sources_dir())
    communes["insee_com"] = communes["insee_com_2018"].map(ref.resolve_cog2023)
    by_commune = communes.groupby("insee_com")[["projected", "ellipsoid"]].sum()
    members = pd.read_parquet(extracts / "territory_communes.parquet").dropna(subset=["insee_com"])
    members = members.drop_duplicates(["vintage", "id_ti", "insee_com"]).join(by_commune, on="insee_com")
    sums = members.groupby(["vintage", "id_ti"])[["projected", "ellipsoid"]].sum().reset_index()
    territories = pd.read_parquet(extracts / "territories.parquet")
    return territories.merge(sums, on=["vintage", "id_ti"], how="left", validate="one_to_one")


def test_territory_area_is_the_sum_of_its_communes_areas(territory_areas):
    """No INSEE `superficie` in data/sources/reference (decoupage-administratif has no area
    field), so the reference is the communes' own polygons, each measured in the official CRS
    of its département (Lambert-93, or RGAF09/RGFG95/RGR92/RGM04 UTM overseas). The territory
    is dissolved from the same coverage: the only allowed difference is the rounding of
    area_km2 to 0.1 km²."""
    assert territory_areas["area_km2"].notna().all() and (territory_areas["area_km2"] > 0).all()
    gap = (territory_areas["area_km2"] - territory_areas["projected"]).abs()
    assert (gap <= 0.05 + 1e-6 * territory_areas["projected"]).all(), territory_areas[gap > 0.05]


def test_official_crs_areas_stay_within_half_a_percent_of_the_ellipsoid(territory_areas):
    """Lambert-93 is conformal, not equal-area: its scale error (−0.1 % to +0.3 % in length)
    makes areas 0.2 % too small near 46.5° N and up to 0.45 % too large in Corsica or the
    far north; UTM (scale 0.9996) loses ≈ 0.08 %. Documented tolerance: ±0.5 % of the
    geodesic area on the GRS80 ellipsoid. The old equirectangular estimate was off by up to 1.3 %."""
    ratio = territory_areas["area_km2"] / territory_areas["ellipsoid"] - 1
    assert ratio.abs().max() < 0.005, territory_areas.assign(ratio=ratio).sort_values("ratio").iloc[[0, -1]]


def test_official_crs_of_each_overseas_region():
    assert geometry.official_crs("84") == geometry.MAINLAND_CRS == "EPSG:2154"
    names = {code: gpd.GeoSeries([], crs=geometry.official_crs(code)).crs.name for code in ("01", "02", "03", "04", "06")}
    assert names == {"01": "RGAF09 / UTM zone 20N", "02": "RGAF09 / UTM zone 20N", "03": "RGFG95 / UTM zone 22N",
                     "04": "RGR92 / UTM zone 40S", "06": "RGM04 / UTM zone 38S"}


def test_overseas_insets_sit_west_of_brittany_at_their_size_in_metres():
    national = gpd.read_file(paths.SERVED_GEO_DIR / "regions_national.json").set_index("id").to_crs("EPSG:2154")
    mainland = national.drop(index=list(geometry.OVERSEAS_INSETS)).total_bounds
    for code, (cx, cy) in geometry.OVERSEAS_INSETS.items():
        xmin, ymin, xmax, ymax = national.loc[[code]].total_bounds
        assert xmax < mainland[0], code  # entirely west of the westernmost mainland point
        assert max(xmax - xmin, ymax - ymin) == pytest.approx(geometry.INSET_SIZE_M, rel=0.02), code
        assert ((xmin + xmax) / 2, (ymin + ymax) / 2) == pytest.approx((cx, cy), abs=2_000), code
    boxes = [shapely.box(*national.loc[[c]].total_bounds) for c in geometry.OVERSEAS_INSETS]
    assert not any(a.intersects(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_neighbours_share_their_borders_in_every_layer():
    """Coverage simplification then snapping keep one border between two neighbours: no gap
    and no overlap between the features of a layer (a clean coverage)."""
    for name, layer in layers().items():
        shapes = [shapely.geometry.shape(f["geometry"]) for f in layer["features"]]
        assert shapely.coverage_is_valid(shapes), name
