"""Rows of an imported list that another published source already holds (issue 9 §4).

A user who imports, as a generic list, a file the dashboard already embeds (the Fonds vert
2024 PACA file) or already imported would count its projects twice when all sources are
selected. Before publishing, every row of the list is compared with every published source
(embedded or imported, its own previous version excepted) on one key:

    year | commune (COG 2023; else the 9-digit SIREN) | amount to the cent | normalised title

(title without accents, case or punctuation). Measured on the real files: the PACA 2024 file
imported as a list finds its 568 rows in « Fonds vert 2024 PACA » and none in the Fonds vert
2023 national export (without the year, one row would: the same yearly PAPI animation grant,
26 000 € in 83042, funded in 2023 and again in 2024 — two grants, not one).

Default: refused (a French report naming each source, how many rows and a few line numbers);
``--accepter-doublons`` (or the box of the Données form) imports anyway, and the Données page
then says how many rows each list shares with which source."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from tidash import formatting as fmt
from tidash.ingest.validate import Problem

FLAG = "--accepter-doublons"
SHOWN_LINES = 5
KEY_TEXT = "même année, commune, montant au centime et intitulé"


@dataclass
class Overlap:
    source: str           # the published source that already holds the rows
    rows: int             # rows of the list found in it
    lines: list[int]      # their line numbers in the file (first ones; empty on the Données page)

    @property
    def label(self) -> str:
        from tidash.sources import SOURCE_LABELS

        return SOURCE_LABELS.get(self.source, self.source)


def _title(titles: pd.Series) -> pd.Series:
    return (titles.fillna("").astype(str).str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii")
            .str.lower().str.replace(r"[^a-z0-9]+", " ", regex=True).str.strip())


def _amount(value) -> str:
    return "" if value is None or pd.isna(value) else f"{Decimal(value):.2f}"


def keys(projects: pd.DataFrame) -> pd.Series:
    """The comparison key of each project row (columns of the projects extract)."""
    siren = projects["siren"].fillna("").astype(str).str.replace(r"\D", "", regex=True).str[:9]
    where = projects["insee_com"].astype(object).where(projects["insee_com"].notna(), None)
    where = where.fillna("S" + siren.where(siren.str.len() == 9, ""))
    return (projects["year"].astype(str) + "|" + where.astype(str) + "|" + projects["amount_eur"].map(_amount)
            + "|" + _title(projects["title"]))


def published_keys(published: pd.DataFrame) -> pd.Series:
    """keys() of published rows, kept on the frame (computed once per frame read)."""
    if "_key" not in published:
        return keys(published)
    return published["_key"]


def published_projects(extracts: Path) -> pd.DataFrame:
    return pd.read_parquet(extracts / "projects.parquet",
                           columns=["source", "year", "insee_com", "siren", "amount_eur", "title"])


def find(candidate: pd.DataFrame, lines: list[int], published: pd.DataFrame, own_source: str) -> list[Overlap]:
    """Per published source (own_source excepted), the candidate rows whose key it holds.
    ``candidate`` has the columns of the projects extract (insee_com resolved)."""
    if candidate.empty:
        return []
    mine = keys(candidate).reset_index(drop=True)
    others = published[published["source"] != own_source]
    others_keys = published_keys(others)
    found = []
    for source, part in others_keys.groupby(others["source"], sort=True):
        hit = mine.isin(set(part))
        if hit.any():
            shown = [lines[i] for i in hit[hit].index[:SHOWN_LINES]] if lines else []
            found.append(Overlap(source, int(hit.sum()), shown))
    return sorted(found, key=lambda o: (-o.rows, o.source))


def _rows(n: int, adjective: str) -> str:
    return f"{fmt.integer(n)} ligne{'s' if n > 1 else ''} {adjective}{'s' if n > 1 else ''}"


def problems(overlaps: list[Overlap], total: int) -> list[Problem]:
    out = []
    for o in overlaps:
        lines = ", ".join(str(n) for n in o.lines)
        out.append(Problem(None, None, f"{_rows(o.rows, 'déjà publiée')} sur {fmt.integer(total)} dans la source "
                                       f"« {o.label} » ({KEY_TEXT}), par exemple ligne{'s' if len(o.lines) > 1 else ''}"
                                       f" {lines} : les importer les compterait deux fois quand les deux sources sont "
                                       f"sélectionnées. Pour importer quand même : {FLAG} (ou la case « Importer "
                                       "quand même » de la page Données)."))
    return out


def note(overlap: Overlap) -> str:
    """« N lignes déjà présentes dans « X » : comptées deux fois si les deux sources sont sélectionnées »"""
    return (f"{_rows(overlap.rows, 'déjà présente')} dans « {overlap.label} » : comptée"
            f"{'s' if overlap.rows > 1 else ''} deux fois si les deux sources sont sélectionnées")


def published_overlaps(projects: pd.DataFrame, list_sources: list[str]) -> dict[str, list[Overlap]]:
    """For each published imported list, the rows it shares with each other published source."""
    out = {}
    projects = projects.assign(_key=keys(projects))
    for source in list_sources:
        mine = projects[projects["source"] == source].reset_index(drop=True)
        if mine.empty:
            continue
        overlaps = find(mine, [], projects, source)
        if overlaps:
            out[source] = overlaps
    return out


def list_overlaps(data: Path) -> dict[str, tuple[int, list[Overlap]]]:
    """Source → (its rows, its overlaps) for each published imported list that shares rows with
    another published source (what the Données page says under the reconciliation)."""
    from tidash.ingest import store

    lists = sorted(k.removeprefix(store.LIST_PREFIX) for k, v in store.load_state(data).items()
                   if k.startswith(store.LIST_PREFIX) and v.get("current"))
    if not lists:
        return {}
    projects = published_projects(data / "extracts")
    return {source: (int((projects["source"] == source).sum()), found)
            for source, found in published_overlaps(projects, lists).items()}
