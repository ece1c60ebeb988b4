"""Text from the data is shown as text: a project titled <script>… or **x** appears verbatim
in tables, is escaped in Markdown, and is neutralised in exports."""
from __future__ import annotations

import pytest
from conftest import ROOT, app, texts

from tidash.ingest import __main__ as ingest

HOSTILE_TITLES = ["<script>alert(1)</script>", "**x**", "[clic](javascript:alert(1))"]


@pytest.fixture
def hostile_data(private_data, tmp_path):
    target = private_data
    source = ROOT / "data/sources/financements/fonds_vert_2023_export_national.csv"
    lines = source.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:4]
    edited = []
    for row, title in zip(rows, HOSTILE_TITLES):
        cells = row.split('","')
        cells[9] = title.replace('"', '""')
        edited.append('","'.join(cells))
    path = tmp_path / "fonds-vert-2023.csv"
    path.write_text("\n".join([header, *edited]) + "\n", encoding="utf-8")
    assert ingest.main([str(path)]) == 0
    return target


def test_hostile_titles_are_shown_verbatim_as_text(hostile_data):
    at = app("projets", year="all")
    assert not at.exception
    titles = set(at.dataframe[0].value["Projet"])
    assert set(HOSTILE_TITLES) <= titles
    # The project count line is the only Markdown on the page and holds no data text.
    assert all("<script>" not in m.value for m in at.markdown)


def test_hostile_titles_in_a_territory_page_stay_text(hostile_data):
    from tidash import db
    found = db.run("projects", vintage="2024-07", id_ti=None, region=None, scheme=None, measure=None, year=None,
                   status="inside", min_amount=None, max_amount=None, text="alert", limit=10, sort=None,
                   located=None)
    assert not found.empty, "the hostile projects should fall in a territory"
    at = app("territoire", territory=found["id_ti"].iloc[0], year="all", section="fonds-vert")
    assert not at.exception
    tables = " ".join(frame.value.to_string() for frame in at.dataframe)
    assert any(title in tables for title in HOSTILE_TITLES)
    assert not any("<script>" in m.value for m in at.markdown)
    assert "Fiche territoire" in texts(at)


def test_a_crafted_address_is_quoted_as_text_in_the_notices():
    """The notices quote what the address asked for (« Mesure « … » inconnue »): a link or
    formatting written in the address is shown as typed, never drawn."""
    at = app(None, measure="[clic](http://exemple.invalid)", min="**gras**", section="<b>x</b>")
    warnings = [w.value for w in at.sidebar.warning]
    assert len(warnings) == 3, warnings
    assert all("](" not in w.replace("\\](", "") and "**" not in w.replace("\\*", "") for w in warnings)
    assert any(r"\[clic\]\(http://exemple\.invalid\)" in w for w in warnings)
    briefing = app("reunion", deck="[clic](http://exemple.invalid)")
    assert len(briefing.toast) == 1 and r"\[clic\]\(http://exemple\.invalid\)" in briefing.toast[0].value
