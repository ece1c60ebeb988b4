"""Importer: valid files publish (and can be undone); every hostile input gives its French
message and leaves the data directory byte-identical."""
from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT
from openpyxl import Workbook

from tidash.ingest import __main__ as ingest
from tidash.ingest.contract import HEADERS

GOOD_ROWS = [
    ["TI-2024-001", "2024-07", "ti-8401", "200073096", "07010", "Extension de la zone d'activités", "attirer",
     "Banque des Territoires", "1 250 000,50", "300 000", "engagé", "2024", "M. X / Mme Y"],
    ["TI-2024-002", "2024-07", "ti-8401", "", "", "Campus des métiers de l'industrie", "recruter",
     "Région Auvergne-Rhône-Alpes", "480000", "", "", "2023", ""],
]


@pytest.fixture
def data_dir(private_data) -> Path:
    return private_data


def fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def csv_bytes(rows, header=HEADERS, sep=";", encoding="utf-8") -> bytes:
    lines = [sep.join(header)] + [sep.join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


def run_cli(tmp_path: Path, content: bytes, name: str = "import.csv", *extra: str) -> int:
    path = tmp_path / name
    path.write_bytes(content)
    return ingest.main([str(path), *extra])


def test_a_valid_latin1_semicolon_file_publishes_and_can_be_restored(data_dir, tmp_path, capsys):
    assert run_cli(tmp_path, csv_bytes(GOOD_ROWS, encoding="cp1252")) == 0
    published = pd.read_parquet(data_dir / "extracts" / "programme_projects.parquet")
    assert list(published["project_id"]) == ["TI-2024-001", "TI-2024-002"]
    assert float(published["amount_committed_eur"].iloc[0]) == 1_250_000.50
    assert published["title"].iloc[0] == "Extension de la zone d'activités"

    import duckdb
    with duckdb.connect(str(data_dir / "ti.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM programme_projects").fetchone()[0] == 2

    second = [[*GOOD_ROWS[0][:8], "1250000.50", "", "", "2024", ""]]
    assert run_cli(tmp_path, csv_bytes(second, sep=","), "second.csv") == 0
    assert len(pd.read_parquet(data_dir / "extracts" / "programme_projects.parquet")) == 1
    assert ingest.main(["--restore"]) == 0
    assert len(pd.read_parquet(data_dir / "extracts" / "programme_projects.parquet")) == 2


def test_an_xlsx_file_is_accepted(data_dir, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(HEADERS))
    row = list(GOOD_ROWS[1])
    row[8] = 480000.0  # numbers typed in a spreadsheet arrive as floats
    sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert run_cli(tmp_path, buffer.getvalue(), "suivi.xlsx") == 0
    assert pd.read_parquet(data_dir / "extracts" / "programme_projects.parquet")["amount_committed_eur"].iloc[0] == 480000


def test_the_shipped_templates_follow_the_contract():
    assert (ROOT / "docs/modele_suivi_projets.csv").read_text(encoding="utf-8").strip() == ";".join(HEADERS)
    from openpyxl import load_workbook
    sheet = load_workbook(ROOT / "docs/modele_suivi_projets.xlsx").active
    assert [c.value for c in sheet[1]] == list(HEADERS)


def bad(row_index: int, column: str, value: str):
    rows = [list(r) for r in GOOD_ROWS]
    rows[row_index][HEADERS.index(column)] = value
    return csv_bytes(rows)


HOSTILE = {
    "colonne obligatoire absente": csv_bytes([r[1:] for r in GOOD_ROWS], header=HEADERS[1:]),
    "inconnu pour le millésime 2024-07": bad(0, "id_territoire", "ti-9999"),
    "millésime « 2019 » inconnu": bad(0, "millesime", "2019"),
    "commune « 99999 » inconnue": bad(1, "code_commune", "99999"),
    "n'est pas un montant": bad(0, "montant_engage_eur", "beaucoup"),
    "montant négatif": bad(1, "montant_engage_eur", "-5"),
    "montant démesuré": bad(1, "montant_engage_eur", "1e300".replace("e", "0" * 3) + "0" * 20),
    "en double": csv_bytes([GOOD_ROWS[0], GOOD_ROWS[0]]),
    "Encodage illisible": b"\xff\xfe" + "identifiant_projet;millesime".encode("utf-16-le"),
    "Le fichier est vide": b"",
    "formule de tableur": bad(0, "intitule", '=HYPERLINK("http://x","clic")'),
    "hors de la période": bad(0, "annee", "2099"),
    "axe « autre » inconnu": bad(0, "axe", "autre"),
    "XLSX illisible": b"PK\x03\x04 not really a zip",
    "aucune ligne de données": csv_bytes([]),
}


@pytest.mark.parametrize("expected", list(HOSTILE))
def test_hostile_input_is_refused_with_its_message_and_writes_nothing(expected, data_dir, tmp_path, capsys):
    before = fingerprint(data_dir)
    assert run_cli(tmp_path, HOSTILE[expected]) == 1
    message = capsys.readouterr().err
    assert "Import refusé" in message and expected in message, message
    assert fingerprint(data_dir) == before


def test_a_file_over_the_size_limit_is_refused(data_dir, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TI_IMPORT_MAX_MB", "0.001")
    before = fingerprint(data_dir)
    assert run_cli(tmp_path, csv_bytes(GOOD_ROWS * 20)) == 1
    assert "trop volumineux" in capsys.readouterr().err
    assert fingerprint(data_dir) == before


def test_every_problem_is_listed_with_its_line_and_column(data_dir, tmp_path, capsys):
    rows = [list(r) for r in GOOD_ROWS]
    rows[0][HEADERS.index("axe")] = "autre"
    rows[1][HEADERS.index("montant_engage_eur")] = "-1"
    assert run_cli(tmp_path, csv_bytes(rows)) == 1
    err = capsys.readouterr().err
    assert "ligne 2, colonne « axe »" in err and "ligne 3, colonne « montant_engage_eur »" in err


def test_a_newer_fonds_vert_export_replaces_the_embedded_year(data_dir, tmp_path):
    source = ROOT / "data/sources/financements/fonds_vert_2023_export_national.csv"
    head = b"".join(source.read_bytes().splitlines(keepends=True)[:6])
    assert run_cli(tmp_path, head, "fonds-vert-export.csv", "--annee", "2023") == 0
    projects = pd.read_parquet(data_dir / "extracts" / "projects.parquet")
    assert set(projects["source"]) == {"fonds_vert_2023_import", "fonds_vert_2024_paca"}
    assert (projects["source"] == "fonds_vert_2023_import").sum() == 5
    reconciliation = pd.read_parquet(data_dir / "extracts" / "funding_reconciliation.parquet")
    assert set(reconciliation["source"]) == {"fonds_vert_2023_import", "fonds_vert_2024_paca"}


def test_undoing_the_first_import_removes_it_and_redoing_brings_it_back(data_dir, tmp_path):
    assert run_cli(tmp_path, csv_bytes(GOOD_ROWS)) == 0
    assert ingest.main(["--restore"]) == 0
    assert len(pd.read_parquet(data_dir / "extracts" / "programme_projects.parquet")) == 0
    assert ingest.main(["--restore"]) == 0
    assert len(pd.read_parquet(data_dir / "extracts" / "programme_projects.parquet")) == 2


def test_restore_with_nothing_to_restore_says_so(data_dir, capsys):
    assert ingest.main(["--restore"]) == 1
    assert "Aucune version précédente" in capsys.readouterr().err
