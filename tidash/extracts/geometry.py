"""Web geometry: territory, member, EPCI, département and région polygons dissolved from the
commune polygons (so every layer shares the same borders), coverage-simplified, rounded and
written as RFC 7946 GeoJSON (EPSG:4326, exterior rings counter-clockwise).

Everything goes through geopandas with an explicit CRS: the sources are in EPSG:4326; areas
are measured in each place's official projected CRS (Lambert-93 for mainland France and
Corsica, the local UTM CRS of each overseas département), and the overseas insets of the
national map are placed in metres (Lambert-93) before going back to EPSG:4326.
"""
from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from tidash import paths
from tidash.extracts.perimeters import Perimeters
from tidash.extracts.reference import Reference

CRS = "EPSG:4326"  # the sources' CRS and the only one GeoJSON allows (RFC 7946)
MAINLAND_CRS = "EPSG:2154"  # RGF93 v1 / Lambert-93: mainland France and Corsica
OFFICIAL_CRS = {  # région → official projected CRS of that overseas département (décret 2019-165)
    "01": "EPSG:5490",  # Guadeloupe: RGAF09 / UTM zone 20N
    "02": "EPSG:5490",  # Martinique: RGAF09 / UTM zone 20N
    "03": "EPSG:2972",  # Guyane: RGFG95 / UTM zone 22N
    "04": "EPSG:2975",  # La Réunion: RGR92 / UTM zone 40S
    "06": "EPSG:4471",  # Mayotte: RGM04 / UTM zone 38S
}
DECIMALS = 3  # a 0.001° grid (≤ 55 m off): a sixth of the simplification tolerance, under a pixel at the
# zooms the dashboard draws (national ≈ 4.5, région ≈ 7, territory ≈ 9); 11 % smaller than 4 decimals
NATIONAL_TOLERANCE = 0.012  # degrees, keeps one vintage's national layer under 400 KB
DETAIL_TOLERANCE = 0.003
# Overseas insets, a column west of Brittany: centre of each inset in Lambert-93 metres (on the
# meridian 8.6° W, so the column stands upright on the web-mercator map).
OVERSEAS_INSETS = {"01": (-136_000, 7_006_000), "02": (-162_000, 6_830_000), "03": (-193_000, 6_621_000),
                   "04": (-224_000, 6_413_000), "06": (-250_000, 6_237_000)}
INSET_SIZE_M = 150_000  # each overseas région is scaled to fit a square of this side


def official_crs(code_reg: str) -> str:
    return OFFICIAL_CRS.get(code_reg, MAINLAND_CRS)


def load_commune_polygons(sources: Path, reference: Reference) -> gpd.GeoDataFrame:
    """The 2018 commune polygons (GeoParquet, EPSG:4326) keyed by their COG-2023 code."""
    frame = gpd.read_parquet(sources / "geo" / "communes_2018_simplified.parquet",
                             columns=["insee_com_2018", "geometry"])
    if frame.crs is None or frame.crs.to_epsg() != 4326:
        raise ValueError(f"communes_2018_simplified.parquet : CRS attendu EPSG:4326, trouvé {frame.crs}")
    frame = gpd.GeoDataFrame({"insee_com": frame["insee_com_2018"].map(reference.resolve_cog2023)},
                             geometry=frame.geometry, crs=frame.crs)
    frame = frame.dropna(subset=["insee_com"]).reset_index(drop=True)
    # A clean coverage (no overlap, shared edges identical): dissolved and simplified edge by edge.
    if not shapely.coverage_is_valid(frame.geometry.values):
        raise ValueError("communes_2018_simplified.parquet : les polygones ne forment pas une couverture propre")
    return frame


def dissolve(polygons: gpd.GeoDataFrame, by: list[str]) -> gpd.GeoDataFrame:
    """One polygon per group, unioned edge by edge: the commune polygons are a clean coverage
    (checked when they are loaded), so each group of them is one too."""
    return polygons[[*by, "geometry"]].dissolve(by=by, method="coverage", as_index=False, sort=True)


