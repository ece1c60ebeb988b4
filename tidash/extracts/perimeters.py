"""Territories, their members and their communes for each perimeter vintage."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tidash.extracts.reference import Reference

DERIVED = Path("perimetres") / "derived"


@dataclass(frozen=True)
class Perimeters:
    territories: pd.DataFrame
    members: pd.DataFrame
    communes: pd.DataFrame


def load_perimeters(extracts: Path) -> Perimeters:
    """The perimeters as the last full build wrote them (``territories`` without the areas the
    geometry step adds)."""
    territories = pd.read_parquet(extracts / "territories.parquet").drop(columns=["area_km2"], errors="ignore")
    return Perimeters(territories, pd.read_parquet(extracts / "territory_members.parquet"),
                      pd.read_parquet(extracts / "territory_communes.parquet"))


def _read(sources: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(sources / DERIVED / name, dtype=str, keep_default_na=False)


def _communes_2020(sources: Path) -> pd.DataFrame:
    frame = _read(sources, "ti_phase1_communes_2020.csv")
    return pd.DataFrame({
        "vintage": "2020-10",
        "id_ti": frame["id_ti"],
        "insee_com_source": frame["insee_com_2020"],
        "insee_com": frame["insee_com_cog2023"].replace("", None),
    })


def _communes_derived(sources: Path, name: str, vintage: str) -> pd.DataFrame:
    frame = _read(sources, name)
    return pd.DataFrame({
        "vintage": vintage, "id_ti": frame["id_ti"],
        "insee_com_source": frame["insee_com"], "insee_com": frame["insee_com"],
    })


def _members_listed(sources: Path, name: str, vintage: str) -> pd.DataFrame:
    frame = _read(sources, name)
    return pd.DataFrame({
        "vintage": vintage,
        "id_ti": frame["id_ti"],
        "siren": frame["siren_groupement"],
        "nom": frame["nom_cog2023"].where(frame["nom_cog2023"] != "", frame["lib_groupement"]),
        "type": frame["type_cog2023"],
        "insee_com_if_commune": frame["insee_com_if_commune"].replace("", None),
        "listed_in_source": True,
    })


def _members_from_communes(communes: pd.DataFrame, reference: Reference) -> pd.DataFrame:
    """The 2020 list names communes only: its members are the COG-2023 EPCI/EPT of those
    communes (a commune outside any EPCI stands as its own member)."""
    ref = reference.communes_2023.set_index("insee_com")
    known = communes[["vintage", "id_ti", "insee_com"]].dropna(subset=["insee_com"]).join(
        ref[["siren_epci", "siren_ept", "siren_commune"]], on="insee_com")
    group = known["siren_ept"].fillna(known["siren_epci"])
    is_commune = group.isna()
    known = known.assign(siren=group.fillna(known["siren_commune"]),
                         insee_com_if_commune=known["insee_com"].where(is_commune))
    members = known.groupby(["vintage", "id_ti", "siren"], as_index=False).agg(
        insee_com_if_commune=("insee_com_if_commune", "first"))
    epci = reference.epci[reference.epci["cog"] == 2023].set_index("siren")
    members["nom"] = members["siren"].map(epci["nom"])
    members["type"] = members["siren"].map(epci["type"]).fillna("COM")
    communes_by_code = ref["nom"]
    members["nom"] = members["nom"].fillna(members["insee_com_if_commune"].map(communes_by_code))
    members["listed_in_source"] = False
    return members


def build_perimeters(sources: Path, reference: Reference) -> Perimeters:
    communes = pd.concat([
        _communes_2020(sources),
        _communes_derived(sources, "ti_phase1_communes_2023_derived.csv", "2023-08"),
        _communes_derived(sources, "ti_phase2_communes_20240704_derived.csv", "2024-07"),
    ], ignore_index=True)
    ref = reference.communes_2023.set_index("insee_com")
    communes = communes.join(ref[["nom", "code_dep", "code_reg", "siren_epci", "population"]], on="insee_com")
    communes = communes.sort_values(["vintage", "id_ti", "insee_com_source"], ignore_index=True)

    members = pd.concat([
        _members_from_communes(communes[communes["vintage"] == "2020-10"], reference),
        _members_listed(sources, "ti_phase1_groupements_2023.csv", "2023-08"),
        _members_listed(sources, "ti_phase2_groupements_20240704.csv", "2024-07"),
    ], ignore_index=True)
    # Member population and commune count from the communes each territory actually holds.
    # Several 2020 codes can name one COG-2023 commune (merged since): count it once.
    member_key = _distinct_communes(communes).join(ref[["siren_ept"]], on="insee_com")
    member_key["siren"] = member_key["siren_ept"].fillna(member_key["siren_epci"])
    stats = member_key.groupby(["vintage", "id_ti", "siren"], as_index=False).agg(
        n_communes=("insee_com", "count"), population=("population", "sum"))
    members = members.merge(stats, on=["vintage", "id_ti", "siren"], how="left")
    single = members["insee_com_if_commune"].notna()
    members.loc[single, "n_communes"] = 1
    members.loc[single, "population"] = members.loc[single, "insee_com_if_commune"].map(ref["population"])
    members["n_communes"] = members["n_communes"].astype("Int64")
    members["population"] = members["population"].astype("Int64")
    members = members.sort_values(["vintage", "id_ti", "siren"], ignore_index=True)

    territories = _territories(sources, communes, members, reference)
    return Perimeters(territories, members, communes)


def _distinct_communes(communes: pd.DataFrame) -> pd.DataFrame:
    return communes.dropna(subset=["insee_com"]).drop_duplicates(["vintage", "id_ti", "insee_com"])


def _names(sources: Path) -> pd.DataFrame:
    phase1 = _read(sources, "ti_phase1_territoires.csv")
    phase2 = _read(sources, "ti_phase2_territoires.csv")
    return pd.concat([
        pd.DataFrame({"vintage": "2020-10", "id_ti": phase1["id_ti"], "nom": phase1["lib_ti_2020"],
                      "code_reg": phase1["reg"]}),
        pd.DataFrame({"vintage": "2023-08", "id_ti": phase1["id_ti"], "nom": phase1["lib_ti_2023"],
                      "code_reg": phase1["reg"]}),
        pd.DataFrame({"vintage": "2024-07", "id_ti": phase2["id_ti"], "nom": phase2["lib_ti_20240704"],
                      "code_reg": phase2["reg"]}),
    ]).query("nom != ''")


def _territories(sources: Path, communes: pd.DataFrame, members: pd.DataFrame,
                 reference: Reference) -> pd.DataFrame:
    names = _names(sources)
    listed = communes.groupby(["vintage", "id_ti"], as_index=False).agg(
        n_communes_listed=("insee_com_source", "count"),
        n_communes_unresolved=("insee_com", lambda s: int(s.isna().sum())))
    stats = _distinct_communes(communes).groupby(["vintage", "id_ti"], as_index=False).agg(
        n_communes=("insee_com", "count"),
        population=("population", "sum"),
        departements=("code_dep", lambda s: ",".join(sorted(set(s.dropna())))),
        dep_principal=("code_dep", lambda s: s.value_counts().index[0]),
    )
    member_stats = members.groupby(["vintage", "id_ti"], as_index=False).agg(
        n_members=("siren", "count"),
        n_epci=("type", lambda s: int(s.isin(["CC", "CA", "CU", "METRO", "EPT"]).sum())),
    )
    territories = names.merge(listed, on=["vintage", "id_ti"], how="inner").merge(
        stats, on=["vintage", "id_ti"], how="left").merge(
        member_stats, on=["vintage", "id_ti"], how="left")
    territories = territories.merge(reference.regions[["code_reg", "nom_reg"]], on="code_reg", how="left")
    territories["population"] = territories["population"].astype("int64")
    cols = ["vintage", "id_ti", "nom", "code_reg", "nom_reg", "departements", "dep_principal",
            "n_members", "n_epci", "n_communes", "n_communes_listed", "n_communes_unresolved", "population"]
    return territories[cols].sort_values(["vintage", "id_ti"], ignore_index=True)
