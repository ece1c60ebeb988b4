"""French formats whatever the locale of the machine or the browser."""
import locale

import pytest

from tidash import formatting as fmt
from tidash.ui import csv_bytes, neutralise_cell, safe_text

NNBSP = "\u202f"


def test_french_numbers():
    assert fmt.integer(1234567) == f"1{NNBSP}234{NNBSP}567"
    assert fmt.euros(1234567) == f"1{NNBSP}234{NNBSP}567\u00a0€"
    assert fmt.euros(23828.9, cents=True) == f"23{NNBSP}828,90\u00a0€"
    assert fmt.euros_compact(1_200_000) == "1,2\u00a0M€"
    assert fmt.euros_compact(1_956_354_884) == "2,0\u00a0Md€"
    assert fmt.percent(0.034) == "3,4\u00a0%"
    assert fmt.decimal(29.29, 2) == "29,29"
    assert fmt.integer(None) == fmt.MISSING and fmt.euros(float("nan")) == fmt.MISSING


def test_integer_and_decimal_write_what_babel_writes():
    """The fast integer() and decimal() against babel's CLDR formatter: halves rounded to even on
    the decimal value (0,15 → 0,2 but 0,25 → 0,2), negatives, groups, numpy and Decimal inputs."""
    import decimal
    import random

    import numpy as np
    from babel.numbers import format_decimal

    random.seed(12)
    values = [0, -0.0, 0.05, 0.15, 0.25, 2.25, 2.35, -0.15, 1.005, 2.675, 999.95, -1234.5, 1234.45, 123456789.125,
              1e12 + 0.5, np.float64(0.15), np.int64(-1234567), decimal.Decimal("23828.90"), 7,
              np.float32(2.35), 2**60 + 1]
    values += [random.uniform(-1e8, 1e8) for _ in range(2000)] + [random.randint(-10**11, 10**11) / 100 for _ in range(2000)]
    for value in values:
        assert fmt.integer(value) == format_decimal(round(float(value)), format="#,##0", locale="fr_FR"), value
        for digits in (0, 1, 2):
            pattern = "#,##0." + "0" * digits if digits else "#,##0"
            assert fmt.decimal(value, digits) == format_decimal(value, format=pattern, locale="fr_FR"), (value, digits)


def test_a_small_surface_is_said_in_square_metres_never_zero_hectares():
    assert fmt.hectares(12.46) == "12,5\u00a0ha" and fmt.hectares(12.46, 0) == "12\u00a0ha"
    assert fmt.hectares(0.032) == "320\u00a0m²"  # « 0,0 ha » read as no surface at all
    assert fmt.hectares(0.4, 0) == f"4{NNBSP}000\u00a0m²" and fmt.hectares(0.06) == "0,1\u00a0ha"
    assert fmt.hectares(0.05) == "500\u00a0m²"  # rounded half to even: « 0,0 »
    assert fmt.hectares(0) == "0,0\u00a0ha" and fmt.hectares(None) == fmt.MISSING


def test_french_dates():
    assert fmt.date_fr("2024-07-04") == "4 juillet 2024"
    assert fmt.date_fr("2020-10") == "octobre 2020"
    assert fmt.date_fr("2020-2021") == "2020-2021"


def test_formats_do_not_follow_the_process_locale():
    try:
        locale.setlocale(locale.LC_ALL, "C")
    except locale.Error:
        pass
    assert fmt.integer(1000) == f"1{NNBSP}000"


def test_data_text_is_made_inert_for_markdown():
    assert safe_text("**x**") == r"\*\*x\*\*"
    assert safe_text("<script>alert(1)</script>") == r"\<script\>alert\(1\)\</script\>"


def test_exports_neutralise_formulas():
    for value in ("=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)"):
        assert neutralise_cell(value).startswith("'")
    assert neutralise_cell("Route") == "Route" and neutralise_cell(12) == 12
    import pandas as pd
    text = csv_bytes(pd.DataFrame({"a": ["=1+1", "ok"], "b": [1.5, 2.0]})).decode("utf-8-sig")
    assert "'=1+1" in text and "1,5" in text


def test_a_missing_text_shows_a_dash_never_none_or_nan():
    import pandas as pd
    assert [fmt.text_or(fmt.MISSING)(v) for v in (None, float("nan"), pd.NA, "Aix", "0")] == ["—", "—", "—", "Aix", "0"]


def test_euros_per_inhabitant_one_decimal_and_no_unit_on_a_missing_value():
    from tidash.metrics import METRICS

    assert fmt.euros_per_inhabitant(28.46) == "28,5\u00a0€" and fmt.euros_per_inhabitant(1234.5) == f"1{NNBSP}234,5\u00a0€"
    assert fmt.euros_per_inhabitant(None) == fmt.MISSING == fmt.euros_per_inhabitant(float("nan"))
    per_inhabitant = METRICS["euros_per_inhabitant"].value_format
    assert per_inhabitant(28.46) == "28,5\u00a0€/hab." and per_inhabitant(float("nan")) == fmt.MISSING


def test_counts_agree_with_their_number_the_french_way():
    """0 and 1 take the singular in French; no « site(s) » on screen."""
    assert fmt.count(0, "site") == "0 site" and fmt.count(1, "projet") == "1 projet"
    assert fmt.count(2, "site candidat", "sites candidats") == "2 sites candidats"
    assert fmt.count(12345, "ligne") == "12\u202f345 lignes"
    assert fmt.count(None, "projet") == "— projets"  # unknown, never « 0 »
    assert [fmt.agree(v, "million") for v in (0.53, 1.6, 2.0, 12.5)] == ["million", "million", "millions", "millions"]


def test_a_short_list_says_how_many_it_leaves_out():
    assert fmt.short_list(["07", "26"], 2) == "07, 26"
    assert fmt.short_list(["31", "32", "46", "82"], 2) == "31, 32 +2"


def test_amounts_typed_the_french_way_are_read_and_anything_else_is_refused():
    read = {"1 000 000": 1e6, "1\u202f000\u202f000": 1e6, "1\u00a0000": 1e3, "1000000": 1e6, "1.000.000": 1e6,
            "1,5 M€": 1.5e6, "1,5M": 1.5e6, "250 k": 2.5e5, "250 k€": 2.5e5, "2 Md€": 2e9, "100 000 €": 1e5,
            "12,50": 12.5, "0": 0.0, "  42 euros ": 42.0, "1,5 ME": 1.5e6, "1,5 MEUR": 1.5e6, "800 k€": 8e5,
            "1,5 million": 1.5e6, "2 millions euros": 2e6, "3 milliards": 3e9, "10 mille": 1e4}
    for text, amount in read.items():
        assert fmt.parse_euros(text) == amount, text
    assert fmt.parse_euros("") is None and fmt.parse_euros("   ") is None and fmt.parse_euros(None) is None
    for hostile in ("abc", "-5", "1e9", "1 00", "1,5 Mo", "=1+1", "1 000,000,0", "nan", "inf", "１２３", "12;DROP",
                    "9" * 400, "10 000 000 000 000"):
        with pytest.raises(ValueError):
            fmt.parse_euros(hostile)
