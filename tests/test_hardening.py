"""Issue 14: hostile URLs (non-ASCII digits, huge decks) never crash a page nor flood it, and
no stack trace is ever shown to a visitor."""
from __future__ import annotations

import json
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT, app

from tidash.briefing.deck import DEFAULT_INTERVAL, MAX_NOTICES, parse_deck, parse_interval
from tidash.state import DEFAULT_YEAR, Options, parse_view

OPTIONS = Options(regions={"84": "Auvergne-Rhône-Alpes"}, schemes=("Fonds vert",), years=(2023, 2024),
                  territories={"2024-07": {"ti-8401"}})


@pytest.mark.parametrize("value", ["²", "２０２３", "٢٠٢٣", "2023²", "¹⁰"])
def test_a_year_in_other_digits_is_refused_with_a_notice(value):
    view = parse_view({"year": value}, OPTIONS)
    assert view.filters.year == DEFAULT_YEAR and any("Année" in n for n in view.notices)


@pytest.mark.parametrize("value", ["²", "٣٠", "abc", "1", "100000"])
def test_an_invalid_interval_falls_back_with_a_notice(value):
    notices: list[str] = []
    assert parse_interval(value, notices) == DEFAULT_INTERVAL
    assert len(notices) == 1 and "Intervalle" in notices[0]
    assert parse_interval("30", notices) == 30 and len(notices) == 1


def test_pages_opened_with_hostile_digits_do_not_crash():
    for page, query in (("national", {"year": "²"}), ("regions", {"year": "²"}),
                        ("reunion", {"interval": "²", "deck": "programme"})):
        at = app(page, **query)
        assert not at.exception, (page, [e.value for e in at.exception])


@pytest.mark.serial  # a time budget
def test_a_huge_deck_is_cut_quickly_with_few_notices():
    start = time.perf_counter()
    specs, notices = parse_deck(",".join(["carte"] * 5000), set(), set())
    assert len(specs) == 30 and len(notices) <= 3
    specs, notices = parse_deck(",".join(f"x{i}" for i in range(5000)), set(), set())
    assert [s.kind for s in specs] == ["programme", "carte", "changements"]
    assert len(notices) <= MAX_NOTICES + 4 and any("autres entrées ignorées" in n for n in notices)
    assert time.perf_counter() - start < 0.5


def test_200_invalid_deck_entries_raise_one_grouped_toast():
    at = app("reunion", deck=",".join(f"bad{i}" for i in range(200)), interval="600")
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.toast) == 1, len(at.toast)
    assert "autres entrées ignorées" in at.toast[0].value


def test_no_stack_trace_is_shown_to_visitors():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


# ---- points 5 and 7: spreadsheets unpacked in bounded memory, unreadable ones reported ----

def xlsx_with(tmp_path, name: str, members: dict[str, object]) -> Path:
    """A real workbook (openpyxl) whose parts are replaced by the given ones; a part given as
    (chunk, count) is written chunk by chunk, so a bomb never sits whole in the test's memory."""
    import io
    import zipfile

    from openpyxl import Workbook
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["identifiant_projet"])
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for info in source.infolist():
            if info.filename not in members:
                out.writestr(info.filename, source.read(info.filename))
        for member, body in members.items():
            with out.open(member, "w", force_zip64=True) as stream:
                if isinstance(body, tuple):
                    head, chunk, count, tail = body
                    stream.write(head)
                    batch, left = divmod(count, 1000)
                    for _ in range(batch):  # 1 000 chunks per write: the same bytes, a thousand times fewer calls
                        stream.write(chunk * 1000)
                    stream.write(chunk * left)
                    stream.write(tail)
                else:
                    stream.write(body)
    return path


SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet '
              b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
SHEET_TAIL = b"</sheetData></worksheet>"


def peak_read(path: Path) -> tuple[int, list[str]]:
    """Peak RSS growth (MB) of read_table on this file, measured in a fresh process."""
    code = ("import json, resource, sys; import openpyxl; from tidash.ingest.reader import read_table; "
            "content = open(sys.argv[1], 'rb').read(); base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; "
            "t = read_table(content, 'bombe.xlsx'); "
            "print(json.dumps([(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) // 1024, t.problems]))")
    out = subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, capture_output=True, encoding="utf-8",
                         check=True, timeout=600)
    grown, problems = json.loads(out.stdout)
    return grown, problems


