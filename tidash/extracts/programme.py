"""Programme-level figures: cited facts, regional fund announcements, France Relance counts,
France 2030 and industry indicators."""
from __future__ import annotations

from pathlib import Path

import pandas as pd


def programme_facts(sources: Path) -> pd.DataFrame:
    facts = pd.read_csv(sources / "programme" / "programme_facts.csv", dtype=str, keep_default_na=False)
    # A few values are periods or dates ("2018-2027"): keep the text, add the number when there is one.
    facts["value_num"] = pd.to_numeric(facts["value"], errors="coerce")
    return facts.replace({"": None}).sort_values("fact_id", ignore_index=True)


def fund_snapshots(sources: Path) -> pd.DataFrame:
    frame = pd.read_csv(sources / "programme" / "fonds_acceleration_regional_snapshots.csv", dtype=str,
                        keep_default_na=False).replace({"": None})
    for column in ("n_laureats", "aid_eur_m", "investment_eur_m", "jobs_created", "jobs_maintained"):
        frame[column] = pd.to_numeric(frame[column])
    # Waves and cumulative totals overlap: every row is a snapshot, never to be summed.
    frame["additive"] = False
    return frame.sort_values("row_id", ignore_index=True)


def france_relance_counts(sources: Path) -> pd.DataFrame:
    base = sources / "financements"
    stem = "barometre_france_relance_entreprises_beneficiaires_{}_2020_2022.csv"
    dep = pd.read_csv(base / stem.format("departement"), dtype=str)
    reg = pd.read_csv(base / stem.format("regional"), dtype=str)
    nat = pd.read_csv(base / stem.format("national"), dtype=str)
    frame = pd.concat([
        pd.DataFrame({"level": "departement", "code": dep["code_departement"], "libelle": dep["libelle_departement"],
                      "date": dep["date"], "value": dep["valeur"]}),
        pd.DataFrame({"level": "region", "code": reg["code_region"], "libelle": reg["libelle_region"],
                      "date": reg["date"], "value": reg["valeur"]}),
        pd.DataFrame({"level": "national", "code": "FR", "libelle": "France", "date": nat["date"],
                      "value": nat["valeur"]}),
    ], ignore_index=True)
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    frame["value"] = pd.to_numeric(frame["value"])
    return frame.sort_values(["level", "code", "date"], ignore_index=True)


def indicators(sources: Path) -> pd.DataFrame:
    folder = sources / "financements" / "france2030_barometre"
    meta = pd.read_csv(folder / "ditp_meta_indicateurs_extrait.csv", dtype=str).set_index("indic_id")
    frames = [pd.read_csv(path, dtype=str) for path in sorted(folder.glob("ditp_ind-*.csv"))]
    frame = pd.concat(frames, ignore_index=True)
    frame = frame.dropna(subset=["metric_enforce_date"])
    frame = frame[frame["maille"].isin(["NAT", "REG"])]
    out = pd.DataFrame({
        "indic_id": frame["indic_id"],
        "label": frame["indic_id"].map(meta["indic_nom_baro"]),
        "level": frame["maille"].map({"NAT": "national", "REG": "region"}),
        "code_reg": frame["enforce_zone_id"].where(frame["maille"] == "REG").str[1:],
        "date": pd.to_datetime(frame["metric_enforce_date"]).dt.date,
        "initial_value": pd.to_numeric(frame["indic_vi"]),
        "current_value": pd.to_numeric(frame["indic_va"]),
        "target_value": pd.to_numeric(frame["indic_vc"]),
        "completion_rate": pd.to_numeric(frame["indic_ta"]),
    })
    return out.sort_values(["indic_id", "level", "code_reg", "date"], ignore_index=True)
