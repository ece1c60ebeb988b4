"""Web geometry: territory, member, département and région polygons dissolved from the
commune polygons (so every layer shares the same borders), coverage-simplified and rounded.

Overseas régions are also drawn as insets next to mainland France for the national map
(moved and scaled copies, for display only); the real coordinates are kept for zoomed maps.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import shapely

from tidash.extracts.perimeters import Perimeters
from tidash.extracts.reference import Reference

DECIMALS = 4  # ≈ 10 m: invisible at any zoom the dashboard offers
NATIONAL_TOLERANCE = 0.012  # degrees, keeps one vintage's national layer under 400 KB
DETAIL_TOLERANCE = 0.003
OVERSEAS_INSETS = {  # région → centre of its inset (lon, lat), a column west of Brittany
    "01": (-8.6, 49.6), "02": (-8.6, 48.0), "03": (-8.6, 46.1), "04": (-8.6, 44.2), "06": (-8.6, 42.6),
}
INSET_SIZE = 1.5  # degrees: each overseas région is scaled to fit this box


def load_commune_polygons(sources: Path, reference: Reference) -> pd.DataFrame:
    table = pq.read_table(sources / "geo" / "communes_2018_simplified.parquet").to_pandas()
    geometry = shapely.from_wkb(table["geometry"].to_numpy())
    frame = pd.DataFrame({"insee_com": table["insee_com_2018"].map(reference.resolve_cog2023),
                          "geometry": geometry})
    return frame.dropna(subset=["insee_com"])


def _dissolve(polygons: pd.DataFrame, key_columns: list[str]) -> pd.DataFrame:
    grouped = polygons.groupby(key_columns, sort=True)["geometry"]
    rows = [(*(k if isinstance(k, tuple) else (k,)), shapely.union_all(list(g))) for k, g in grouped]
    return pd.DataFrame(rows, columns=[*key_columns, "geometry"])


def _simplify_coverage(geometries: np.ndarray, tolerance: float) -> np.ndarray:
    valid = shapely.make_valid(geometries)
    try:
        simplified = shapely.coverage_simplify(valid, tolerance)
    except Exception:  # not a clean coverage: simplify each polygon on its own
        simplified = shapely.simplify(valid, tolerance, preserve_topology=True)
    return simplified


def _round(geometry):
    return shapely.transform(geometry, lambda xy: np.round(xy, DECIMALS))


def area_km2(geometry) -> float:
    """Area on a local equirectangular projection per part; < 0.5 % off at these sizes."""
    total = 0.0
    for part in shapely.get_parts(geometry):
        lat0 = math.radians(part.centroid.y)
        scaled = shapely.transform(part, lambda xy: xy * np.array([111.320 * math.cos(lat0), 110.574]))
        total += scaled.area
    return round(total, 1)


def inset_transform(geometries: pd.Series, regions: pd.Series) -> pd.Series:
    """Moves overseas geometries next to mainland France (display only)."""
    out = geometries.copy()
    for region, (cx, cy) in OVERSEAS_INSETS.items():
        mask = regions == region
        if not mask.any():
            continue
        xmin, ymin, xmax, ymax = shapely.total_bounds(geometries[mask].to_numpy())
        scale = INSET_SIZE / max(xmax - xmin, ymax - ymin)
        mx, my = (xmin + xmax) / 2, (ymin + ymax) / 2
        out[mask] = [
            shapely.transform(g, lambda xy: (xy - [mx, my]) * scale + [cx, cy]) for g in geometries[mask]
        ]
    return out


def _to_geojson(geometries) -> list[str]:
    return [shapely.to_geojson(_round(g)) for g in geometries]


def build_geometry(perimeters: Perimeters, reference: Reference, commune_polygons: pd.DataFrame
                   ) -> dict[str, pd.DataFrame]:
    communes = perimeters.communes.dropna(subset=["insee_com"]).drop_duplicates(
        ["vintage", "id_ti", "insee_com"])
    ref = reference.communes_2023.set_index("insee_com")
    communes = communes.assign(
        member=communes["insee_com"].map(ref["siren_ept"]).fillna(communes["insee_com"].map(ref["siren_epci"]))
        .fillna(communes["insee_com"].map(ref["siren_commune"])))
    with_shape = communes.merge(commune_polygons, on="insee_com", how="inner")

    territories = _dissolve(with_shape, ["vintage", "id_ti"])
    territories = territories.merge(perimeters.territories[["vintage", "id_ti", "code_reg"]], on=["vintage", "id_ti"])
    territories["area_km2"] = [area_km2(g) for g in territories["geometry"]]
    territory_parts = []
    for _, frame in territories.groupby("vintage", sort=True):
        frame = frame.copy()
        national = _simplify_coverage(frame["geometry"].to_numpy(), NATIONAL_TOLERANCE)
        detail = _simplify_coverage(frame["geometry"].to_numpy(), DETAIL_TOLERANCE)
        frame["geojson_national"] = _to_geojson(inset_transform(pd.Series(national, index=frame.index), frame["code_reg"]))
        frame["geojson"] = _to_geojson(detail)
        centroids = shapely.point_on_surface(frame["geometry"].to_numpy())
        frame["lon"], frame["lat"] = shapely.get_x(centroids).round(4), shapely.get_y(centroids).round(4)
        territory_parts.append(frame.drop(columns=["geometry"]))
    territory_shapes = pd.concat(territory_parts, ignore_index=True)

    members = _dissolve(with_shape, ["vintage", "id_ti", "member"]).rename(columns={"member": "siren"})
    members["geojson"] = _to_geojson(_simplify_coverage(members["geometry"].to_numpy(), DETAIL_TOLERANCE))
    member_shapes = members.drop(columns=["geometry"])

    by_commune = commune_polygons.merge(reference.communes_2023[["insee_com", "code_dep", "code_reg"]], on="insee_com")
    regions = _dissolve(by_commune, ["code_reg"])
    regions_national = _simplify_coverage(regions["geometry"].to_numpy(), NATIONAL_TOLERANCE)
    regions["geojson_national"] = _to_geojson(inset_transform(pd.Series(regions_national, index=regions.index), regions["code_reg"]))
    regions["geojson"] = _to_geojson(_simplify_coverage(regions["geometry"].to_numpy(), DETAIL_TOLERANCE))
    region_shapes = regions.drop(columns=["geometry"])

    epci = _dissolve(commune_polygons.merge(reference.communes_2023[["insee_com", "siren_epci"]].dropna(),
                                            on="insee_com"), ["siren_epci"])
    epci["geojson"] = _to_geojson(_simplify_coverage(epci["geometry"].to_numpy(), DETAIL_TOLERANCE))
    epci_shapes = epci.drop(columns=["geometry"]).rename(columns={"siren_epci": "siren"})

    departements = _dissolve(by_commune, ["code_dep"])
    departements["geojson"] = _to_geojson(_simplify_coverage(departements["geometry"].to_numpy(), DETAIL_TOLERANCE))
    departement_shapes = departements.drop(columns=["geometry"])

    missing = communes[~communes["insee_com"].isin(commune_polygons["insee_com"])]
    missing_shapes = missing[["vintage", "id_ti", "insee_com"]].sort_values(["vintage", "id_ti", "insee_com"], ignore_index=True)
    return {
        "territory_shapes": territory_shapes,
        "member_shapes": member_shapes,
        "region_shapes": region_shapes,
        "departement_shapes": departement_shapes,
        "epci_shapes": epci_shapes,
        "communes_without_shape": missing_shapes,
    }


def _svg_winding(geojson: str) -> str:
    """Exterior rings clockwise, holes counter-clockwise: the winding d3-geo expects, which
    plotly's `geo` maps (SVG) use. A ring wound the other way is read as « the whole sphere
    except this polygon » and floods the map. (This is the opposite of RFC 7946; the layers
    in static/geo/ are only read by the maps.)"""
    return shapely.to_geojson(shapely.orient_polygons(shapely.from_geojson(geojson), exterior_cw=True))


def _collection(keys, geometries) -> str:
    features = ",".join(f'{{"type":"Feature","id":"{k}","properties":{{}},"geometry":{_svg_winding(g)}}}'
                        for k, g in zip(keys, geometries))
    return f'{{"type":"FeatureCollection","features":[{features}]}}'


def static_layers(shapes: dict[str, pd.DataFrame]) -> dict[str, str]:
    """File name → GeoJSON text for every map layer the pages draw."""
    layers: dict[str, str] = {}
    territories, regions = shapes["territory_shapes"], shapes["region_shapes"]
    layers["regions_national.json"] = _collection(regions["code_reg"], regions["geojson_national"])
    for code, part in regions.groupby("code_reg"):
        layers[f"region_{code}.json"] = _collection(part["code_reg"], part["geojson"])
    for vintage, part in territories.groupby("vintage"):
        layers[f"territories_{vintage}_national.json"] = _collection(part["id_ti"], part["geojson_national"])
        for code, region_part in part.groupby("code_reg"):
            layers[f"territories_{vintage}_{code}.json"] = _collection(region_part["id_ti"], region_part["geojson"])
    return layers
