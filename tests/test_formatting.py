"""French formats whatever the locale of the machine or the browser."""
import locale

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
