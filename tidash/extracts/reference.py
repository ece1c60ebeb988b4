"""Reference geography: communes (COG 2023 and 2026), commune-code history, EPCI, EPT,
départements, régions, from the npm package @etalab/decoupage-administratif."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

COG2023 = "decoupage-administratif-3.1.1"
COG2026 = "decoupage-administratif-6.0.0"


def _load(sources: Path, package: str, name: str) -> list[dict]:
    path = sources / "reference" / package / "data" / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _epci_of_commune(epcis: list[dict]) -> dict[str, str]:
    return {m["code"]: e["code"] for e in epcis for m in e["membres"]}


def _communes(sources: Path, package: str) -> pd.DataFrame:
    communes = _load(sources, package, "communes")
    epci_of = _epci_of_commune(_load(sources, package, "epci"))
    ept_of = _epci_of_commune(_load(sources, package, "ept"))
    rows = [
        {
            "insee_com": c["code"],
            "nom": c["nom"],
            "code_dep": c["departement"],
            "code_reg": c["region"],
            "siren_commune": c.get("siren"),
            "siren_epci": epci_of.get(c["code"]),
            "siren_ept": ept_of.get(c["code"]),
            "population": c.get("population"),
        }
        for c in communes
        if c["type"] == "commune-actuelle"
    ]
    frame = pd.DataFrame(rows).sort_values("insee_com", ignore_index=True)
    frame["population"] = frame["population"].astype("Int64")
    return frame


def _history(sources: Path, package: str, column: str) -> pd.DataFrame:
    """Every code that is not a current commune but names one: former communes
    (anciensCodes), communes déléguées/associées (chefLieu), arrondissements municipaux."""
    rows = []
    for c in _load(sources, package, "communes"):
        if c["type"] == "commune-actuelle":
            rows += [(old, c["code"], "ancien code") for old in c.get("anciensCodes", [])]
        elif c["type"] in ("commune-deleguee", "commune-associee"):
            rows.append((c["code"], c["chefLieu"], c["type"]))
        elif c["type"] == "arrondissement-municipal":
            rows.append((c["code"], c["commune"], "arrondissement municipal"))
    frame = pd.DataFrame(rows, columns=["code", column, "kind"])
    # A commune déléguée often keeps its chef-lieu's own code: that is no history.
    frame = frame[frame["code"] != frame[column]]
    return frame.drop_duplicates("code").sort_values("code", ignore_index=True)


@dataclass(frozen=True)
class Reference:
    communes_2026: pd.DataFrame
    communes_2023: pd.DataFrame
    commune_history: pd.DataFrame
    epci: pd.DataFrame
    departements: pd.DataFrame
    regions: pd.DataFrame

    def resolve_cog2023(self, code: str | None) -> str | None:
        if not isinstance(code, str) or not code:
            return None
        if code in self._current2023:
            return code
        return self._to2023.get(code)

    def __post_init__(self) -> None:
        history = self.commune_history
        known23 = history.dropna(subset=["insee_com_2023"])
        object.__setattr__(self, "_current2023", set(self.communes_2023["insee_com"]))
        object.__setattr__(self, "_to2023", dict(zip(known23["code"], known23["insee_com_2023"])))


REFERENCE_EXTRACTS = {"communes_2026": "communes", "communes_2023": "communes_cog2023",
                      "commune_history": "commune_history", "epci": "epci",
                      "departements": "departements", "regions": "regions"}


def load_reference(extracts: Path) -> Reference:
    """The reference as the last full build wrote it (an import republishes from the extracts
    instead of re-reading the COG sources: same frames, a few seconds less per publication)."""
    return Reference(**{field: pd.read_parquet(extracts / f"{name}.parquet")
                        for field, name in REFERENCE_EXTRACTS.items()})


def build_reference(sources: Path) -> Reference:
    communes_2023 = _communes(sources, COG2023)
    communes_2026 = _communes(sources, COG2026)

    centroids = pd.read_csv(sources / "geo" / "communes_2026_centroids.csv", dtype={"insee_com": str})
    communes_2026 = communes_2026.merge(
        centroids[["insee_com", "lon", "lat"]], on="insee_com", how="left"
    )

    to2023 = _history(sources, COG2023, "insee_com_2023")
    to2026 = _history(sources, COG2026, "insee_com_2026")
    disparues = pd.read_csv(sources / "reference" / "communes_disparues_2024_2026.csv", dtype=str)
    to2026 = pd.concat(
        [to2026, disparues.rename(columns={"insee_com_2024": "code", "absorbee_par_2026": "insee_com_2026"})
         .assign(kind="absorbée 2024-2026")[["code", "insee_com_2026", "kind"]]]
    ).drop_duplicates("code")
    history = (
        pd.concat([to2023[["code", "insee_com_2023", "kind"]], to2026[["code", "insee_com_2026", "kind"]]])
        .groupby("code", as_index=False)
        .agg({"insee_com_2023": "first", "insee_com_2026": "first", "kind": "first"})
    )
    history = history.sort_values("code", ignore_index=True)

    epci_rows = []
    for package, cog in ((COG2023, 2023), (COG2026, 2026)):
        for name in ("epci", "ept"):
            for e in _load(sources, package, name):
                epci_rows.append({
                    "cog": cog, "siren": e["code"], "nom": e["nom"], "type": e["type"],
                    "population": e.get("populationMunicipale"), "n_communes": len(e["membres"]),
                })
    epci = pd.DataFrame(epci_rows).sort_values(["cog", "siren"], ignore_index=True)

    departements = pd.DataFrame(
        [{"code_dep": d["code"], "nom_dep": d["nom"], "code_reg": d["region"], "zone": d["zone"]}
         for d in _load(sources, COG2026, "departements")]
    ).sort_values("code_dep", ignore_index=True)
    regions = pd.DataFrame(
        [{"code_reg": r["code"], "nom_reg": r["nom"], "zone": r["zone"]}
         for r in _load(sources, COG2026, "regions")]
    ).sort_values("code_reg", ignore_index=True)
    return Reference(communes_2026, communes_2023, history, epci, departements, regions)
