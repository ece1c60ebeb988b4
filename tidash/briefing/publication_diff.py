"""« Ce qui a changé » between the catalogue before the last publication and the current one:
new and removed projects, euros added, rank changes per territory."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from tidash import db, paths
from tidash.state import Filters


@dataclass(frozen=True)
class PublicationDiff:
    new_projects: pd.DataFrame
    removed_projects: pd.DataFrame
    euros_added: float
    territories: pd.DataFrame   # id_ti, nom, amount before/after, delta, rank before/after, rank change


# The two catalogues are attached read-only to a private in-memory DuckDB connection (the
# shared connection of tidash.db stays untouched); the paths are bound, never formatted.
_ATTACH_CURRENT = "ATTACH $path AS cur (READ_ONLY)"
_ATTACH_PREVIOUS = "ATTACH $path AS prev (READ_ONLY)"


def run_attached(name: str, current: Path, previous: Path, **params) -> pd.DataFrame:
    """Runs queries/<name>.sql with `current` attached as « cur » and `previous` as « prev »."""
    with duckdb.connect(config={"threads": 2}) as connection:
        connection.execute(_ATTACH_CURRENT, {"path": str(current)})
        connection.execute(_ATTACH_PREVIOUS, {"path": str(previous)})
        return connection.execute(db.sql_text(name), params).df()


def changed_projects(params: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """New and removed projects, compared inside DuckDB (queries/publication_diff_projects.sql): only
    the rows that differ are read into Python, not every project of both catalogues."""
    rows = run_attached("publication_diff_projects", paths.catalogue_path(), paths.previous_catalogue_path(), **params)
    new = rows[rows["change"] == "new"].drop(columns="change").reset_index(drop=True)
    removed = rows[rows["change"] == "removed"].drop(columns="change").reset_index(drop=True)
    return new, removed


def compare(filters: Filters) -> PublicationDiff | None:
    """None when no previous catalogue exists (nothing has been published since the build)."""
    if not db.has_previous():
        return None
    params = {"vintage": filters.vintage, "scheme": filters.scheme, "year": filters.year}
    new, removed = changed_projects(params)
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
    return PublicationDiff(new, removed, euros, merged.sort_values("delta_eur", ascending=False, ignore_index=True))
