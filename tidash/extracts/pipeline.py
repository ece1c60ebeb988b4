"""The build steps in order, each timed and reported, each extract written atomically."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from tidash import paths
from tidash.atomic import atomic_path, write_parquet, write_text
from tidash.catalogue import EXTRACTS
from tidash.extracts import funding, geometry, lineage, perimeters, programme, reference
from tidash.ingest.contract import empty_programme_projects
from tidash.ingest.store import imported_frames

AMOUNT_TYPE = pa.decimal128(14, 2)


class Progress:
    def __init__(self) -> None:
        self.start = time.perf_counter()

    def step(self, message: str) -> None:
        print(f"[{time.perf_counter() - self.start:5.1f} s] {message}", flush=True)


def write_extracts(frames: dict[str, pd.DataFrame], extracts: Path, progress: Progress) -> None:
    for name, frame in frames.items():
        schema = None
        if "amount_eur" in frame.columns:
            schema = pa.Schema.from_pandas(frame, preserve_index=False)
            for column in ("amount_eur", "source_amount_eur"):
                if column in frame.columns:
                    schema = schema.set(schema.get_field_index(column), pa.field(column, AMOUNT_TYPE))
        write_parquet(frame, extracts / f"{name}.parquet", schema)
        progress.step(f"  écrit {name}.parquet ({len(frame):,} lignes)".replace(",", "\u202f"))


def funding_frames(sources: Path, data: Path, ref: reference.Reference, perims: perimeters.Perimeters
                   ) -> dict[str, pd.DataFrame]:
    imports = imported_frames(data)
    projects = funding.load_projects(sources, ref, imports.get("fonds_vert", []))
    attachments = funding.attach_projects(projects, perims, ref)
    return {
        "projects": projects,
        "project_territories": attachments,
        "funding_reconciliation": funding.reconcile(projects, attachments),
        "programme_projects": imports.get("programme_projects_current", empty_programme_projects()),
    }


def build_all(sources: Path, data: Path) -> None:
    progress = Progress()
    extracts = data / "extracts"
    progress.step("Référentiel géographique (COG 2023 et 2026)…")
    ref = reference.build_reference(sources)
    write_extracts({
        "communes": ref.communes_2026, "communes_cog2023": ref.communes_2023,
        "commune_history": ref.commune_history, "epci": ref.epci,
        "departements": ref.departements, "regions": ref.regions,
    }, extracts, progress)

    progress.step("Périmètres 2020-10, 2023-08, 2024-07…")
    perims = perimeters.build_perimeters(sources, ref)
    write_extracts({"territories": perims.territories, "territory_members": perims.members,
            "territory_communes": perims.communes}, extracts, progress)
    write_extracts({"territory_lineage": lineage.territory_lineage(perims.territories, perims.communes)},
                   extracts, progress)

    progress.step("Financements : projets, rattachement, réconciliation…")
    write_extracts(funding_frames(sources, data, ref, perims), extracts, progress)

    progress.step("Chiffres du programme, France Relance, indicateurs…")
    write_extracts({
        "programme_facts": programme.programme_facts(sources),
        "fund_snapshots": programme.fund_snapshots(sources),
        "france_relance_counts": programme.france_relance_counts(sources),
        "indicators": programme.indicators(sources),
    }, extracts, progress)

    progress.step("Géométries : dissolution des communes et simplification (≈ 25 s)…")
    polygons = geometry.load_commune_polygons(sources, ref)
    shapes = geometry.build_geometry(perims, ref, polygons)
    write_extracts(shapes, extracts, progress)
    areas = shapes["territory_shapes"][["vintage", "id_ti", "area_km2"]]
    write_extracts({"territories": perims.territories.merge(areas, on=["vintage", "id_ti"], how="left")},
                   extracts, progress)
    layers = geometry.static_layers(shapes)
    for name, text in layers.items():
        write_text(text, paths.static_geo_dir() / name)
    progress.step(f"  écrit {len(layers)} couches GeoJSON dans static/geo/")

    publish_catalogue(data, progress)
    progress.step("Terminé.")


def publish_catalogue(data: Path, progress: Progress | None = None, keep_previous: bool = False) -> Path:
    """Loads every extract into one DuckDB file and swaps it in atomically: the app opens it
    read-only, and a session never sees a mix of old and new extracts."""
    progress = progress or Progress()
    extracts = data / "extracts"
    target = data / "ti.duckdb"
    manifest = {"built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "extracts": {}}
    with atomic_path(target) as tmp:
        tmp.unlink()
        with duckdb.connect(str(tmp)) as con:
            for extract in EXTRACTS:
                path = extracts / f"{extract.name}.parquet"
                con.execute(f"CREATE TABLE {extract.name} AS SELECT * FROM read_parquet(?)", [str(path)])
                rows = con.execute(f"SELECT count(*) FROM {extract.name}").fetchone()[0]
                manifest["extracts"][extract.name] = rows
            con.execute("CREATE TABLE build_info AS SELECT ?::VARCHAR AS built_at", [manifest["built_at"]])
            con.execute((Path(__file__).parent / "views.sql").read_text(encoding="utf-8"))
        if keep_previous and target.exists():
            # Hard link: the old file's inode lives on under the new name, no copy needed.
            previous = data / "ti.previous.duckdb"
            link = data / ".ti.previous.duckdb.tmp"
            link.unlink(missing_ok=True)
            os.link(target, link)
            os.replace(link, previous)
    write_text(json.dumps(manifest, indent=1, ensure_ascii=False), data / "manifest.json")
    if keep_previous and (data / "ti.previous.duckdb").exists():
        progress.step("Catalogue précédent conservé : data/ti.previous.duckdb")
    progress.step(f"Catalogue publié : {target}")
    return target