def simplify(geometries: gpd.GeoSeries, tolerance: float) -> gpd.GeoSeries:
    """Coverage simplification: neighbours keep one shared border (no gaps, no overlaps)."""
    if shapely.coverage_is_valid(geometries.values):
        return geometries.simplify_coverage(tolerance)
    return geometries.simplify(tolerance, preserve_topology=True)


def web_geometry(geometries: gpd.GeoSeries) -> gpd.GeoSeries:
    """Coordinates snapped to DECIMALS (valid output) and rings wound as RFC 7946 asks:
    exterior counter-clockwise, holes clockwise (a mis-wound ring fills the sphere in SVG/Vega)."""
    if geometries.crs is None or geometries.crs.to_epsg() != 4326:
        raise ValueError(f"GeoJSON en EPSG:4326 uniquement, pas {geometries.crs}")
    snapped = shapely.set_precision(geometries.values, 10.0 ** -DECIMALS)
    return gpd.GeoSeries(shapely.orient_polygons(snapped, exterior_cw=False), index=geometries.index, crs=CRS)


def geojson_texts(geometries: gpd.GeoSeries) -> list[str]:
    return list(shapely.to_geojson(web_geometry(geometries).values))


def area_km2(geometries: gpd.GeoSeries, regions: pd.Series) -> pd.Series:
    """Area of each geometry in the official projected CRS of its région, km² to 0.1."""
    crs_of = regions.map(official_crs)
    areas = pd.Series(np.nan, index=geometries.index)
    for crs in sorted(crs_of.unique()):
        rows = crs_of.index[crs_of == crs]
        areas[rows] = geometries[rows].to_crs(crs).area / 1e6
    return areas.round(1)


def inset_transform(geometries: gpd.GeoSeries, regions: pd.Series) -> gpd.GeoSeries:
    """Moves overseas geometries next to mainland France (display only): each overseas région
    is taken in its own official CRS, scaled to fit INSET_SIZE_M and placed at its inset
    centre in Lambert-93, in metres, then brought back to EPSG:4326."""
    out = geometries.copy()
    for region, (cx, cy) in OVERSEAS_INSETS.items():
        mask = (regions == region).to_numpy()
        if not mask.any():
            continue
        local = geometries[mask].to_crs(official_crs(region))
        xmin, ymin, xmax, ymax = local.total_bounds
        scale = INSET_SIZE_M / max(xmax - xmin, ymax - ymin)
        mx, my = (xmin + xmax) / 2, (ymin + ymax) / 2
        placed = local.affine_transform([scale, 0, 0, scale, cx - mx * scale, cy - my * scale])
        out[mask] = placed.set_crs(MAINLAND_CRS, allow_override=True).to_crs(geometries.crs)
    return out


