"""Fuzzing the importer: whatever the bytes, it answers with problems or a clean table,
never a traceback, and it never writes while validating."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from tidash import paths
from tidash.ingest.contract import HEADERS
from tidash.ingest.reader import read_table
from tidash.ingest.validate import Known, validate_programme

KNOWN = Known.from_extracts(paths.extracts_dir())
GOOD = ["TI-1", "2024-07", "ti-8401", "200073096", "07010", "Zone d'activités", "attirer",
        "Banque des Territoires", "1 250 000,50", "300 000", "engagé", "2024", "M. X"]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(content: bytes, name: str = "f.csv"):
    table = read_table(content, name)
    if table.problems:
        assert all(isinstance(p, str) and p for p in table.problems)
        return None
    result = validate_programme(table, KNOWN, today=dt.date(2026, 11, 27))
    assert result.ok or result.problems
    for problem in result.problems:
        text = str(problem)
        assert text and "Traceback" not in text
    return result


@FUZZ
@given(st.binary(max_size=4000))
def test_random_bytes_never_raise(content):
    check(content)


@FUZZ
@given(st.binary(max_size=4000))
def test_random_bytes_named_xlsx_never_raise(content):
    check(b"PK\x03\x04" + content, "f.xlsx")


def csv(rows, sep=";", encoding="utf-8") -> bytes:
    return ("\n".join(sep.join(r) for r in [list(HEADERS), *rows]) + "\n").encode(encoding, errors="replace")


@FUZZ
@given(st.integers(min_value=0, max_value=400))
def test_truncated_files_never_raise(cut):
    content = csv([GOOD, [*GOOD[:1], "TI-2", *GOOD[2:]]])
    check(content[:cut])


cell = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["=HYPERLINK(\"http://x\",\"y\")", "+1", "@SUM(A1)", "NaN", "nan", "inf", "-inf", "1e308",
                     "9" * 400, "-0", "0,0,0", "1.234.567,89", "2099", "1899", "ti-0000", "2024-07", "\x00", ";", "\"",
                     "ti-8401", "07010", "", " ", "é" * 50]),
)


@FUZZ
@given(st.lists(st.lists(cell, min_size=13, max_size=13), min_size=1, max_size=8),
       st.sampled_from([";", ",", "\t"]), st.sampled_from(["utf-8", "cp1252", "utf-16", "latin-1"]))
def test_hostile_cells_separators_and_encodings_never_raise(rows, sep, encoding):
    result = check(csv(rows, sep, encoding))
    if result is not None and result.ok:
        frame = result.frame
        # Whatever passed is clean: known territory, non-negative finite amounts, no formula.
        assert frame["amount_committed_eur"].map(lambda a: a.is_finite() and a >= 0).all()
        assert not frame["title"].str.startswith(("=", "+", "@")).any()
        assert frame["year"].between(2018, 2026).all()


@FUZZ
@given(st.lists(st.lists(st.one_of(st.none(), st.integers(), st.floats(allow_nan=True),
                                   st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=20),
                                   st.datetimes()), min_size=13, max_size=13), max_size=5))
def test_xlsx_with_any_cell_types_never_raises(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(HEADERS))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    check(buffer.getvalue(), "suivi.xlsx")


def test_nan_and_infinite_amounts_are_refused():
    for value in ("NaN", "inf", "1e400", "-0,5"):
        row = list(GOOD)
        row[8] = value
        result = check(csv([row]))
        assert result is not None and not result.ok, value


def test_a_future_year_is_refused():
    row = list(GOOD)
    row[11] = "2031"
    result = check(csv([row]))
    assert any("hors de la période" in str(p) for p in result.problems)


@pytest.mark.slow
def test_a_hundred_thousand_rows_validate_in_reasonable_time():
    rows = [[f"TI-{i}", *GOOD[1:]] for i in range(100_000)]
    content = csv(rows)
    import time
    start = time.perf_counter()
    result = check(content)
    assert result.ok and len(result.frame) == 100_000
    assert time.perf_counter() - start < 60
    duplicated = csv(rows + [rows[5]])
    result = check(duplicated)
    assert any("en double (déjà ligne 7)" in str(p) for p in result.problems)


coordinate = st.one_of(st.text(max_size=12), st.sampled_from(
    ["4,6705", "45,2397", "4.6705", "nan", "inf", "-inf", "1e308", "-3", "46", "181", "-91", "", " ", "2.3522"]))


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(["", "ti-8401", "ti-9999"]), st.sampled_from(["", "07010", "07180", "75056"]),
                          st.sampled_from(["", "200073096", "123456789", "200039865"]), coordinate, coordinate,
                          st.sampled_from(["2024-07", "2020-10", ""])), min_size=1, max_size=6))
def test_hostile_locations_never_raise_and_whatever_passes_has_a_known_territory(rows):
    lines = [["TI-%d" % i, vintage, territory, siren, commune, "Projet", "innover", "Région", "1000", "", "", "2024", "",
              lon, lat] for i, (territory, commune, siren, lon, lat, vintage) in enumerate(rows)]
    result = check(csv(lines))
    if result is not None and result.ok:
        frame = result.frame
        assert all(t in KNOWN.territories[v] for v, t in zip(frame["vintage"], frame["id_ti"]))
        assert frame["id_ti_method"].notna().all()
