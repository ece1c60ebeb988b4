"""Territory lineage across vintages: ids are reused between phases (ti-8413 is
Thiers – Ambert – Montbrison in 2020 and Plastics Vallée – Oyonnax in 2024), so a territory is
followed from one vintage to another by the communes it shares, never by its id.

One row per pair (territory of one vintage, territory of another vintage) sharing at least
one commune (COG 2023 codes), with the shares in both directions. ``overlap_rank`` 1 is the
pair sharing the most communes (ties: larger Jaccard index, then id). ``follows`` marks the
territory the app follows when the vintage changes: the rank-1 pair, provided that one of
the two territories has at least half of its communes in the other (otherwise the territory
had no counterpart in that vintage)."""
from __future__ import annotations

import pandas as pd

MIN_SHARE = 0.5

COLUMNS = ["vintage", "id_ti", "nom", "n_communes", "other_vintage", "other_id_ti", "other_nom",
           "other_n_communes", "n_shared_communes", "share_here", "share_there", "jaccard", "overlap_rank",
           "follows"]


def territory_lineage(territories: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    members = communes.dropna(subset=["insee_com"])[["vintage", "id_ti", "insee_com"]].drop_duplicates()
    sizes = members.groupby(["vintage", "id_ti"]).size().rename("n_communes").reset_index()
    pairs = members.merge(members, on="insee_com", suffixes=("", "_other"))
    pairs = pairs[pairs["vintage"] != pairs["vintage_other"]]
    shared = (pairs.groupby(["vintage", "id_ti", "vintage_other", "id_ti_other"]).size()
              .rename("n_shared_communes").reset_index()
              .rename(columns={"vintage_other": "other_vintage", "id_ti_other": "other_id_ti"}))
    shared = shared.merge(sizes, on=["vintage", "id_ti"])
    shared = shared.merge(sizes.rename(columns={"vintage": "other_vintage", "id_ti": "other_id_ti",
                                                "n_communes": "other_n_communes"}),
                          on=["other_vintage", "other_id_ti"])
    shared["share_here"] = shared["n_shared_communes"] / shared["n_communes"]
    shared["share_there"] = shared["n_shared_communes"] / shared["other_n_communes"]
    shared["jaccard"] = shared["n_shared_communes"] / (
        shared["n_communes"] + shared["other_n_communes"] - shared["n_shared_communes"])
    shared = shared.sort_values(["vintage", "id_ti", "other_vintage", "n_shared_communes", "jaccard", "other_id_ti"],
                                ascending=[True, True, True, False, False, True])
    shared["overlap_rank"] = shared.groupby(["vintage", "id_ti", "other_vintage"]).cumcount() + 1
    shared["follows"] = (shared["overlap_rank"] == 1) & (
        shared[["share_here", "share_there"]].max(axis=1) >= MIN_SHARE)
    names = territories[["vintage", "id_ti", "nom"]]
    shared = shared.merge(names, on=["vintage", "id_ti"], how="left")
    shared = shared.merge(names.rename(columns={"vintage": "other_vintage", "id_ti": "other_id_ti", "nom": "other_nom"}),
                          on=["other_vintage", "other_id_ti"], how="left")
    for column in ("n_communes", "other_n_communes", "n_shared_communes", "overlap_rank"):
        shared[column] = shared[column].astype("int64")
    return shared[COLUMNS].reset_index(drop=True)
