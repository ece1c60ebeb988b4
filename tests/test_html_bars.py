"""The pages' bar charts as HTML (tidash/html_bars.py): French values, the longest first, one
scale for every bar, a missing value written and never drawn as 0, and data text that stays text."""
from __future__ import annotations

import re

import pandas as pd

from tidash import formatting as fmt
from tidash import html_bars

WIDTH = re.compile(r'class="ti-bars-bar" style="width:([\d.]+)%')


def _categories(markup: str) -> list[str]:
    """Each category's cells: its name, then its tracks and values."""
    return markup.split('<div class="ti-bars-label')[1:]


def _name(cells: str) -> str:
    return cells.split('">', 1)[1].split("<", 1)[0]


def test_bars_are_sorted_share_one_scale_and_write_french_values():
    frame = pd.DataFrame({"nom": ["Plastics Vallée – Oyonnax", "Sud Isère", "Ardèche Drôme Nord"],
                          "population": [63216, 662284, 258068]})
    markup = html_bars.horizontal_bars(frame, "nom", "population", "Population", value_format=fmt.integer)
    categories = _categories(markup)
    assert [_name(c) for c in categories] == ["Sud Isère", "Ardèche Drôme Nord", "Plastics Vallée – Oyonnax"]
    assert [float(w) for w in WIDTH.findall(markup)] == [100.0, 39.0, 9.5]
    assert '<div class="ti-bars-value ti-bars-first" title="Plastics Vallée – Oyonnax : 63\u202f216">63\u202f216</div>' \
        in categories[2]
    assert "<figcaption>Population</figcaption>" in markup


def test_hostile_names_stay_text_and_a_missing_value_is_not_a_bar_at_zero():
    frame = pd.DataFrame({"measure": ['<img src=x onerror="alert(1)">', "Ingénierie & études"],
                          "amount_eur": [None, 240_800.0]})
    markup = html_bars.horizontal_bars(frame, "measure", "amount_eur", "<b>Titre</b>")
    assert "<img" not in markup and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in markup
    assert "<b>" not in markup and "&lt;b&gt;Titre&lt;/b&gt;" in markup and "Ingénierie &amp; études" in markup
    known, missing = _categories(markup)
    assert "Ingénierie" in known and "240\u202f800\u00a0€" in known  # the known value first
    assert ">pas de données</div>" in missing and "ti-bars-bar" not in missing  # written, not drawn
    # never « — € » for no data, whatever the value's format (Comparer's € per inhabitant)
    per_head = html_bars.horizontal_bars(frame, "measure", "amount_eur", "€/hab.", value_format=lambda v: f"{v:.1f} €")
    assert "— €" not in per_head and "nan" not in per_head


def test_grouped_bars_keep_the_category_order_share_one_scale_and_name_their_series():
    frame = pd.DataFrame({"value": ["attirer", "recruter"], "amount_committed_eur": [1_000_000.0, 250_000.0],
                          "amount_paid_eur": [500_000.0, None]})
    markup = html_bars.grouped_bars(frame, "value", [("amount_committed_eur", "Engagé"),
                                                     ("amount_paid_eur", "Versé (renseigné)")], "Suivi")
    first, second = _categories(markup)
    assert _name(first) == "attirer" and _name(second) == "recruter"
    assert 'style="grid-row:span 2"' in first  # the name beside both of its bars
    assert [float(w) for w in WIDTH.findall(markup)] == [100.0, 50.0, 25.0]  # one scale for every bar
    legend = markup.split('<div class="ti-bars-grid">')[0]
    assert "Engagé" in legend and "Versé (renseigné)" in legend
    assert second.count("ti-bars-track") == 2 and ">pas de données</div>" in second  # written, not a bar at 0 €
    ledger = html_bars.grouped_bars(frame, "value", [("amount_paid_eur", "Versé")], "Versé", missing="non renseigné")
    assert ">non renseigné</div>" in ledger
    single = html_bars.grouped_bars(frame, "value", [("amount_committed_eur", "Engagé")], "Engagé")
    assert "ti-bars-legend" not in single  # one series: the title names it
