"""Turns an uploaded or local file into header + rows of text, or a list of problems.

Accepts CSV (`;` or `,`, UTF-8 or Windows-1252/Latin-1) and XLSX. Never raises on bad
input: every problem becomes a French message naming what to fix."""
from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from tidash import settings

MEGABYTE = 1024 * 1024  # « Mo » in messages and in TI_IMPORT_MAX_MB, as in the docs (50 Mo)
DEFAULT_MAX_BYTES = 50 * MEGABYTE
# Spreadsheets: limits checked on the archive's declared sizes and while streaming the sheet,
# so a small file that unpacks to gigabytes (decompression bomb) is refused in bounded memory.
MAX_XLSX_UNCOMPRESSED = 100 * MEGABYTE   # all members together, as declared by the archive
MAX_XLSX_SHARED_STRINGS = 20 * MEGABYTE  # openpyxl loads this part whole
MAX_ROWS = 200_000
MAX_COLUMNS = 100
MAX_PROBLEM_LINES = 10


def max_bytes() -> int:
    megabytes = settings.import_max_megabytes()
    return int(megabytes * MEGABYTE) if megabytes else DEFAULT_MAX_BYTES


@dataclass
class Table:
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)  # rows[i] is line i + 2 of the file
    encoding: str = ""
    delimiter: str = ""
    problems: list[str] = field(default_factory=list)
    sheet: str | None = None                              # the XLSX sheet read
    sheets: list[str] = field(default_factory=list)       # every sheet of the workbook

    def described(self) -> str:
        """Which part of the file was read, said to the user (« feuille « 2024 » lue… »)."""
        if self.sheet is None:
            return f"Fichier CSV lu (séparateur « {self.delimiter} », encodage {self.encoding})."
        if len(self.sheets) == 1:
            return f"Feuille « {self.sheet} » lue (seule feuille du classeur)."
        others = ", ".join(f"« {s} »" for s in self.sheets if s != self.sheet)
        return f"Feuille « {self.sheet} » lue ; autres feuilles non lues : {others}."