def build_geometry(perimeters: Perimeters, reference: Reference, commune_polygons: gpd.GeoDataFrame
                   ) -> dict[str, pd.DataFrame]:
    communes = perimeters.communes.dropna(subset=["insee_com"]).drop_duplicates(
        ["vintage", "id_ti", "insee_com"])
    ref = reference.communes_2023.set_index("insee_com")
    communes = communes.assign(
        member=communes["insee_com"].map(ref["siren_ept"]).fillna(communes["insee_com"].map(ref["siren_epci"]))
        .fillna(communes["insee_com"].map(ref["siren_commune"])))
    with_shape = commune_polygons.merge(communes, on="insee_com", how="inner")

    territories = dissolve(with_shape, ["vintage", "id_ti"]).merge(
        perimeters.territories[["vintage", "id_ti", "code_reg"]], on=["vintage", "id_ti"])
    territories["area_km2"] = area_km2(territories.geometry, territories["code_reg"])
    territory_parts = []
    for _, frame in territories.groupby("vintage", sort=True):
        national = inset_transform(simplify(frame.geometry, NATIONAL_TOLERANCE), frame["code_reg"])
        inside = frame.geometry.representative_point()
        territory_parts.append(pd.DataFrame(frame.drop(columns="geometry")).assign(
            geojson_national=geojson_texts(national), geojson=geojson_texts(simplify(frame.geometry, DETAIL_TOLERANCE)),
            lon=inside.x.round(4), lat=inside.y.round(4)))
    territory_shapes = pd.concat(territory_parts, ignore_index=True)

    members = dissolve(with_shape, ["vintage", "id_ti", "member"])
    member_parts = [frame.assign(geojson=geojson_texts(simplify(frame.geometry, DETAIL_TOLERANCE)))
                    for _, frame in members.groupby("vintage", sort=True)]  # one coverage per vintage
    member_shapes = (pd.DataFrame(pd.concat(member_parts).sort_index()).drop(columns="geometry")
                     .rename(columns={"member": "siren"}).reset_index(drop=True))

    by_commune = commune_polygons.merge(reference.communes_2023[["insee_com", "code_dep", "code_reg"]], on="insee_com")
    regions = dissolve(by_commune, ["code_reg"])
    national = inset_transform(simplify(regions.geometry, NATIONAL_TOLERANCE), regions["code_reg"])
    region_shapes = pd.DataFrame(regions.drop(columns="geometry")).assign(
        geojson_national=geojson_texts(national), geojson=geojson_texts(simplify(regions.geometry, DETAIL_TOLERANCE)))

    epci = dissolve(commune_polygons.merge(reference.communes_2023[["insee_com", "siren_epci"]].dropna(),
                                           on="insee_com"), ["siren_epci"])
    epci_shapes = pd.DataFrame(epci.drop(columns="geometry")).assign(
        geojson=geojson_texts(simplify(epci.geometry, DETAIL_TOLERANCE))).rename(columns={"siren_epci": "siren"})

    departements = dissolve(by_commune, ["code_dep"])
    departement_shapes = pd.DataFrame(departements.drop(columns="geometry")).assign(
        geojson=geojson_texts(simplify(departements.geometry, DETAIL_TOLERANCE)))

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


def layer_frame(keys: pd.Series, geojson: pd.Series) -> gpd.GeoDataFrame:
    """A served map layer (feature id = key). Exterior rings clockwise, holes counter-clockwise:
    the winding d3-geo expects, which plotly's `geo` maps (SVG) use; a ring wound the other way is
    read as « the whole sphere except this polygon » and floods the map. This is the opposite of
    RFC 7946, which the extracts keep; the layers of static/geo/ are only read by the maps."""
    shapes = shapely.orient_polygons(shapely.from_geojson(geojson.to_numpy()), exterior_cw=True)
    return gpd.GeoDataFrame(geometry=gpd.GeoSeries(shapes, index=keys.to_numpy(), crs=CRS))


def static_layers(shapes: dict[str, pd.DataFrame]) -> dict[str, str]:
    """File name → text for every map layer the pages draw (compact GeoJSON written by geopandas),
    and paths.LAYER_INDEX: each layer's feature ids and bounds (west, south, east, north), so that a map
    frames a layer and names its features without parsing it on a page's first visit."""
    frames: dict[str, gpd.GeoDataFrame] = {}
    territories, regions = shapes["territory_shapes"], shapes["region_shapes"]
    frames["regions_national.json"] = layer_frame(regions["code_reg"], regions["geojson_national"])
    for code, part in regions.groupby("code_reg"):
        frames[f"region_{code}.json"] = layer_frame(part["code_reg"], part["geojson"])
    for vintage, part in territories.groupby("vintage"):
        frames[f"territories_{vintage}_national.json"] = layer_frame(part["id_ti"], part["geojson_national"])
        for code, region_part in part.groupby("code_reg"):
            frames[f"territories_{vintage}_{code}.json"] = layer_frame(region_part["id_ti"], region_part["geojson"])
    layers = {name: frame.to_json(separators=(",", ":"), ensure_ascii=False) for name, frame in frames.items()}
    index = {name: {"ids": [str(key) for key in frame.index], "bounds": _bounds(frame)} for name, frame in frames.items()}
    layers[paths.LAYER_INDEX] = json.dumps(index, separators=(",", ":"), ensure_ascii=False)
    return layers


def _bounds(frame: gpd.GeoDataFrame) -> list[float] | None:
    drawn = frame.geometry[~(frame.geometry.isna() | frame.geometry.is_empty)]
    return [float(v) for v in drawn.total_bounds] if len(drawn) else None
