"""One rank definition for every table, profile and slide (ties share a rank, « ex aequo »),
and the rank, percentile and national median of one territory among the others."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

EX_AEQUO = "ex aequo"


def ranks(values: pd.Series) -> pd.Series:
    """The one rank definition of the app: 1 = highest value, ties share the best rank (SQL
    ``RANK() OVER (ORDER BY value DESC)``); no value, no rank."""
    return values.astype(float).rank(method="min", ascending=False, na_option="keep").astype("Int64")


def rank_text(rank, tied: bool) -> str:
    if rank is None or pd.isna(rank):
        return "—"
    return f"{int(rank)}\u00a0{EX_AEQUO}" if tied else str(int(rank))


def ranked(metrics: pd.DataFrame, column: str) -> pd.DataFrame:
    """The territories sorted by ``column`` (highest first), with ``rang`` (the shared rank,
    « ex aequo » marked) and ``rank`` (the number). Used by every ranking table and slide."""
    out = metrics[metrics[column].notna()]  # no data is not zero: not ranked (callers say how many)
    out = out.assign(rank=ranks(out[column]))
    tied = out["rank"].duplicated(keep=False) & out["rank"].notna()
    out["rang"] = [rank_text(r, t) for r, t in zip(out["rank"], tied)]
    return out.sort_values(["rank", "nom"], na_position="last").reset_index(drop=True)


@dataclass(frozen=True)
class Standing:
    value: float
    rank_national: int
    n_national: int
    percentile_national: float  # share of territories with a lower value
    rank_regional: int
    n_regional: int
    median_national: float
    tied_national: bool = False   # another territory has the same value (« ex aequo »)
    tied_regional: bool = False

    def national(self) -> str:
        return f"{rank_text(self.rank_national, self.tied_national)}/{self.n_national}"

    def regional(self) -> str:
        return f"{rank_text(self.rank_regional, self.tied_regional)}/{self.n_regional}"


def standing(metrics: pd.DataFrame, id_ti: str, column: str) -> Standing | None:
    """Ranks are 1 = highest value; ties share a rank (SQL rank(), as `ranks`: 1 + the number of
    higher values). None when the territory has no value (no data for its région under the
    filters): it is not ranked. In numpy: a profile asks for six standings at every run."""
    values = metrics[column].to_numpy(dtype=float, na_value=np.nan)
    known = ~np.isnan(values)  # no data is not zero: not ranked
    found = np.flatnonzero(known & (metrics["id_ti"].to_numpy() == id_ti))
    if not len(found):
        return None
    value = values[found[0]]
    regions = metrics["code_reg"].to_numpy()
    national, regional = values[known], values[known & (regions == regions[found[0]])]
    return Standing(
        value=float(value),
        rank_national=int((national > value).sum()) + 1,
        n_national=len(national),
        percentile_national=float((national < value).sum()) / len(national),
        rank_regional=int((regional > value).sum()) + 1,
        n_regional=len(regional),
        median_national=float(np.median(national)),
        tied_national=bool((national == value).sum() > 1),
        tied_regional=bool((regional == value).sum() > 1),
    )
