"""tidash.ranking: one rank definition (SQL rank(): ties share the best rank, no value no rank)
for the tables (ranked) and a territory's standing on its profile and slides."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tidash import db, ranking


def _standing_by_definition(metrics: pd.DataFrame, id_ti: str, column: str):
    """The standing spelled out with pandas' rank, as the app first wrote it."""
    known = metrics[metrics[column].notna()]
    row = known[known["id_ti"] == id_ti]
    if row.empty:
        return None
    value = float(row[column].iloc[0])
    values = known[column].astype(float)
    regional = known[known["code_reg"] == row["code_reg"].iloc[0]][column].astype(float)
    position = row.index[0]
    return ranking.Standing(
        value=value, rank_national=int(ranking.ranks(values)[position]), n_national=len(values),
        percentile_national=float((values < value).sum()) / len(values),
        rank_regional=int(ranking.ranks(regional)[position]), n_regional=len(regional),
        median_national=float(values.median()), tied_national=bool((values == value).sum() > 1),
        tied_regional=bool((regional == value).sum() > 1))


def test_a_small_case_by_hand():
    metrics = pd.DataFrame({"id_ti": ["a", "b", "c", "d", "e"], "code_reg": ["1", "1", "2", "2", "2"],
                            "amount": [10.0, 30.0, 30.0, None, 5.0]})
    b = ranking.standing(metrics, "b", "amount")
    assert (b.rank_national, b.n_national, b.tied_national, b.national()) == (1, 4, True, "1\u00a0ex aequo/4")
    assert (b.rank_regional, b.n_regional, b.tied_regional) == (1, 2, False)
    assert b.percentile_national == 0.5 and b.median_national == 20.0
    e = ranking.standing(metrics, "e", "amount")
    assert (e.rank_national, e.rank_regional, e.n_regional, e.percentile_national) == (4, 2, 2, 0.0)
    assert ranking.standing(metrics, "d", "amount") is None  # no value: not ranked, not last
    assert ranking.standing(metrics, "zz", "amount") is None


@pytest.mark.parametrize("column, year", [("amount_eur", 2024), ("euros_per_inhabitant", None),
                                          ("n_projects", 2023), ("n_friches_sans_projet", None)])
def test_every_territory_standing_matches_the_rank_definition(column, year):
    metrics = db.run("territory_metrics", vintage="2024-07", region=None, scheme=None, year=year)
    standings = {id_ti: ranking.standing(metrics, id_ti, column) for id_ti in metrics["id_ti"]}
    assert standings == {id_ti: _standing_by_definition(metrics, id_ti, column) for id_ti in metrics["id_ti"]}
    # 2024 is known for PACA only: the other territories have no standing (not a last rank)
    assert sum(s is not None for s in standings.values()) == metrics[column].notna().sum() > 0


def test_hostile_frames_give_the_same_standing_as_the_definition():
    rng = np.random.default_rng(12)
    for _ in range(40):
        n = int(rng.integers(1, 30))
        values = rng.integers(0, 4, n).astype(float)  # many ties
        values[rng.random(n) < 0.3] = np.nan
        metrics = pd.DataFrame({"id_ti": [f"ti-{i}" for i in range(n)],
                                "code_reg": rng.choice(["11", "84", "93"], n),
                                "v": pd.array(values, dtype="Float64")})  # nullable, as DuckDB gives integers
        for id_ti in metrics["id_ti"]:
            assert ranking.standing(metrics, id_ti, "v") == _standing_by_definition(metrics, id_ti, "v")
