"""« Ce qui a changé » between the catalogue before the last publication and the current one:
new and removed projects, euros added, rank changes per territory."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tidash import db
from tidash.state import Filters


@dataclass(frozen=True)
class Changes:
    new_projects: pd.DataFrame
    removed_projects: pd.DataFrame
    euros_added: float
    territories: pd.DataFrame   # id_ti, nom, amount before/after, delta, rank before/after, rank change


def changed_projects(params: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The projects of both catalogues whose id falls in a bucket that differs between them.
    Each catalogue first sums its ids up in 4 096 buckets inside DuckDB (project_id_digest);
    only the rows of differing buckets are read (≈ 0,2 % of the rows per changed bucket), so
    comparing 10 million projects does not move 10 million rows into Python."""
    digest_before = db.run_on(db.PREVIOUS, "project_id_digest", **params).set_index("bucket")
    digest_after = db.run_on(db.CURRENT, "project_id_digest", **params).set_index("bucket")
    both = digest_after.join(digest_before, how="outer", lsuffix="_after", rsuffix="_before")
    differs = (both["n_after"] != both["n_before"]) | (both["digest_after"] != both["digest_before"])
    buckets = [int(b) for b in both.index[differs.to_numpy()]]
    before = db.run_on(db.PREVIOUS, "project_ids", buckets=buckets, **params)
    after = db.run_on(db.CURRENT, "project_ids", buckets=buckets, **params)
    return before, after


def compare(filters: Filters) -> Changes | None:
    """None when no previous catalogue exists (nothing has been published since the build)."""
    if not db.has_previous():
        return None
    params = {"vintage": filters.vintage, "scheme": filters.scheme, "year": filters.year}
    before, after = changed_projects(params)
    new = after[~after["project_id"].isin(before["project_id"])]
    removed = before[~before["project_id"].isin(after["project_id"])]
    metric_params = {**params, "region": filters.region}
    m_before = db.run_on(db.PREVIOUS, "territory_metrics", **metric_params)
    m_after = db.run_on(db.CURRENT, "territory_metrics", **metric_params)
    merged = m_after[["id_ti", "nom", "amount_eur", "n_projects", "rank_amount_national"]].merge(
        m_before[["id_ti", "amount_eur", "n_projects", "rank_amount_national"]], on="id_ti", how="left",
        suffixes=("", "_before"))
    merged["delta_eur"] = merged["amount_eur"] - merged["amount_eur_before"].fillna(0)
    merged["delta_projects"] = merged["n_projects"] - merged["n_projects_before"].fillna(0)
    merged["rank_change"] = merged["rank_amount_national_before"] - merged["rank_amount_national"]
    euros = float(new["amount_eur"].sum()) - float(removed["amount_eur"].sum())
    return Changes(new, removed, euros, merged.sort_values("delta_eur", ascending=False, ignore_index=True))
