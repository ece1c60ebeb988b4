"""Command-line side of lists imported with a column mapping: import, list, withdraw.

``python -m tidash.ingest FICHIER --source "Nom lisible" --mapping docs/mappings/x.toml``
checks every row (nothing written on a problem), prints which sheet was read, how rows are
located and the reconciliation it will give, publishes, then prints the published
reconciliation per vintage (inside + outside + non rattaché = rows and total of the file)."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import pandas as pd

from tidash import formatting as fmt
from tidash import paths
from tidash.ingest import mapping as lm
from tidash.ingest import overlap, publish, store
from tidash.ingest.service import report
from tidash.ingest.validate import Problem, Result
from tidash.vintages import VINTAGES

STATUS = {"inside": "dans les territoires", "outside": "hors territoire", "unresolved": "non rattachés"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", help="nom lisible d'une liste importée avec une correspondance de colonnes")
    parser.add_argument("--mapping", type=Path, help="fichier de correspondance des colonnes (TOML ou JSON)")
    parser.add_argument("--colonne", action="append", default=[], metavar="CHAMP=COLONNE",
                        help=f"associe un champ ({', '.join(lm.FIELD_KEYS)}) à une colonne du fichier")
    parser.add_argument("--valeur", action="append", default=[], metavar="CHAMP=VALEUR",
                        help="une valeur pour toutes les lignes (dispositif, mesure, annee)")
    parser.add_argument("--feuille", help="feuille à lire dans un classeur XLSX")
    parser.add_argument("--verifier", action="store_true", help="vérifie et montre la réconciliation sans publier")
    parser.add_argument("--accepter-doublons", action="store_true", dest="accept_overlap",
                        help="importe même si des lignes sont déjà publiées dans une autre source (elles seront "
                             "comptées deux fois quand les deux sources sont sélectionnées)")
    parser.add_argument("--lister", action="store_true", help="liste les sources importées")
    parser.add_argument("--retirer", metavar="SOURCE", help="retire une source importée (nom court ou nom lisible)")


def wanted(args: argparse.Namespace) -> bool:
    return bool(args.source or args.mapping or args.colonne or args.valeur)


def kind(name: str) -> str:
    """The import kind of a source given by its short name (slug) or readable name."""
    slug = name.removeprefix(store.LIST_PREFIX) if name.startswith(store.LIST_PREFIX) else lm.slugify(name)
    return lm.kind_of(slug)


def mapping_of(args: argparse.Namespace, problems: list[Problem]) -> lm.Mapping:
    base = lm.load_mapping(args.mapping, problems) if args.mapping else lm.Mapping()
    values = lm.pairs(args.valeur, problems, "--valeur")
    if args.annee and "annee" not in values:
        values["annee"] = str(args.annee)
    given = lm.Mapping(args.source, args.feuille, lm.pairs(args.colonne, problems, "--colonne"), values)
    return base.merged(given)


def euros(value) -> str:
    return "—" if value is None or pd.isna(value) else fmt.euros(value, cents=True)


def reconciliation_lines(table: pd.DataFrame) -> list[str]:
    lines = []
    for vintage, part in table.groupby("vintage", sort=True):
        label = VINTAGES[vintage].label if vintage in VINTAGES else vintage
        pieces = [f"{fmt.integer(r.n_projects)} {STATUS.get(r.status, r.status)}"
                  + ("" if r.amount_eur is None or pd.isna(r.amount_eur) else f" ({euros(r.amount_eur)})")
                  for r in part.itertuples()]
        first = part.iloc[0]
        amount = "" if first.source_amount_eur is None or pd.isna(first.source_amount_eur) else \
            f", {euros(first.source_amount_eur)}"
        lines.append(f"  {label} : {' + '.join(pieces)} = {fmt.integer(first.source_projects)} lignes{amount}")
    return lines


def import_list(content: bytes, filename: str, args: argparse.Namespace) -> int:
    problems: list[Problem] = []
    mapping = mapping_of(args, problems)
    if problems:
        print(report(Result("liste", problems=problems)), file=sys.stderr)
        return 1
    places = lm.Places(paths.extracts_dir(), paths.sources_dir())
    checked = lm.check_list(content, filename, mapping, places, dt.date.today().year,
                            accept_overlap=args.accept_overlap)
    if not checked.ok:
        print(report(checked.result), file=sys.stderr)
        return 1
    frame = checked.result.frame
    print(checked.table.described())
    total = lm.total(frame)
    print(f"{fmt.integer(len(frame))} lignes lues pour la source « {mapping.source} » (nom court : {checked.slug})"
          + ("" if total is None else f", total {euros(total)}") + ".")
    located = lm.located_by(frame, places)
    print(f"Localisation : {lm.located_text(located)}.")
    for found in checked.overlaps:
        print(f"Attention ({overlap.FLAG}) : {overlap.note(found)}.")
    if args.verifier:
        print("Réconciliation prévue (rien n'est publié) :")
        print("\n".join(reconciliation_lines(lm.preview_reconciliation(frame, places))))
        return 0
    outcome = publish.publish(checked.result.kind, frame, paths.sources_dir(), paths.data_dir(),
                              source_name=filename, label=mapping.source)
    print(outcome.message)
    published = pd.read_parquet(paths.extracts_dir() / "funding_reconciliation.parquet")
    print("Réconciliation publiée (dans + hors + non rattachés = lignes et total du fichier) :")
    print("\n".join(reconciliation_lines(published[published["source"] == checked.slug])))
    if outcome.published:
        print(f"Version précédente conservée (--restore {checked.slug}) ; retirer : --retirer {checked.slug}.")
    return 0


def show_list() -> int:
    data = paths.data_dir()
    state = store.load_state(data)
    entries = {k: v for k, v in state.items() if k.startswith(store.LIST_PREFIX)}
    if not entries:
        print("Aucune liste importée (importez-en une avec --source et --mapping).")
        return 0
    overlaps = overlap.list_overlaps(data)
    for name, entry in sorted(entries.items()):
        slug = name.removeprefix(store.LIST_PREFIX)
        label = entry.get("label", slug)
        if entry.get("current"):
            frame = pd.read_parquet(store.imports_dir(data) / entry["current"])
            total = lm.total(frame)
            detail = f"{fmt.integer(len(frame))} lignes" + ("" if total is None else f", {euros(total)}")
            print(f"{slug} — « {label} » : publiée ({detail})")
            for found in overlaps.get(slug, (0, []))[1]:
                print(f"  dont {overlap.note(found)}")
        else:
            print(f"{slug} — « {label} » : retirée (--restore {slug} la remet)")
    return 0


def withdraw(name: str) -> int:
    target = kind(name)
    if publish.remove(target, paths.sources_dir(), paths.data_dir()):
        print(f"Source {target.removeprefix(store.LIST_PREFIX)} retirée et catalogue republié "
              f"(--restore {target.removeprefix(store.LIST_PREFIX)} la remet).")
        return 0
    print(f"Aucune source importée publiée sous le nom « {name} » (voir --lister).", file=sys.stderr)
    return 1
