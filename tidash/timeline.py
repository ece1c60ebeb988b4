"""Dates of the cited figures: '2019-03', '2019-03-05', '2023' or a period '2019-2022'."""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd

THEME_LABELS = {
    "perimeter": "Périmètre", "projects": "Projets", "funding_programme": "Budget du programme",
    "funding_operator": "Opérateurs", "fonds_acceleration": "Fonds d'accélération", "fonds_vert_TI": "Fonds vert TI",
    "evaluation": "Évaluation", "governance": "Gouvernance", "rebond_industriel": "Rebond industriel",
    "foncier": "Foncier", "context_industry": "Contexte : industrie", "context_france2030": "Contexte : France 2030",
    "context_france_relance": "Contexte : France Relance", "context_fonds_vert": "Contexte : Fonds vert",
}


def start_date(text) -> dt.date | None:
    """The first day a reference date or period designates; None when the source gives none."""
    if not isinstance(text, str):
        return None
    match = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text)
    if not match:
        return None
    year, month, day = match.group(1), match.group(2) or "01", match.group(3) or "01"
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def dated_facts(facts: pd.DataFrame) -> pd.DataFrame:
    out = facts.assign(date=facts["reference_date"].map(start_date),
                       theme_label=facts["theme"].map(THEME_LABELS).fillna(facts["theme"]))
    return out


def territory_counts(facts: pd.DataFrame) -> pd.DataFrame:
    """The dated territory counts, from the programme's launch: the 124 territories announced
    in November 2018, then the counts cited since (the step chart starts where the table does)."""
    counts = facts[facts["indicator"].isin(["n_territoires_announced", "n_territoires"]) & facts["date"].notna()
                   & facts["value_num"].notna()]
    return counts.sort_values(["date", "fact_id"])
