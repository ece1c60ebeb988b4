"""Data build: counts and totals from the real sources, reconciliation, determinism."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from decimal import Decimal

import pandas as pd
import pytest
from conftest import ROOT

from tidash import paths

VINTAGE_COUNTS = {"2020-10": 148, "2023-08": 149, "2024-07": 183}


def read(extracts, name: str) -> pd.DataFrame:
    return pd.read_parquet(extracts / f"{name}.parquet")


def test_territory_counts_per_vintage(extracts):
    territories = read(extracts, "territories")
    assert territories.groupby("vintage").size().to_dict() == VINTAGE_COUNTS
    from tidash.vintages import VINTAGES
    assert {code: int(re.search(r"(\d+) territoires", v.label).group(1)) for code, v in VINTAGES.items()} == VINTAGE_COUNTS
    assert not territories.duplicated(["vintage", "id_ti"]).any()


def test_phase2_has_641_members_of_which_629_epci_or_ept(extracts):
    members = read(extracts, "territory_members")
    phase2 = members[members["vintage"] == "2024-07"]
    assert len(phase2) == 641
    assert phase2["type"].isin(["CC", "CA", "CU", "METRO", "EPT"]).sum() == 629
    assert (phase2["type"] == "COM").sum() == 12
    assert len(members[members["vintage"] == "2023-08"]) == 588


def test_commune_counts_match_the_derived_sources(extracts):
    communes = read(extracts, "territory_communes")
    assert communes.groupby("vintage").size().to_dict() == {"2020-10": 15697, "2023-08": 16177, "2024-07": 18664}
    # The three 2020 codes that do not resolve in COG 2023 are kept and counted, not dropped.
    unresolved = communes[communes["insee_com"].isna()]
    assert sorted(unresolved["insee_com_source"]) == ["25134", "25628", "45287"]


def test_a_commune_belongs_to_at_most_one_territory_per_vintage(extracts):
    communes = read(extracts, "territory_communes").dropna(subset=["insee_com"])
    territories_per_commune = communes.groupby(["vintage", "insee_com"])["id_ti"].nunique()
    assert territories_per_commune.max() == 1


def test_territory_population_equals_the_sum_of_its_distinct_communes(extracts):
    territories = read(extracts, "territories")
    phase2 = pd.read_csv(ROOT / "data/sources/perimetres/derived/ti_phase2_territoires.csv", dtype=str)
    merged = territories[territories["vintage"] == "2024-07"].merge(phase2, on="id_ti")
    assert (merged["population"] == merged["pop_cog2023pkg_20240704"].astype(int)).all()
    assert territories[territories["vintage"] == "2024-07"]["population"].sum() == 40_460_364


def test_fonds_vert_totals_are_exact(extracts):
    projects = read(extracts, "projects")
    by_source = projects.groupby("source").agg(n=("project_id", "count"), amount=("amount_eur", lambda s: sum(s, Decimal(0))))
    assert by_source.loc["fonds_vert_2023", "n"] == 10_782
    assert by_source.loc["fonds_vert_2023", "amount"] == Decimal("1956354884.00")
    assert by_source.loc["fonds_vert_2024_paca", "n"] == 568
    assert by_source.loc["fonds_vert_2024_paca", "amount"] == Decimal("138083433.03")
    ti = projects[projects["measure"] == "Territoires d'industrie en transition écologique"]
    assert len(ti) == 19 and sum(ti["amount_eur"], Decimal(0)) == Decimal("4373733.00")
    assert projects["project_id"].is_unique


def test_a_measure_has_one_name_across_years(extracts):
    """The PACA file's short labels (« PAPI/GEMAPI »…) become the official names, spelt as in the
    2023 export: a « Toutes les années » chart shows each measure once (it listed both)."""
    from tidash.extracts.funding import FONDS_VERT_MEASURE_NAMES
    projects = read(extracts, "projects")
    paca, national = (projects[projects["source"] == s] for s in ("fonds_vert_2024_paca", "fonds_vert_2023"))
    source = pd.read_csv(ROOT / "data" / "sources" / "financements" / "fonds_vert_2024_paca_projets.csv", dtype=str)
    assert set(source["mesure_courte"].str.strip()) == set(FONDS_VERT_MEASURE_NAMES["paca"])  # every label read
    assert not set(paca["measure"]) & set(FONDS_VERT_MEASURE_NAMES["paca"]) - {"Ingénierie", "Recyclage foncier"}
    new_in_2024 = {"Territoires d'industrie en transition écologique", "Développement des mobilités durables en zones rurales"}
    assert set(paca["measure"]) - set(national["measure"]) == new_in_2024
    renamed = paca[paca["measure"] == "Renforcement des aides apportées par les PAPI et appui financier aux collectivités, "
                                      "gestionnaires de digues, dans le cadre de la compétence GEMAPI"]
    assert len(renamed) == (source["mesure_courte"] == "PAPI/GEMAPI").sum() == 52
    assert projects["measure"].nunique() == 16


def test_reconciliation_inside_outside_unresolved_equals_source_total(extracts):
    reconciliation = read(extracts, "funding_reconciliation")
    for (source, vintage), part in reconciliation.groupby(["source", "vintage"]):
        assert part["n_projects"].sum() == part["source_projects"].iloc[0], (source, vintage)
        assert sum(part["amount_eur"], Decimal(0)) == part["source_amount_eur"].iloc[0], (source, vintage)
    assert set(reconciliation["vintage"]) == set(VINTAGE_COUNTS)


def test_every_project_is_attached_or_explained_in_every_vintage(extracts):
    attachments = read(extracts, "project_territories")
    assert len(attachments) == 3 * len(read(extracts, "projects"))
    unresolved = attachments[attachments["status"] == "unresolved"]
    assert unresolved["reason"].notna().all() and (unresolved["reason"].str.len() > 10).all()
    inside = attachments[attachments["status"] == "inside"]
    assert inside["id_ti"].notna().all()
    # 827 national rows have no commune ("NULL"): each is either attached through its SIREN or explained.
    projects = read(extracts, "projects")
    assert projects["insee_com_source"].isna().sum() == 827


def test_national_map_layer_is_small_enough(extracts):
    shapes = read(extracts, "territory_shapes")
    for vintage, part in shapes.groupby("vintage"):
        assert len(part) == VINTAGE_COUNTS[vintage]
        payload = sum(len(g) for g in part["geojson_national"]) + 60 * len(part)  # + Feature wrappers
        assert payload <= 400_000, (vintage, payload)


def test_programme_figures_are_all_kept(extracts):
    assert len(read(extracts, "programme_facts")) == 177
    snapshots = read(extracts, "fund_snapshots")
    assert len(snapshots) == 34 and not snapshots["additive"].any()
    counts = read(extracts, "france_relance_counts")
    assert (counts["level"] == "departement").sum() == 101 * 36


@pytest.mark.slow
def test_a_rebuild_gives_identical_rows(tmp_path, extracts):
    env = {**os.environ, "TI_DATA_DIR": str(tmp_path)}
    served = {p.name: p.stat().st_mtime_ns for p in paths.SERVED_GEO_DIR.glob("*.json")}
    subprocess.run([sys.executable, "-m", "tidash.extracts"], cwd=ROOT, env=env, check=True, capture_output=True)
    for path in sorted(extracts.glob("*.parquet")):
        rebuilt = pd.read_parquet(tmp_path / "extracts" / path.name)
        pd.testing.assert_frame_equal(pd.read_parquet(path), rebuilt, check_exact=True, obj=path.name)
    # The private build wrote its own map layers and left the served ones (static/geo/) alone.
    assert {p.name: p.stat().st_mtime_ns for p in paths.SERVED_GEO_DIR.glob("*.json")} == served
    layers = sorted(p.name for p in (tmp_path / "static_geo").glob("*.json"))
    assert layers == sorted(served)
    for name in layers:
        assert (tmp_path / "static_geo" / name).read_bytes() == (paths.SERVED_GEO_DIR / name).read_bytes(), name


def test_friches_keep_every_site_of_cartofriches(extracts):
    friches = read(extracts, "friches")
    source = pd.read_csv(ROOT / "data" / "sources" / "contexte" / "cartofriches" / "cartofriches_sites_2024-03.csv",
                         dtype=str, keep_default_na=False)
    assert len(friches) == len(source) == 23878 and friches["site_id"].is_unique
    assert set(friches["site_id"]) == set(source["site_id"])
    assert friches["statut"].value_counts().to_dict() == {
        "potentielle": 12905, "sans projet": 7389, "avec projet": 3425, "reconvertie": 159}
    assert friches["fonds_friches_candidat"].sum() == (source["is_aap"] == "True").sum() == 3700
    assert friches["surface_m2"].isna().sum() == (source["site_surface"] == "").sum()
    # Type variants merged, never lost: the raw value is kept beside the merged one.
    assert (friches["type_source"] == source.set_index("site_id").loc[friches["site_id"], "site_type"].values).all()
    assert (friches["type"] == "friche industrielle").sum() == (source["site_type"] == "friche industrielle").sum()
    assert friches.loc[friches["type"] == "friche industrielle", "industriel"].all()


def test_friches_reconcile_per_vintage_and_unresolved_sites_are_explained(extracts):
    friches = read(extracts, "friches")
    attachments = read(extracts, "friche_territories")
    assert len(attachments) == 3 * len(friches)
    for vintage, part in attachments.groupby("vintage"):
        assert len(part) == 23878 and part["site_id"].is_unique, vintage
        assert part.loc[part["status"] == "inside", "id_ti"].notna().all()
        assert part.loc[part["status"] != "inside", "id_ti"].isna().all()
        unresolved = part[part["status"] == "unresolved"]
        assert unresolved["reason"].notna().all()
    table = read(extracts, "friches_reconciliation")
    for vintage, part in table.groupby("vintage"):
        counted = attachments[attachments["vintage"] == vintage]["status"].value_counts()
        assert part.set_index("status")["n_sites"].to_dict() == {s: int(counted.get(s, 0))
                                                                for s in ("inside", "outside", "unresolved")}
        assert part["n_sites"].sum() == 23878


def test_the_industrial_rule_reads_type_then_former_activity():
    from tidash.extracts.friches import industrial_reason

    assert industrial_reason("friche industrielle", None) == "type"
    assert industrial_reason("inconnu", "Fonderie de fonte") == "activité (libellé)"
    assert industrial_reason("inconnu", "fabrication de coutellerie") == "activité (libellé)"
    assert industrial_reason("inconnu", "Atelier de tissage ancien|Industrie") == "activité (catégorie Industrie)"
    assert industrial_reason("inconnu", "Métallurgie de l'aluminium") == "activité (libellé)"
    assert industrial_reason("friche commerciale", "Commerce|Commerce") is None
    assert industrial_reason("inconnu", "Décharge de déchets industriels banals (D.I.B.)") is None
    assert industrial_reason("inconnu", None) is None



def test_static_geo_dir_follows_the_data_directory(monkeypatch, tmp_path):
    monkeypatch.delenv("TI_DATA_DIR", raising=False)
    assert paths.static_geo_dir() == ROOT / "static" / "geo" == paths.SERVED_GEO_DIR
    monkeypatch.setenv("TI_DATA_DIR", str(tmp_path))
    assert paths.static_geo_dir() == tmp_path / "static_geo"


def test_an_import_republishes_from_the_extracts_with_the_same_frames_as_from_the_sources(extracts):
    """Imports rebuild the funding extracts from the reference and perimeters the full build
    wrote (load_*) rather than re-reading the COG and ANCT sources (build_*): same frames."""
    from tidash.extracts import perimeters, reference

    from_sources = reference.build_reference(paths.sources_dir())
    from_extracts = reference.load_reference(extracts)
    for field in reference.REFERENCE_EXTRACTS:
        pd.testing.assert_frame_equal(getattr(from_extracts, field), getattr(from_sources, field))
    built = perimeters.build_perimeters(paths.sources_dir(), from_sources)
    loaded = perimeters.load_perimeters(extracts)
    for field in ("territories", "members", "communes"):
        pd.testing.assert_frame_equal(getattr(loaded, field), getattr(built, field))
    assert from_extracts.resolve_cog2023("01033") == from_sources.resolve_cog2023("01033")
