"""Rank, percentile and national median of one territory among the others."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Standing:
    value: float
    rank_national: int
    n_national: int
    percentile_national: float  # share of territories with a lower value
    rank_regional: int
    n_regional: int
    median_national: float


def standing(metrics: pd.DataFrame, id_ti: str, column: str) -> Standing | None:
    """Ranks are 1 = highest value; ties share a rank (SQL rank())."""
    row = metrics[metrics["id_ti"] == id_ti]
    if row.empty:
        return None
    value = float(row[column].iloc[0])
    values = metrics[column].astype(float)
    regional = metrics[metrics["code_reg"] == row["code_reg"].iloc[0]][column].astype(float)
    return Standing(
        value=value,
        rank_national=int((values > value).sum()) + 1,
        n_national=len(values),
        percentile_national=float((values < value).sum()) / len(values),
        rank_regional=int((regional > value).sum()) + 1,
        n_regional=len(regional),
        median_national=float(values.median()),
    )
