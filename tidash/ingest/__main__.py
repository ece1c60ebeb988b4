"""``python -m tidash.ingest FICHIER`` : valide puis publie un fichier de suivi des projets
(ou un export Fonds vert) ; ``--restore`` revient à la version précédente."""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from tidash import paths
from tidash.ingest import publish, store
from tidash.ingest.reader import read_table
from tidash.ingest.validate import MAX_PROBLEMS_SHOWN, Known, Result, detect_kind, validate_fonds_vert, validate_programme


def check(content: bytes, filename: str, year: int | None = None) -> Result:
    """Reads and validates without writing anything."""
    table = read_table(content, filename)
    if table.problems:
        result = Result("inconnu")
        from tidash.ingest.validate import Problem
        result.problems = [Problem(None, None, p) for p in table.problems]
        return result
    known = Known.from_extracts(paths.extracts_dir())
    if detect_kind(table.header) == "fonds_vert":
        year = year or _year_from_name(filename)
        if year is None:
            from tidash.ingest.validate import Problem
            return Result("fonds_vert", problems=[Problem(None, None, "export Fonds vert reconnu : précisez "
                                                                      "l'année avec --annee AAAA")])
        result = validate_fonds_vert(table, known, year)
        if result.ok:
            result.frame = publish.normalise_fonds_vert(result.frame, year)
            result.kind = publish.fonds_vert_kind(year)
        return result
    return validate_programme(table, known)


def _year_from_name(filename: str) -> int | None:
    match = re.search(r"(20\d\d)", Path(filename).name)
    return int(match.group(1)) if match else None


def report(result: Result) -> str:
    lines = [f"Import refusé : {len(result.problems)} problème(s). Rien n'a été écrit."]
    lines += [f"  - {p}" for p in result.problems[:MAX_PROBLEMS_SHOWN]]
    if len(result.problems) > MAX_PROBLEMS_SHOWN:
        lines.append(f"  … et {len(result.problems) - MAX_PROBLEMS_SHOWN} autres.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tidash.ingest", description=__doc__)
    parser.add_argument("fichier", nargs="?", help="CSV (; ou ,) ou XLSX")
    parser.add_argument("--annee", type=int, help="année d'un export Fonds vert")
    parser.add_argument("--restore", metavar="TYPE", nargs="?", const=store.PROGRAMME_PROJECTS,
                        help="restaure la version précédente (programme_projects par défaut, ou fonds_vert_AAAA)")
    args = parser.parse_args(argv)
    if args.restore:
        if not re.fullmatch(r"programme_projects|fonds_vert_20\d\d", args.restore):
            print(f"Type inconnu : {args.restore}", file=sys.stderr)
            return 2
        if publish.restore(args.restore, paths.sources_dir(), paths.data_dir()):
            print(f"Version précédente de {args.restore} restaurée et publiée.")
            return 0
        print(f"Aucune version précédente de {args.restore} à restaurer.", file=sys.stderr)
        return 1
    if not args.fichier:
        parser.print_usage(sys.stderr)
        return 2
    path = Path(args.fichier)
    try:
        content = path.read_bytes()
    except OSError as error:
        print(f"Impossible de lire {path} : {error.strerror}", file=sys.stderr)
        return 1
    result = check(content, path.name, args.annee)
    if not result.ok:
        print(report(result), file=sys.stderr)
        return 1
    publish.publish(result.kind, result.frame, paths.sources_dir(), paths.data_dir())
    print(f"Import publié : {len(result.frame)} ligne(s) ({result.kind}). "
          f"Version précédente conservée (--restore {result.kind}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
