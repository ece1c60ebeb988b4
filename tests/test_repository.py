"""tidash.repository: the frames every session shares (one per catalogue version and view) are
handed out so that what one page does to its frame never reaches another session's."""
from __future__ import annotations

import pandas as pd

from tidash import db, repository
from tidash.state import Filters

VIEW = Filters("2024-07", "84", None, 2023)


def test_a_change_to_a_query_frame_stays_in_the_page_that_made_it():
    first = repository.territory_metrics(VIEW)
    expected = db.run("territory_metrics", vintage="2024-07", region="84", scheme=None, year=2023)
    first.loc[first.index[0], "amount_eur"] = -1.0
    first["added"] = 1
    first.sort_values("nom", ascending=False, inplace=True)
    second = repository.territory_metrics(VIEW)
    pd.testing.assert_frame_equal(second, expected)
    assert first is not second and "added" not in second


def test_a_change_to_a_ranking_stays_in_the_page_that_made_it():
    labels = {"rang": "Rang", "nom": "Territoire", "amount_eur": "Montant engagé"}
    ranked, table = repository.ranking_table(VIEW, "amount_eur", labels)
    shown = table.copy()
    table.iloc[0, 1] = "modifié"
    ranked.drop(columns=["nom"], inplace=True)
    again_ranked, again_table = repository.ranking_table(VIEW, "amount_eur", labels)
    pd.testing.assert_frame_equal(again_table, shown)
    assert "nom" in again_ranked and "modifié" not in again_table.iloc[:, 1].tolist()


def test_views_that_differ_by_one_parameter_do_not_share_a_frame():
    one = repository.kpis(Filters("2024-07", "93", None, 2023))
    other = repository.kpis(Filters("2024-07", "93", None, None))
    whole = repository.kpis(Filters("2024-07", None, None, 2023))
    assert one["n_territories"] == other["n_territories"] < whole["n_territories"]
    assert one["amount_eur"] != other["amount_eur"]  # 2023 against all years: PACA has 2024 projects