def read_table(content: bytes, filename: str = "", sheet: str | None = None, choose_sheet: bool = False) -> Table:
    """With choose_sheet, a workbook of several sheets is read only when ``sheet`` names one
    (never silently the first); without it, ``sheet`` or else the first sheet is read."""
    table = Table()
    if len(content) > max_bytes():
        table.problems.append(
            f"Fichier trop volumineux : {len(content) / MEGABYTE:.1f} Mo pour une limite de "
            f"{max_bytes() / MEGABYTE:.0f} Mo. Découpez le fichier ou relevez TI_IMPORT_MAX_MB.".replace(".", ",", 1))
        return table
    if not content.strip():
        table.problems.append("Le fichier est vide : aucune ligne d'en-tête ni de données.")
        return table
    if content[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx"):
        return _read_xlsx(content, table, sheet, choose_sheet)
    return _read_csv(content, table)


def _lines_by_encoding(content: bytes) -> tuple[list[int], list[int]]:
    """Line numbers (1-based) holding UTF-8 multi-byte characters, and lines that are not UTF-8."""
    utf8, other = [], []
    for number, line in enumerate(content.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8.append(number)
        except UnicodeDecodeError:
            other.append(number)
    return utf8, other


def _numbers(lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:MAX_PROBLEM_LINES])
    return shown + (f" (et {len(lines) - MAX_PROBLEM_LINES} autres)" if len(lines) > MAX_PROBLEM_LINES else "")


def _decode(content: bytes, table: Table) -> str | None:
    if b"\x00" in content:
        table.problems.append("Encodage illisible : le fichier contient des octets nuls (fichier binaire, "
                              "ou UTF-16). Enregistrez-le en CSV UTF-8.")
        return None
    try:
        text = content.decode("utf-8-sig")
        table.encoding = "UTF-8"
    except UnicodeDecodeError:
        utf8, other = _lines_by_encoding(content.removeprefix(b"\xef\xbb\xbf"))
        if utf8:  # some lines in UTF-8, others not: no single decoding is right for all of them
            table.problems.append(
                "Encodage mélangé : des lignes sont en UTF-8 (lignes " + _numbers(utf8) + ") et d'autres en "
                "Windows-1252/Latin-1 (lignes " + _numbers(other) + "). Les accents seraient abîmés "
                "(« CafÃ© ») : réenregistrez tout le fichier en CSV UTF-8.")
            return None
        try:
            text = content.decode("cp1252")
            table.encoding = "Windows-1252 (Latin-1)"
        except UnicodeDecodeError:
            table.problems.append("Encodage illisible : ni UTF-8 ni Windows-1252/Latin-1. "
                                  "Enregistrez le fichier en CSV UTF-8.")
            return None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t")
    if controls > max(3, len(text) // 1000):
        table.problems.append("Encodage illisible : le contenu n'est pas du texte (caractères de contrôle). "
                              "Enregistrez le fichier en CSV UTF-8 ou en XLSX.")
        return None
    return text


def _read_csv(content: bytes, table: Table) -> Table:
    text = _decode(content, table)
    if text is None:
        return table
    first_line = text.splitlines()[0] if text.splitlines() else ""
    table.delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=table.delimiter, strict=True)
    try:
        records = list(reader)
    except csv.Error as error:
        table.problems.append(_csv_problem(str(error), reader.line_num))
        return table
    records = [r for r in records if any(cell.strip() for cell in r)]
    if not records:
        table.problems.append("Le fichier est vide : aucune ligne d'en-tête ni de données.")
        return table
    table.header = [h.strip().lower() for h in records[0]]
    table.rows = records[1:]
    return table


def _csv_problem(error: str, line: int) -> str:
    """The csv module's English messages, in French with the line."""
    if "field larger than field limit" in error:
        return (f"Ligne {line} : une valeur dépasse {csv.field_size_limit():,} caractères (guillemet non refermé ?). "
                "Vérifiez les guillemets de cette ligne.").replace(",", "\u202f", 1)
    if "unexpected end of data" in error or "EOF" in error:
        return f"Ligne {line} : guillemet ouvert jamais refermé avant la fin du fichier. Vérifiez les guillemets."
    return f"Ligne {line} : CSV mal formé (guillemets mal placés). Vérifiez les guillemets de cette ligne."


UNREADABLE_XLSX = ("Fichier XLSX illisible : réenregistrez-le depuis votre tableur au format .xlsx, "
                   "ou exportez-le en CSV.")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]+[0-9]+:([A-Z]+)([0-9]+)"')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _check_archive(content: bytes) -> str | None:
    """Refuses, before any parsing, an archive whose declared content is too big, which
    declares a DTD (entities), or whose sheets declare too many rows or columns."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return UNREADABLE_XLSX
    total = sum(m.file_size for m in members)
    if total > MAX_XLSX_UNCOMPRESSED:
        return (f"Fichier XLSX refusé : une fois décompressé il occuperait {total / MEGABYTE:,.0f} Mo "
                f"(limite {MAX_XLSX_UNCOMPRESSED / MEGABYTE:.0f} Mo). Exportez-le en CSV ou découpez-le."
                ).replace(",", "\u202f")
    for member in members:
        name = member.filename.lower()
        if name.endswith("sharedstrings.xml") and member.file_size > MAX_XLSX_SHARED_STRINGS:
            return (f"Fichier XLSX refusé : trop de texte ({member.file_size / MEGABYTE:.0f} Mo de cellules texte, "
                    f"limite {MAX_XLSX_SHARED_STRINGS / MEGABYTE:.0f} Mo). Exportez-le en CSV.")
        if not name.endswith((".xml", ".rels")):
            continue
        try:
            with archive.open(member) as stream:
                head = stream.read(4096)
        except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
            return UNREADABLE_XLSX
        if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
            return "Fichier XLSX illisible : il contient une déclaration DOCTYPE ou ENTITY, refusée par sécurité."
        if name.startswith("xl/worksheets/"):
            match = _DIMENSION.search(head)
            if match and (int(match.group(2)) > MAX_ROWS + 1 or _column_number(match.group(1)) > MAX_COLUMNS):
                return (f"Fichier XLSX refusé : la feuille déclare {int(match.group(2)):,} lignes et "
                        f"{_column_number(match.group(1)):,} colonnes (limites : {MAX_ROWS:,} lignes, "
                        f"{MAX_COLUMNS} colonnes).").replace(",", "\u202f")
    return None


def sheet_names(content: bytes) -> list[str] | None:
    """The sheets of a workbook, or None when it is not a readable (or acceptable) XLSX."""
    from openpyxl import load_workbook

    if _check_archive(content):
        return None
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            return list(workbook.sheetnames)
        finally:
            workbook.close()
    except Exception:  # noqa: BLE001 - as in _read_xlsx
        return None


def _sheet_problem(names: list[str], wanted: str | None) -> str | None:
    listed = ", ".join(f"« {n} »" for n in names)
    if wanted is None and len(names) > 1:
        return (f"Le classeur contient {len(names)} feuilles ({listed}) : choisissez celle à lire "
                "(--feuille NOM en ligne de commande, ou « feuille » dans le fichier de correspondance).")
    if wanted is not None and wanted not in names:
        return f"Feuille « {wanted[:60]} » absente du classeur ; feuilles présentes : {listed}."
    return None


def _read_xlsx(content: bytes, table: Table, wanted: str | None = None, choose_sheet: bool = False) -> Table:
    from openpyxl import load_workbook  # only needed for spreadsheets

    problem = _check_archive(content)
    if problem:
        table.problems.append(problem)
        return table
    records = []
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            table.sheets = list(workbook.sheetnames)
            problem = _sheet_problem(table.sheets, wanted) if (choose_sheet or wanted is not None) else None
            if problem:
                table.problems.append(problem)
                return table
            sheet = workbook[wanted] if wanted is not None else workbook.worksheets[0]
            table.sheet = sheet.title
            sheet.reset_dimensions()  # rows as written, not padded to a declared width
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if number > MAX_ROWS + 1:
                    table.problems.append(f"Fichier XLSX refusé : plus de {MAX_ROWS:,} lignes. Découpez le fichier."
                                          .replace(",", "\u202f"))
                    return table
                if len(values) > MAX_COLUMNS:
                    values = values[:MAX_COLUMNS] if not any(v is not None for v in values[MAX_COLUMNS:]) else None
                    if values is None:
                        table.problems.append(f"Fichier XLSX refusé : ligne {number}, plus de {MAX_COLUMNS} "
                                              "colonnes remplies.")
                        return table
                cells = ["" if v is None else _cell_text(v) for v in values]
                if any(c.strip() for c in cells):
                    records.append(cells)
        finally:
            workbook.close()
    except Exception as error:  # noqa: BLE001 - openpyxl and expat raise many types on corrupt files
        table.problems.append(f"{UNREADABLE_XLSX} (détail : {type(error).__name__})")
        return table
    table.encoding = "XLSX"
    if not records:
        table.problems.append(f"Le fichier est vide : la feuille « {table.sheet} » ne contient aucune ligne.")
        return table
    table.header = [h.strip().lower() for h in records[0]]
    table.rows = records[1:]
    return table


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
