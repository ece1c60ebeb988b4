"""``python -m tidash.ingest FICHIER`` : valide puis publie un fichier de suivi des projets
(ou un export Fonds vert) ; ``--restore`` revient à la version précédente.

Toute autre liste de projets ou de subventions : ``--source "Nom lisible"`` avec une
correspondance des colonnes (``--mapping fichier.toml`` ou ``--colonne champ=Colonne``).
``--lister`` montre les sources importées, ``--retirer SOURCE`` en retire une."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tidash import paths
from tidash.ingest import lists, publish, store
from tidash.ingest.contract import METHODS
from tidash.ingest.service import check, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tidash.ingest", description=__doc__)
    parser.add_argument("fichier", nargs="?", help="CSV (; ou ,) ou XLSX")
    parser.add_argument("--annee", type=int, help="année d'un export Fonds vert")
    parser.add_argument("--restore", metavar="TYPE", nargs="?", const=store.PROGRAMME_PROJECTS,
                        help="restaure la version précédente (programme_projects par défaut, fonds_vert_AAAA, "
                             "ou le nom court d'une source importée)")
    lists.add_arguments(parser)
    args = parser.parse_args(argv)
    if args.lister:
        return lists.show_list()
    if args.retirer:
        return lists.withdraw(args.retirer)
    if args.restore and not store.KIND.match(args.restore) and store.KIND.match(lists.kind(args.restore)):
        args.restore = lists.kind(args.restore)
    if args.restore:
        if not store.KIND.match(args.restore):
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
    if lists.wanted(args):
        return lists.import_list(content, path.name, args)
    result = check(content, path.name, args.annee)
    if not result.ok:
        print(report(result), file=sys.stderr)
        return 1
    if "id_ti_method" in result.frame:  # the programme ledger: how each territory was found
        found = result.frame["id_ti_method"].value_counts()
        print("Territoires : " + ", ".join(f"{found[how]} par {how}" for how in METHODS if how in found) + ".")
    outcome = publish.publish(result.kind, result.frame, paths.sources_dir(), paths.data_dir(),
                              source_name=path.name)
    if not outcome.published:
        print(outcome.message)
        return 0
    print(f"{outcome.message} Version précédente conservée (--restore {result.kind}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
