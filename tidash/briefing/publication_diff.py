"""« Ce qui a changé » between the catalogue before the last publication and the current one:
new and removed projects, euros added, rank changes per territory.

The projects are compared once, when a catalogue is published (``store``, called by
tidash.extracts.pipeline.publish_catalogue, which has both catalogues at hand): the new and
removed rows of every vintage go into the new catalogue's table publication_diff, and the slide
reads them with its filters. Comparing while the slide waited took 18–25 s at 10 M projects."""
from __future__ import annotations

import os
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
# Two threads and a memory ceiling: a publication or an on-demand comparison at 10 M projects
# must not take the memory of the server next to it (DuckDB spills to disk beyond it).
_PRIVATE = {"threads": 2, "memory_limit": "4GB"}
_ATTACH_PREVIOUS = "ATTACH $path AS prev (READ_ONLY)"


def run_attached(name: str, current: Path, previous: Path, **params) -> pd.DataFrame:
    """Runs queries/<name>.sql with `current` attached as « cur » and `previous` as « prev »."""
    with duckdb.connect(config=_PRIVATE) as connection:
        connection.execute(_ATTACH_CURRENT, {"path": str(current)})
        connection.execute(_ATTACH_PREVIOUS, {"path": str(previous)})
        return connection.execute(db.sql_text(name), params).df()


def store(catalogue: Path, previous: Path | None) -> int:
    """At publication, before `catalogue` is published: stores in it the projects new or removed
    since `previous` (queries/publication_diff_build.sql, every vintage) as the table
    publication_diff, and the file name of `previous` in publication_diff_info. With no previous
    catalogue both tables are still created, empty (the read query needs them). Returns the rows."""
    with duckdb.connect(config=_PRIVATE) as connection:
        connection.execute("ATTACH $path AS cur", {"path": str(catalogue)})
        if previous is None:  # the same columns, no rows
            connection.execute("ATTACH ':memory:' AS prev")
            connection.execute("CREATE TABLE prev.project_facts AS FROM cur.project_facts LIMIT 0")
        else:
            connection.execute(_ATTACH_PREVIOUS, {"path": str(previous)})
        diff = connection.sql(db.sql_text("publication_diff_build"))
        if previous is None:
            diff = diff.limit(0)
        connection.execute("USE cur")
        diff.create("publication_diff")
        connection.execute("CREATE TABLE publication_diff_info AS SELECT $name::VARCHAR AS previous_catalogue",
                           {"name": None if previous is None else previous.name})
        rows = connection.execute("SELECT count(*) FROM publication_diff").fetchone()[0]
        connection.execute("USE memory")
        connection.execute("DETACH cur")
    return rows


def _stored_against() -> str | None:
    """The previous catalogue the current one stored its publication_diff against (None for a
    catalogue published before publication_diff existed, or published with no previous one)."""
    try:
        rows = db.run("publication_diff_source")
    except duckdb.CatalogException:
        return None
    return None if rows.empty else rows["previous_catalogue"].iloc[0]


def changed_projects(params: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """New and removed projects: the rows stored at publication when they were computed against
    the catalogue data/ti.previous.duckdb names now; otherwise (a catalogue published by an older
    version, or a previous link changed by hand) compared now, inside DuckDB."""
    previous = Path(os.path.realpath(paths.previous_catalogue_path()))
    if _stored_against() == previous.name:
        rows = db.run("publication_diff_projects", **params)
    else:
        rows = run_attached("publication_diff_build", paths.catalogue_path(), previous)
        keep = (rows["vintage"] == params["vintage"]) & (
            rows["scheme"] == params["scheme"] if params.get("scheme") is not None else True) & (
            rows["year"] == params["year"] if params.get("year") is not None else True)
        rows = rows[keep].sort_values(["change", "project_id"])
    columns = ["project_id", "title", "amount_eur", "status", "id_ti"]
    new = rows.loc[rows["change"] == "new", columns].reset_index(drop=True)
    removed = rows.loc[rows["change"] == "removed", columns].reset_index(drop=True)
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
