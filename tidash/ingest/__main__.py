"""``python -m tidash.ingest FICHIER`` : valide puis publie un fichier de suivi des projets
(ou un export Fonds vert) ; ``--restore`` revient à la version précédente."""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from tidash import paths
from tidash.ingest import publish, store
from tidash.ingest.service import check, report


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
    outcome = publish.publish(result.kind, result.frame, paths.sources_dir(), paths.data_dir(),
                              source_name=path.name)
    if not outcome.published:
        print(outcome.message)
        return 0
    print(f"{outcome.message} Version précédente conservée (--restore {result.kind}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