def test_xlsx_decompression_bombs_are_refused_within_a_memory_bound(tmp_path):
    row = b'<row><c t="inlineStr"><is><t>bombe bombe bombe</t></is></c></row>'
    declared = xlsx_with(tmp_path, "declared.xlsx", {"xl/worksheets/sheet1.xml": (SHEET_HEAD, row, 3_000_000, SHEET_TAIL)})
    rows = xlsx_with(tmp_path, "rows.xlsx", {"xl/worksheets/sheet1.xml": (SHEET_HEAD, row, 700_000, SHEET_TAIL)})
    strings = xlsx_with(tmp_path, "strings.xlsx", {"xl/sharedStrings.xml": (
        b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
        b"<si><t>" + b"a" * 200 + b"</t></si>", 200_000, b"</sst>")})
    for path in (declared, rows, strings):
        assert path.stat().st_size < 3_000_000  # small files...
        grown, problems = peak_read(path)
        assert problems and "refusé" in problems[0], (path.name, problems)
        assert grown < 120, (path.name, grown)  # ...refused before they unpack in memory


def test_an_xlsx_with_a_doctype_or_broken_xml_is_reported_as_unreadable(tmp_path):
    from tidash.ingest.reader import read_table
    doctype = xlsx_with(tmp_path, "doctype.xlsx", {"xl/worksheets/sheet1.xml": (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        + SHEET_HEAD.split(b"\n", 1)[1], b"<row><c><v>&e;</v></c></row>", 1, SHEET_TAIL)})
    import zipfile
    workbook_part = zipfile.ZipFile(doctype).read("xl/workbook.xml")
    in_workbook = xlsx_with(tmp_path, "workbook.xlsx", {  # was read silently, entities expanded
        "xl/workbook.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "x">]>' + workbook_part})
    broken = xlsx_with(tmp_path, "broken.xlsx", {"xl/worksheets/sheet1.xml": SHEET_HEAD + b"<row><c><v>1</row>"})
    for path in (doctype, in_workbook, broken):
        table = read_table(path.read_bytes(), path.name)
        assert table.problems and table.problems[0].startswith("Fichier XLSX illisible"), table.problems
        assert "Traceback" not in table.problems[0]


# ---- points 9, 10, 11: encodings, duplicate ids, French messages --------------------------

def test_a_file_mixing_utf8_and_windows_1252_is_refused_with_its_lines():
    from tidash.ingest.reader import read_table
    content = ("identifiant_projet;intitule\n" "P-1;Café du port\n").encode("utf-8") + \
        "P-2;Crèche municipale\n".encode("cp1252") + "P-3;Hôtel d'entreprises\n".encode("utf-8")
    table = read_table(content, "melange.csv")
    assert table.problems and "Encodage mélangé" in table.problems[0]
    assert "lignes 2, 4" in table.problems[0] and "lignes 3" in table.problems[0]
    pure = read_table("identifiant_projet;intitule\nP-2;Crèche\n".encode("cp1252"), "latin1.csv")
    assert not pure.problems and pure.rows == [["P-2", "Crèche"]]


def test_duplicate_ids_differing_by_case_or_unicode_form_are_refused(extracts):
    import unicodedata

    from test_ingest import GOOD_ROWS

    from tidash.ingest.contract import HEADERS
    from tidash.ingest.reader import Table
    from tidash.ingest.validate import Known, validate_programme
    known = Known.from_extracts(extracts)
    for first, second in (("d-1", "D-1"), (unicodedata.normalize("NFC", "é-1"), unicodedata.normalize("NFD", "é-1")),
                          ("ﬁ-1", "fi-1")):
        rows = [[first, *GOOD_ROWS[0][1:]], [second, *GOOD_ROWS[1][1:]]]
        result = validate_programme(Table(header=list(HEADERS), rows=rows), known)
        assert any("en double" in p.message and p.line == 3 for p in result.problems), (first, second, result.problems)


def test_csv_and_size_messages_are_in_french():
    from tidash.ingest.reader import read_table
    table = read_table(b'identifiant_projet;intitule\nP-1;"' + b"x" * 200_000 + b"\n", "long.csv")
    assert table.problems and "field" not in table.problems[0] and "Ligne 2" in table.problems[0], table.problems
    big = read_table(b"a" * (50 * 1024 * 1024 + 1), "gros.csv")
    assert "limite de 50 Mo" in big.problems[0], big.problems


def test_percent_and_underscore_are_literal_in_search_boxes():
    from tidash import db
    assert db.run("territory_search", text="%%", vintage="2024-07").empty
    assert db.run("territory_search", text="a_", vintage="2024-07").empty
    assert not db.run("territory_search", text="oyonnax", vintage="2024-07").empty
    found = db.run("projects", id_ti=None, text="%", limit=100, year=None, vintage="2024-07", region=None,
                   scheme=None, measure=None, status=None, min_amount=None, max_amount=None, sort=None, located=None)
    assert len(found) < 100  # « % » as a wildcard matched every project (the limit, 100)


def test_one_amount_parser_for_sources_and_imports():
    from decimal import Decimal

    from tidash.extracts.funding import parse_amount
    assert parse_amount("1.234.567,89") == Decimal("1234567.89") == parse_amount("1 234 567,89 €")
    assert parse_amount("23828.9") == Decimal("23828.90") and parse_amount("1450") == Decimal("1450.00")
    for text in ("1e5", "NaN", "Infinity", "12abc", ""):
        with pytest.raises(ValueError):
            parse_amount(text)


def test_one_formula_prefix_list_for_exports_and_imports(extracts):
    from test_ingest import GOOD_ROWS

    from tidash import ui
    from tidash.ingest.contract import HEADERS
    from tidash.ingest.reader import Table
    from tidash.ingest.validate import Known, validate_programme
    known = Known.from_extracts(extracts)
    for prefix in ("=", "+", "-", "@"):
        value = f"{prefix}2+3+cmd|' /C calc'!A0"
        assert ui.neutralise_cell(value).startswith("'")
        rows = [[*GOOD_ROWS[0][:5], value, *GOOD_ROWS[0][6:]]]
        result = validate_programme(Table(header=list(HEADERS), rows=rows), known)
        assert any("formule" in p.message for p in result.problems), (prefix, result.problems)


# ---- point 6: localhost by default, an operator token to publish, a log of publications ----

TOKEN = "jeton-de-test-0123456789"


def test_the_operator_token_is_required_and_compared(monkeypatch):
    from tidash import settings
    monkeypatch.delenv("TI_OPERATOR_TOKEN", raising=False)
    assert settings.operator_token() is None and not settings.operator_allowed("")
    monkeypatch.setenv("TI_OPERATOR_TOKEN", "court")
    assert settings.operator_token() is None and not settings.operator_allowed("court")  # too short to be a secret
    monkeypatch.setenv("TI_OPERATOR_TOKEN", TOKEN)
    assert settings.operator_allowed(TOKEN) and not settings.operator_allowed(TOKEN[:-1] + "x")
    assert not settings.operator_allowed(None) and not settings.operator_allowed("")


def test_the_upload_form_needs_the_operator_token(monkeypatch):
    monkeypatch.setenv("TI_ENABLE_UPLOAD", "1")
    monkeypatch.delenv("TI_OPERATOR_TOKEN", raising=False)
    at = app("donnees")
    assert "aucun jeton d'exploitant" in " ".join(w.value for w in at.warning)
    assert not at.get("file_uploader")
    monkeypatch.setenv("TI_OPERATOR_TOKEN", TOKEN)
    at = app("donnees")
    assert not at.get("file_uploader")
    at.text_input(key="operator_token").input("mauvais-jeton-0000000000").run()
    assert "Jeton d'exploitant incorrect" in " ".join(e.value for e in at.error) and not at.get("file_uploader")
    at.text_input(key="operator_token").input(TOKEN).run()
    assert not at.exception and at.get("file_uploader")


def non_loopback_address() -> str | None:
    import socket
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # no packet is sent: only picks the outgoing interface
            address = s.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_the_server_listens_on_localhost_only_by_default():
    import socket
    import urllib.request

    from tidash.local_server import free_port
    outside = non_loopback_address()
    if outside is None:
        pytest.skip("aucune interface réseau autre que la boucle locale")
    port = free_port()
    env = {k: v for k, v in __import__("os").environ.items() if k != "TI_SERVER_ADDRESS"}
    server = subprocess.Popen([sys.executable, "-m", "tidash.serve", "--server.port", str(port),
                               "--server.headless", "true"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError("le serveur n'a pas démarré")
        with pytest.raises(OSError), socket.create_connection((outside, port), timeout=2):
            pass
    finally:
        server.terminate()
        server.wait(10)
