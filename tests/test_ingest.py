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


# ---- issue 9 §3: id_territoire optional when the row gives a location ----

def ledger_row(project_id: str, vintage: str = "2024-07", territory: str = "", siren: str = "", commune: str = "",
               lon: str = "", lat: str = "", amount: str = "100000") -> list[str]:
    return [project_id, vintage, territory, siren, commune, f"Projet {project_id}", "innover", "Région",
            amount, "", "", "2024", "", lon, lat]


def test_rows_without_id_territoire_are_placed_by_commune_point_or_siren(data_dir, tmp_path, capsys):
    from tidash import db
    header = [h for h in HEADERS if h != "id_territoire"]  # no id_territoire column at all
    rows = [ledger_row("L-OLD", commune="07180", amount="1000,50"),     # old code of Saint-Agrève (07204)
            ledger_row("L-PT", lon="4,6705", lat="45,2397", amount="2000"),  # a point in Annonay
            ledger_row("L-EPCI", siren="200073096", amount="3000"),       # CA Arche Agglo, member of ti-8401
            ledger_row("L-SIR", siren="210700100", amount="4000"),        # the SIREN of the commune of Annonay
            ledger_row("L-OYO", commune="01055", amount="5000")]          # old code of Oyonnax (01283, ti-8413)
    content = csv_bytes([[v for h, v in zip(HEADERS, r) if h != "id_territoire"] for r in rows], header=header)
    assert run_cli(tmp_path, content) == 0, capsys.readouterr().err
    assert "Territoires : 2 par commune, 1 par point GPS, 1 par SIREN membre, 1 par SIREN commune." in \
        capsys.readouterr().out
    published = pd.read_parquet(data_dir / "extracts" / "programme_projects.parquet").set_index("project_id")
    assert published["id_ti"].to_dict() == {"L-EPCI": "ti-8401", "L-OLD": "ti-8401", "L-OYO": "ti-8413",
                                            "L-PT": "ti-8401", "L-SIR": "ti-8401"}
    assert published["id_ti_method"].to_dict() == {"L-EPCI": "SIREN membre", "L-OLD": "commune", "L-OYO": "commune",
                                                   "L-PT": "point GPS", "L-SIR": "SIREN commune"}
    ledger = db.run("programme_ledger", vintage="2024-07", dimension="territory", region=None, id_ti=None)
    by_territory = dict(zip(ledger["value"].str.extract(r"\((ti-\d+)\)")[0], ledger["n_projects"]))
    assert by_territory == {"ti-8401": 4, "ti-8413": 1}
    committed = dict(zip(ledger["value"].str.extract(r"\((ti-\d+)\)")[0], ledger["amount_committed_eur"]))
    assert float(committed["ti-8401"]) == 10_000.50
    from conftest import app  # the territory's ledger table says how each project was placed
    at = app("territoire", territory="ti-8401", section="suivi")
    table = [d.value for d in at.dataframe if "Territoire trouvé par" in d.value.columns][0]
    assert dict(zip(table["Identifiant"], table["Territoire trouvé par"])) == {
        "L-EPCI": "SIREN membre", "L-OLD": "commune", "L-PT": "point GPS", "L-SIR": "SIREN commune"}


def test_a_given_id_territoire_is_checked_against_the_location(data_dir, tmp_path, capsys):
    rows = [ledger_row("OK", territory="ti-8401", commune="07010"),      # agrees: published as given
            ledger_row("FAUX", territory="ti-8413", commune="07010")]    # Annonay is in ti-8401
    before = fingerprint(data_dir)
    assert run_cli(tmp_path, csv_bytes(rows)) == 1
    err = capsys.readouterr().err
    assert ("ligne 3, colonne « id_territoire » : « ti-8413 » ne correspond pas à la localisation : la commune 07010 "
            "est dans le territoire ti-8401 du millésime 2024-07") in err, err
    assert "ligne 2" not in err
    assert fingerprint(data_dir) == before


LOCATION_HOSTILE = {
    # what the report must say: the rows (after the header)
    "ligne 2, colonne « id_territoire » : valeur manquante et aucune localisation": [ledger_row("A")],
    "ligne 2, colonne « siren_epci » : SIREN 123456789 ni membre d'un territoire du millésime 2024-07 ni SIREN "
    "d'une commune": [ledger_row("A", siren="123456789")],
    "ligne 2, colonne « code_commune » : commune « 99999 » inconnue du COG": [ledger_row("A", commune="99999")],
    # Paris is in no territory: never attributed to one
    "ligne 2, colonne « code_commune » : la commune 75056 est hors de tout territoire du millésime 2024-07":
        [ledger_row("A", commune="75056")],
    "ligne 2, colonne « longitude » : le point (2.35220, 48.85660), dans la commune 75056 est hors de tout "
    "territoire": [ledger_row("A", lon="2.3522", lat="48.8566")],
    "ligne 2, colonne « longitude » : le point (-3.00000, 46.00000) n'est dans aucune commune":
        [ledger_row("A", lon="-3", lat="46")],                           # at sea
    "ligne 2, colonne « latitude » : latitude manquante": [ledger_row("A", lon="4.67")],
    "ligne 2, colonne « latitude » : « 145 » n'est pas une latitude": [ledger_row("A", lon="4.67", lat="145")],
    # Metz Métropole was split between two territories in 2020-10
    "ligne 2, colonne « siren_epci » : le SIREN 200039865 est membre de plusieurs territoires du millésime 2020-10 "
    "(ti-4408, ti-4413) : indiquez id_territoire": [ledger_row("A", vintage="2020-10", siren="200039865")],
    # the old code is resolved before comparing: Saint-Agrève is in ti-8401, not ti-8413
    "« ti-8413 » ne correspond pas à la localisation : la commune 07180 (COG 2023 : 07204) est dans le territoire "
    "ti-8401": [ledger_row("A", territory="ti-8413", commune="07180")],
    "la commune 75056 est hors de tout territoire du millésime 2024-07 (colonne « code_commune »)":
        [ledger_row("A", territory="ti-8401", commune="75056")],
}


@pytest.mark.parametrize("expected", list(LOCATION_HOSTILE))
def test_rows_without_a_usable_location_are_refused_with_line_and_column(expected, data_dir, tmp_path, capsys):
    before = fingerprint(data_dir)
    assert run_cli(tmp_path, csv_bytes(LOCATION_HOSTILE[expected])) == 1
    err = capsys.readouterr().err
    assert "Import refusé" in err and expected in err, err
    assert fingerprint(data_dir) == before


def test_a_ledger_with_neither_id_territoire_nor_location_columns_is_refused_at_the_header(data_dir, tmp_path, capsys):
    drop = {"id_territoire", "code_commune", "siren_epci", "longitude", "latitude"}
    header = [h for h in HEADERS if h not in drop]
    rows = [[v for h, v in zip(HEADERS, ledger_row("A")) if h not in drop]]
    assert run_cli(tmp_path, csv_bytes(rows, header=header)) == 1
    assert "ligne 1, colonne « id_territoire » : colonne absente de l'en-tête, et aucune colonne de localisation" in \
        capsys.readouterr().err
