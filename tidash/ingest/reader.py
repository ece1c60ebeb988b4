"""Turns an uploaded or local file into header + rows of text, or a list of problems.

Accepts CSV (`;` or `,`, UTF-8 or Windows-1252/Latin-1) and XLSX. Never raises on bad
input: every problem becomes a French message naming what to fix."""
from __future__ import annotations

import csv
import io
import os
import zipfile
from dataclasses import dataclass, field

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def max_bytes() -> int:
    megabytes = os.environ.get("TI_IMPORT_MAX_MB")
    try:
        return int(float(megabytes) * 1024 * 1024) if megabytes else DEFAULT_MAX_BYTES
    except ValueError:
        return DEFAULT_MAX_BYTES


@dataclass
class Table:
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)  # rows[i] is line i + 2 of the file
    encoding: str = ""
    delimiter: str = ""
    problems: list[str] = field(default_factory=list)


def read_table(content: bytes, filename: str = "") -> Table:
    table = Table()
    if len(content) > max_bytes():
        table.problems.append(
            f"Fichier trop volumineux : {len(content) / 1e6:.1f} Mo pour une limite de "
            f"{max_bytes() / 1e6:.0f} Mo. Découpez le fichier ou relevez TI_IMPORT_MAX_MB.".replace(".", ",", 1))
        return table
    if not content.strip():
        table.problems.append("Le fichier est vide : aucune ligne d'en-tête ni de données.")
        return table
    if content[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx"):
        return _read_xlsx(content, table)
    return _read_csv(content, table)


def _decode(content: bytes, table: Table) -> str | None:
    if b"\x00" in content:
        table.problems.append("Encodage illisible : le fichier contient des octets nuls (fichier binaire, "
                              "ou UTF-16). Enregistrez-le en CSV UTF-8.")
        return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            table.encoding = "UTF-8" if encoding == "utf-8-sig" else "Windows-1252 (Latin-1)"
            break
        except UnicodeDecodeError:
            continue
    else:
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
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=table.delimiter, strict=True))
    except csv.Error as error:
        table.problems.append(f"CSV mal formé ({error}) : vérifiez les guillemets.")
        return table
    records = [r for r in records if any(cell.strip() for cell in r)]
    if not records:
        table.problems.append("Le fichier est vide : aucune ligne d'en-tête ni de données.")
        return table
    table.header = [h.strip().lower() for h in records[0]]
    table.rows = records[1:]
    return table


def _read_xlsx(content: bytes, table: Table) -> Table:
    from openpyxl import load_workbook  # only needed for spreadsheets

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        table.problems.append(f"Fichier XLSX illisible ({type(error).__name__}) : réenregistrez-le depuis "
                              "votre tableur au format .xlsx, ou exportez-le en CSV.")
        return table
    except Exception as error:  # openpyxl raises many types on corrupt archives
        table.problems.append(f"Fichier XLSX illisible ({type(error).__name__}).")
        return table
    sheet = workbook.worksheets[0]
    records = []
    for values in sheet.iter_rows(values_only=True):
        cells = ["" if v is None else _cell_text(v) for v in values]
        if any(c.strip() for c in cells):
            records.append(cells)
    workbook.close()
    table.encoding = "XLSX"
    if not records:
        table.problems.append("Le fichier est vide : la première feuille ne contient aucune ligne.")
        return table
    table.header = [h.strip().lower() for h in records[0]]
    table.rows = records[1:]
    return table


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
