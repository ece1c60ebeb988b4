"""Issue 9 §4: any funding or project list imported with a column mapping.

The real Fonds vert 2024 PACA file, as it was published, is imported as a generic source
through the mapping committed in docs/mappings/, and its reconciliation is checked against
the file's own row count and total (to the cent); hostile inputs write nothing."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import ROOT
from openpyxl import Workbook

from tidash import paths
from tidash.ingest import __main__ as ingest
from tidash.ingest import mapping as lm
from tidash.sources import SOURCE_LABELS

PACA = ROOT / "data" / "sources" / "financements" / "fonds_vert_2024_paca_projets.csv"
PACA_MAPPING = ROOT / "docs" / "mappings" / "fonds_vert_2024_paca.toml"
SLUG = "fonds_vert_2024_paca_liste_importee"


def fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def plain(text: str) -> str:
    """French number spacing (narrow and non-breaking spaces) as plain spaces."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


def file_totals(path: Path) -> tuple[int, Decimal]:
    """The file's own row count and total, read with the csv module (not the importer)."""
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    return len(rows), sum((Decimal(r["montant_engage_eur"]) for r in rows), Decimal(0))


def test_the_published_paca_file_imported_through_its_mapping_reconciles_to_the_cent(private_data, capsys):
    rows, total = file_totals(PACA)
    # The file is already embedded: refused by default (it would count twice), imported with the flag.
    before = fingerprint(private_data)
    assert ingest.main([str(PACA), "--mapping", str(PACA_MAPPING)]) == 1
    assert f"{rows} lignes déjà publiées sur {rows} dans la source « {SOURCE_LABELS['fonds_vert_2024_paca']} »" in \
        capsys.readouterr().err
    assert fingerprint(private_data) == before
    assert ingest.main([str(PACA), "--mapping", str(PACA_MAPPING), "--accepter-doublons"]) == 0
    out = capsys.readouterr().out
    assert "Fichier CSV lu" in out and f"{rows} lignes lues" in out
    assert f"Attention (--accepter-doublons) : {rows} lignes déjà présentes dans « Fonds vert 2024 — " in out

    reconciliation = pd.read_parquet(private_data / "extracts" / "funding_reconciliation.parquet")
    mine = reconciliation[reconciliation["source"] == SLUG]
    assert set(mine["vintage"]) == {"2020-10", "2023-08", "2024-07"}
    for vintage, part in mine.groupby("vintage"):
        assert part["n_projects"].sum() == rows, vintage                 # inside + outside + non rattaché
        assert sum(part["amount_eur"], Decimal(0)) == total, vintage     # to the cent
        assert set(part["source_projects"]) == {rows} and set(part["source_amount_eur"]) == {total}
    # Same rows, same location rules: the generic import lands exactly where the embedded reader puts them.
    embedded = reconciliation[reconciliation["source"] == "fonds_vert_2024_paca"]
    key = ["vintage", "status", "n_projects", "amount_eur"]
    assert mine[key].reset_index(drop=True).equals(embedded[key].reset_index(drop=True))

    projects = pd.read_parquet(private_data / "extracts" / "projects.parquet")
    imported = projects[projects["source"] == SLUG]
    assert len(imported) == rows and set(imported["scheme"]) == {"Fonds vert"}
    assert imported["project_id"].is_unique and imported["code_reg"].eq("93").all()
    with duckdb.connect(str(private_data / "ti.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM projects WHERE source = ?", [SLUG]).fetchone()[0] == rows
    from conftest import app, texts
    shown = plain(texts(app("donnees")))  # the Données page's reconciliation says it (after the raw connection)
    assert (f"« Fonds vert 2024 PACA (liste importée) » ({rows} lignes), dont {rows} lignes déjà présentes dans "
            f"« {SOURCE_LABELS['fonds_vert_2024_paca']} » : comptées deux fois si les deux sources sont "
            "sélectionnées.") in shown
    assert SOURCE_LABELS.get(SLUG, SLUG) == "Fonds vert 2024 PACA (liste importée)"

    # Listed, withdrawn, restored; re-importing the same rows changes nothing.
    assert ingest.main(["--lister"]) == 0
    listed = plain(capsys.readouterr().out)
    assert f"{SLUG} — « Fonds vert 2024 PACA (liste importée) » : publiée ({rows} lignes" in listed
    assert f"  dont {rows} lignes déjà présentes dans « {SOURCE_LABELS['fonds_vert_2024_paca']} »" in listed
    assert ingest.main(["--retirer", SLUG]) == 0
    projects = pd.read_parquet(private_data / "extracts" / "projects.parquet")
    assert not projects["source"].eq(SLUG).any()
    assert ingest.main(["--lister"]) == 0
    assert "retirée" in capsys.readouterr().out
    assert ingest.main(["--restore", SLUG]) == 0
    assert pd.read_parquet(private_data / "extracts" / "projects.parquet")["source"].eq(SLUG).sum() == rows


def test_re_importing_a_source_replaces_its_rows(private_data, tmp_path, capsys):
    path = tmp_path / "aides.csv"
    path.write_text("Commune;Objet;Aide\n13055;Atelier relais;1 000,10\n83137;Halle;2 000\n", encoding="utf-8")
    base = [str(path), "--source", "Aides régionales test", "--valeur", "annee=2024", "--colonne",
            "code_commune=Commune", "--colonne", "intitule=Objet", "--colonne", "montant=Aide"]
    assert ingest.main(base) == 0
    from conftest import app
    at = app("donnees")  # the Données page names the imported source by its readable name
    coverage = [d.value for d in at.dataframe if "Total de la source" in d.value.columns][0]
    mine = coverage[coverage["Source"] == "Aides régionales test"]
    assert mine["Périmètre"].nunique() == 3 and set(mine["Total de la source"]) == {"3\u202f000,10\xa0€"}
    path.write_text("Commune;Objet;Aide\n13055;Atelier relais;1 000,10\n", encoding="utf-8")
    assert ingest.main(base) == 0
    projects = pd.read_parquet(private_data / "extracts" / "projects.parquet")
    assert list(projects.loc[projects["source"] == "aides_regionales_test", "amount_eur"]) == [Decimal("1000.10")]
    assert ingest.main(["--restore", "Aides régionales test"]) == 0
    projects = pd.read_parquet(private_data / "extracts" / "projects.parquet")
    assert projects["source"].eq("aides_regionales_test").sum() == 2


HOSTILE = [
    # (file, extra arguments, what the report must say)
    ("Objet;Aide\nAtelier;100\n", ["--colonne", "intitule=Objet", "--colonne", "montant=Aide"],
     ["aucune localisation"]),
    ("Commune;Objet;Aide\n13055;Atelier;100\n", ["--colonne", "code_commune=Commune", "--colonne", "intitule=Objet",
                                                 "--colonne", "montant=Montant"],
     ["ligne 1, colonne « Montant » : colonne absente de l'en-tête (champ « montant »)"]),
    ("Commune;Objet;Aide\n13055;Atelier;100\n83137;Halle;cent euros\n06088;Port;12,5,3\n",
     ["--colonne", "code_commune=Commune", "--colonne", "intitule=Objet", "--colonne", "montant=Aide"],
     ["ligne 3, colonne « Aide » : « cent euros » n'est pas un montant", "ligne 4, colonne « Aide »"]),
    ("Commune;Objet;Aide\n13055;Atelier;100\n", ["--colonne", "code_commune=Commune", "--colonne", "montant=Aide"],
     ["champ obligatoire « intitule »"]),
    ("Commune;Objet;Lon;Lat\n13055;Atelier;5,4;\n", ["--colonne", "code_commune=Commune", "--colonne",
                                                     "intitule=Objet", "--colonne", "longitude=Lon",
                                                     "--colonne", "latitude=Lat"],
     ["ligne 2, colonne « Lat » : latitude manquante"]),
]


@pytest.mark.parametrize(("content", "extra", "expected"), HOSTILE)
def test_hostile_lists_are_refused_with_row_and_column_and_write_nothing(private_data, tmp_path, capsys,
                                                                         content, extra, expected):
    before = fingerprint(private_data)
    path = tmp_path / "liste.csv"
    path.write_text(content, encoding="utf-8")
    assert ingest.main([str(path), "--source", "Liste hostile", "--valeur", "annee=2024", *extra]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Import refusé") and "Rien n'a été écrit" in err
    for text in expected:
        assert text in err, err
    assert fingerprint(private_data) == before


def workbook(*sheets: tuple[str, list[list]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


ROWS = [["N°", "Projet", "Montant", "Code INSEE", "X", "Y"],
        ["A1", "Extension d'usine", 250000.5, 1053, None, None],           # commune code lost its zero
        ["A2", "Centre de formation", 120000, None, 5.3698, 43.2965],       # point in Marseille
        ["A3", "Quai", 80000, None, 5.0, 43.0]]                             # point in the sea


def test_a_workbook_of_several_sheets_needs_one_chosen_and_says_which_was_read(private_data, tmp_path, capsys):
    path = tmp_path / "aides.xlsx"
    path.write_bytes(workbook(("Notice", [["Lisez-moi"]]), ("2024", ROWS)))
    arguments = [str(path), "--source", "Aides test", "--valeur", "annee=2024", "--verifier",
                 "--colonne", "identifiant=N°", "--colonne", "intitule=Projet", "--colonne", "montant=Montant",
                 "--colonne", "code_commune=Code INSEE", "--colonne", "longitude=X", "--colonne", "latitude=Y"]
    before = fingerprint(private_data)
    assert ingest.main(arguments) == 1
    assert "Le classeur contient 2 feuilles (« Notice », « 2024 »)" in capsys.readouterr().err
    assert ingest.main([*arguments, "--feuille", "2024"]) == 0
    out = plain(capsys.readouterr().out)
    assert "Feuille « 2024 » lue ; autres feuilles non lues : « Notice »." in out
    assert "1 par code commune, 1 par point GPS" in out and "= 3 lignes, 450 000,50 €" in out
    assert fingerprint(private_data) == before  # --verifier writes nothing

    path.write_bytes(workbook(("Seule", ROWS)))
    assert ingest.main(arguments) == 0
    assert "Feuille « Seule » lue (seule feuille du classeur)." in capsys.readouterr().out


def test_points_are_placed_in_their_commune_and_a_point_in_no_commune_is_counted_with_its_reason(private_data):
    places = lm.Places(paths.extracts_dir(), paths.sources_dir())
    mapping = lm.Mapping("Aides test", "2024", {"identifiant": "N°", "intitule": "Projet", "montant": "Montant",
                                                "code_commune": "Code INSEE", "longitude": "X", "latitude": "Y"},
                         {"annee": "2024"})
    checked = lm.check_list(workbook(("2024", ROWS)), "aides.xlsx", mapping, places, dt.date.today().year)
    assert checked.ok, checked.result.problems
    frame = checked.result.frame
    assert list(frame["insee_com_source"]) == ["01053", "13055", None]
    assert list(frame["code_dep"]) == ["01", "13", None]
    table = lm.preview_reconciliation(frame, places)
    unresolved = table[table["status"] == "unresolved"]
    assert set(unresolved["n_projects"]) == {1} and set(unresolved["amount_eur"]) == {Decimal("80000.00")}
    from tidash.extracts import funding
    attached = funding.attach_projects(lm.enriched(frame, places), places.perimeters, places)
    reasons = set(attached.loc[attached["status"] == "unresolved", "reason"])
    assert reasons == {"point GPS (5.00000, 43.00000) hors de toute commune (contours IGN 2018 simplifiés) ; "
                       "SIREN absent ou invalide"}
    assert set(attached.loc[attached["project_id"].str.endswith("-A2"), "method"]) == {"point GPS dans la commune"}


def test_a_list_without_amounts_is_a_count_source_never_zero_euros(private_data, tmp_path, capsys):
    path = tmp_path / "projets.csv"
    path.write_text("insee;titre\n13055;Atelier\n99999;Inconnu\n", encoding="utf-8")
    assert ingest.main([str(path), "--source", "Projets sans montant", "--valeur", "annee=2023", "--verifier",
                        "--colonne", "code_commune=insee", "--colonne", "intitule=titre"]) == 0
    out = capsys.readouterr().out
    assert "= 2 lignes\n" in out and "€" not in out.split("Réconciliation prévue")[1]


def test_guessing_from_header_names():
    guessed = lm.guess(["annee", "code_commune", "nom_commune", "code_departement", "nom_departement",
                        "mesure_courte", "nom_projet", "beneficiaire", "siren_beneficiaire", "montant_engage_eur"])
    assert guessed == {"intitule": "nom_projet", "annee": "annee", "mesure": "mesure_courte",
                       "beneficiaire": "beneficiaire", "siren": "siren_beneficiaire", "montant": "montant_engage_eur",
                       "code_commune": "code_commune", "nom_commune": "nom_commune",
                       "code_departement": "code_departement"}


def test_the_readme_example_is_what_the_command_prints(private_data, capsys):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Importer une liste de subventions")[1].split("\n### ")[0]
    example = section.split("--mapping docs/mappings/fonds_vert_2024_paca.toml --verifier --accepter-doublons\n")[1]
    example = example.split("```")[0]
    assert ingest.main([str(PACA), "--mapping", str(PACA_MAPPING), "--verifier", "--accepter-doublons"]) == 0
    printed = plain(capsys.readouterr().out)
    shown = [line for line in example.splitlines() if line.strip() and line.strip() != "…"]
    assert len(shown) == 6
    for line in shown:
        assert line in printed.splitlines(), line


def test_the_mapping_template_is_a_valid_mapping():
    problems = []
    template = lm.load_mapping(ROOT / "docs" / "mappings" / "modele.toml", problems)
    assert not problems
    assert template.source and {"intitule", "annee", "code_commune"} <= set(template.columns)
    assert lm.check_mapping(template, [c.lower() for c in template.columns.values()]) == []


def _form(content: bytes, filename: str) -> None:
    from tidash import lists_view

    lists_view.mapping_form(content, filename, "test")
    lists_view.imported_lists("test")


def form_texts(at) -> str:
    parts = [e.value for kind in ("markdown", "caption", "success", "error", "info", "warning")
             for e in getattr(at, kind)]
    return plain(" ".join(str(p) for p in parts))


def test_the_upload_form_maps_previews_publishes_and_removes_the_paca_file(private_data):
    from streamlit.testing.v1 import AppTest

    rows, total = file_totals(PACA)
    at = AppTest.from_function(_form, args=(PACA.read_bytes(), PACA.name), default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    guessed = {k: at.selectbox(key=f"list_field_{k}").value for k in ("intitule", "annee", "montant", "code_commune")}
    assert guessed == {"intitule": "nom_projet", "annee": "annee", "montant": "montant_engage_eur",
                       "code_commune": "code_commune"}
    shown = form_texts(at)
    assert f"{rows} lignes déjà publiées sur {rows} dans la source « Fonds vert 2024 — " in shown  # already embedded
    assert "Liste valide" not in shown and not [b for b in at.button if b.key == "list_publish"]
    at.checkbox(key="list_accept_overlap").check().run()
    shown = form_texts(at)
    assert "Fichier CSV lu" in shown and f"Liste valide : {rows} lignes, total 138 083 433,03 €" in shown
    assert f"Importée quand même : {rows} lignes déjà présentes dans « Fonds vert 2024 — " in shown
    preview = [d.value for d in at.dataframe if "Lignes du fichier" in d.value.columns][0]
    assert set(preview["Lignes du fichier"]) == {str(rows)}
    assert preview.groupby("Périmètre")["Projets"].apply(lambda s: sum(int(plain(v).replace(" ", "")) for v in s)
                                                         ).eq(rows).all()
    at.button(key="list_publish").click().run()
    assert "Import publié" in form_texts(at)
    slug = "fonds_vert_2024_paca_projets"
    reconciliation = pd.read_parquet(private_data / "extracts" / "funding_reconciliation.parquet")
    for _, part in reconciliation[reconciliation["source"] == slug].groupby("vintage"):
        assert part["n_projects"].sum() == rows and sum(part["amount_eur"], Decimal(0)) == total
    at.selectbox(key="list_remove_choice").select(f"liste_{slug}").run()
    at.button(key="list_remove").click().run()
    assert "Liste retirée" in form_texts(at)
    assert not pd.read_parquet(private_data / "extracts" / "projects.parquet")["source"].eq(slug).any()


def test_the_upload_form_asks_for_the_sheet_and_the_year(private_data):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_form, args=(workbook(("Notice", [["Lisez-moi"]]), ("2024", ROWS)), "aides.xlsx"),
                               default_timeout=120)
    at.run()
    assert "Choisissez la feuille" in form_texts(at) and not at.selectbox(key="list_sheet").value
    at.selectbox(key="list_sheet").select("2024").run()
    assert at.selectbox(key="list_field_longitude").value == "x"
    assert "champ obligatoire « annee »" in form_texts(at)
    at.number_input(key="list_year").set_value(2024).run()
    shown = form_texts(at)
    assert "Feuille « 2024 » lue ; autres feuilles non lues : « Notice »." in shown
    assert "Liste valide : 3 lignes, total 450 000,50 €" in shown and "1 par point GPS" in shown


def test_the_donnees_page_offers_the_list_import_to_the_operator(private_data, monkeypatch):
    from conftest import app, texts

    monkeypatch.setenv("TI_ENABLE_UPLOAD", "1")
    monkeypatch.setenv("TI_OPERATOR_TOKEN", "jeton-de-test-0123456789")
    at = app("donnees")
    assert "Liste de subventions ou de projets" not in texts(at)
    at.text_input(key="operator_token").input("jeton-de-test-0123456789").run()
    assert not at.exception
    assert "Liste de subventions ou de projets (toute mise en forme)" in texts(at)
    assert "Aucune liste importée" in texts(at)


# ---- issue 9 §4: a list another published source already holds would count twice ----

def test_the_overlap_key_finds_every_paca_row_and_none_in_the_2023_national_export(private_data):
    """Measured on the real files: all 568 rows of the PACA file, as a generic list, are found
    in the embedded PACA source, none in the 10 782 rows of Fonds vert 2023 (same key: year,
    commune, amount to the cent, normalised title)."""
    from tidash.ingest import overlap
    places = lm.Places(paths.extracts_dir(), paths.sources_dir())
    problems = []
    mapping = lm.load_mapping(PACA_MAPPING, problems)
    checked = lm.check_list(PACA.read_bytes(), PACA.name, mapping, places, dt.date.today().year, accept_overlap=True)
    assert checked.ok and not problems
    rows, _ = file_totals(PACA)
    assert [(o.source, o.rows, o.lines) for o in checked.overlaps] == [("fonds_vert_2024_paca", rows, [2, 3, 4, 5, 6])]
    published = overlap.published_projects(paths.extracts_dir())
    assert published["source"].eq("fonds_vert_2023").sum() > 10_000  # the national export was compared
    # Without the year the key would take one 2024 PACA grant for a 2023 one (yearly PAPI animation).
    no_year = overlap.keys(lm.enriched(checked.result.frame, places).assign(year=0))
    national = overlap.keys(published[published["source"] == "fonds_vert_2023"].assign(year=0))
    assert no_year.isin(set(national)).sum() == 1


def test_one_row_of_the_national_export_in_another_layout_is_caught_with_its_line(private_data, tmp_path, capsys):
    # Row 3 repeats a real Fonds vert 2023 line (accents, case and punctuation of the title changed,
    # amount written the French way); row 2 is new.
    path = tmp_path / "aides.csv"
    path.write_text("Commune;Objet;Aide;Annee\n13055;Atelier relais;1 000,10;2023\n"
                    "01376;REQUALIFICATION DE LA RD 1084 EN AVENUE URBAINE AVEC CREATION D'UN ESPACE PARTAGE, "
                    "VOIE VERTE;600 092,00;2023\n", encoding="utf-8")
    arguments = [str(path), "--source", "Aides test doublon", "--colonne", "code_commune=Commune", "--colonne",
                 "intitule=Objet", "--colonne", "montant=Aide", "--colonne", "annee=Annee"]
    before = fingerprint(private_data)
    assert ingest.main(arguments) == 1
    err = plain(capsys.readouterr().err)
    assert (f"1 ligne déjà publiée sur 2 dans la source « {SOURCE_LABELS['fonds_vert_2023']} » (même année, commune, "
            "montant au centime et intitulé), par exemple ligne 3 : les importer") in err, err
    assert "--accepter-doublons" in err and fingerprint(private_data) == before
    # A year or an amount that differs is another grant: not an overlap.
    path.write_text(path.read_text(encoding="utf-8").replace("600 092,00;2023", "600 092,00;2024"), encoding="utf-8")
    assert ingest.main([*arguments, "--verifier"]) == 0
    assert "déjà présente" not in capsys.readouterr().out


def test_an_import_attaches_the_embedded_sources_once_and_writes_what_a_full_computation_writes(private_data,
                                                                                                  tmp_path):
    """tidash.ingest.embedded_funding: an import reuses the embedded projects already attached in
    this process; with a national export replacing the embedded 2023 source and a mapped list,
    the frames equal the full computation's, row for row, and a changed extract is not served
    from the earlier computation."""
    import os

    from tidash.extracts import perimeters, reference
    from tidash.extracts.pipeline import funding_frames
    from tidash.ingest import embedded_funding

    national = ROOT / "data" / "sources" / "financements" / "fonds_vert_2023_export_national.csv"
    lines = national.read_text(encoding="utf-8").splitlines()
    export = tmp_path / "fonds-vert-2023.csv"
    export.write_text("\n".join(lines[:-5]) + "\n", encoding="utf-8")  # the export less its last 5 rows
    assert ingest.main([str(export)]) == 0
    aides = tmp_path / "aides.csv"
    aides.write_text("Commune;Objet;Aide\n13055;Atelier relais;1 000,10\n99999;Inconnue;5\n", encoding="utf-8")
    assert ingest.main([str(aides), "--source", "Aides test", "--valeur", "annee=2024", "--colonne",
                        "code_commune=Commune", "--colonne", "intitule=Objet", "--colonne", "montant=Aide"]) == 0

    extracts = private_data / "extracts"
    ref, perims = reference.load_reference(extracts), perimeters.load_perimeters(extracts)
    reused = funding_frames(paths.sources_dir(), private_data, ref, perims, reuse_embedded=True)
    full = funding_frames(paths.sources_dir(), private_data, ref, perims)
    for name in ("projects", "project_territories", "funding_reconciliation"):
        pd.testing.assert_frame_equal(reused[name], full[name], check_dtype=False)
    sources = reused["projects"]["source"].value_counts().to_dict()
    # The export replaces the embedded 2023 source; the embedded PACA 2024 file stays.
    assert sources == {"fonds_vert_2023_import": len(lines) - 1 - 5, "fonds_vert_2024_paca": 568, "aides_test": 2}
    unresolved = reused["project_territories"].query("status == 'unresolved'")
    assert unresolved["project_id"].isin(reused["projects"].query("source == 'aides_test'")["project_id"]).sum() == 3

    (key,) = embedded_funding._computed  # one computation kept, for these files
    communes = extracts / "territory_communes.parquet"
    os.utime(communes, ns=(communes.stat().st_atime_ns, communes.stat().st_mtime_ns + 1_000_000))
    funding_frames(paths.sources_dir(), private_data, ref, perims, reuse_embedded=True)
    assert list(embedded_funding._computed) != [key]


def test_each_attachment_rule_and_reason_on_hostile_rows():
    """funding.attach_projects, one row per rule (commune, GPS point, member SIREN or SIRET,
    commune SIREN) and per unresolved reason (unknown code, no commune, invalid SIREN, GPS note)."""
    import pandas as pd

    from tidash.extracts import funding
    places = lm.Places(paths.extracts_dir(), paths.sources_dir())
    communes = places.perimeters.communes[places.perimeters.communes["vintage"] == "2024-07"].dropna(subset=["insee_com"])
    members = places.perimeters.members[places.perimeters.members["vintage"] == "2024-07"]
    inside = communes.iloc[0]
    cog = places.communes_2023.dropna(subset=["siren_commune"])
    outside = cog[~cog["insee_com"].isin(communes["insee_com"]) & ~cog["siren_commune"].isin(members["siren"])].iloc[0]
    member = members.iloc[0]
    rows = [  # project_id, insee_com_source, insee_com, siren, location_note → id_ti, status, method, reason
        ("p1", inside["insee_com"], inside["insee_com"], None, None, inside["id_ti"], "inside", "commune", None),
        ("p2", outside["insee_com"], outside["insee_com"], member["siren"], None, None, "outside", "commune", None),
        ("p3", inside["insee_com"], inside["insee_com"], None, "point GPS", inside["id_ti"], "inside",
         "point GPS dans la commune", None),
        ("p4", None, None, member["siren"], None, member["id_ti"], "inside", "siren membre", None),
        ("p5", None, None, member["siren"] + "00017", None, member["id_ti"], "inside", "siren membre", None),
        ("p6", None, None, outside["siren_commune"], None, None, "outside", "siren commune", None),
        ("p7", "99999", None, None, None, None, "unresolved", None,
         "code commune 99999 inconnu du COG 2023 ; SIREN non rattachable (SIREN absent ou invalide)"),
        ("p8", None, None, "12345678", None, None, "unresolved", None,
         "commune absente ; SIREN bénéficiaire ni membre d'un territoire ni commune (SIREN absent ou invalide)"),
        ("p9", None, None, "123456789", "point GPS hors de toute commune", None, "unresolved", None,
         "point GPS hors de toute commune ; SIREN bénéficiaire ni membre d'un territoire ni commune"),
        ("p10", None, None, None, "point GPS hors de toute commune", None, "unresolved", None,
         "point GPS hors de toute commune ; SIREN absent ou invalide"),
    ]
    projects = pd.DataFrame([r[:5] for r in rows], columns=["project_id", "insee_com_source", "insee_com", "siren",
                                                            "location_note"])
    attached = funding.attach_projects(projects, places.perimeters, places)
    assert len(attached) == len(rows) * places.perimeters.communes["vintage"].nunique()
    got = attached[attached["vintage"] == "2024-07"].set_index("project_id")
    for project_id, *_, id_ti, status, method, reason in rows:
        row = got.loc[project_id]
        found = tuple(None if pd.isna(v) else v for v in (row["id_ti"], row["status"], row["method"], row["reason"]))
        assert found == (id_ti, status, method, reason), project_id
