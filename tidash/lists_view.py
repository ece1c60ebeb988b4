"""Données page: import any grant or project list through a column mapping (issue 9 §4), the
same flow as ``python -m tidash.ingest FILE --source … --mapping …``: sheet choice, one
selectbox per field pre-filled from the header names, preview of the first rows and of the
reconciliation, publish, remove. Shown only to an operator (token checked by the page)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st

from tidash import formatting as fmt
from tidash import paths, repository, ui
from tidash.charts import STATUS_LABELS
from tidash.ingest import mapping as lm
from tidash.ingest import overlap, publish, reader, store
from tidash.ingest.service import report
from tidash.sources import SOURCE_LABELS
from tidash.vintages import label as vintage_label

NONE = "— aucune colonne —"
OVERLAP_BOX = "Importer quand même (ces lignes seront comptées deux fois si les deux sources sont sélectionnées)"


def reconciliation_table(table: pd.DataFrame) -> pd.DataFrame:
    return ui.french_table(table[["vintage", "status", "n_projects", "amount_eur", "source_projects",
                                  "source_amount_eur"]], {
        "vintage": vintage_label, "status": STATUS_LABELS.get, "n_projects": fmt.integer, "source_projects": fmt.integer,
        "amount_eur": lambda v: fmt.euros(v, cents=True), "source_amount_eur": lambda v: fmt.euros(v, cents=True),
    }, {"vintage": "Périmètre", "status": "Situation", "n_projects": "Projets", "amount_eur": "Montant",
        "source_projects": "Lignes du fichier", "source_amount_eur": "Total du fichier"})


def mapping_form(content: bytes, filename: str, who: str) -> None:
    """Everything after the upload; a separate function so that it can be tested with a real file."""
    sheet = None
    if content[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx"):
        sheets = reader.sheet_names(content)
        if sheets is None:
            st.error(reader.UNREADABLE_XLSX, icon="🚫")
            return
        sheet = st.selectbox("Feuille à lire", sheets, index=0 if len(sheets) == 1 else None, key="list_sheet",
                             placeholder=f"{len(sheets)} feuilles : choisissez celle à lire")
        if sheet is None:
            st.info("Choisissez la feuille à lire : aucune n'est lue par défaut.")
            return
    table = reader.read_table(content, filename, sheet=sheet, choose_sheet=True)
    if table.problems:
        st.error("\n".join(table.problems), icon="🚫")
        return
    st.caption(f"{table.described()} {fmt.count(len(table.rows), 'ligne')} sous l'en-tête.")
    st.markdown("**Premières lignes du fichier**")
    st.dataframe(pd.DataFrame([r[:len(table.header)] + [""] * (len(table.header) - len(r)) for r in table.rows[:5]],
                              columns=[h or f"(colonne {i + 1})" for i, h in enumerate(table.header)]),
                 hide_index=True)
    source = st.text_input("Nom lisible de la source", value=Path(filename).stem.replace("_", " "),
                           key="list_source", help="Affiché sur toutes les pages ; le nom court en est dérivé.")
    guessed = lm.guess(table.header)
    options = [NONE, *[h for h in table.header if h]]
    columns: dict[str, str] = {}
    st.markdown("**Correspondance des colonnes** (pré-remplie d'après les titres ; vérifiez-la)")
    grid = st.columns(3)
    for i, spec in enumerate(lm.FIELDS):
        default = guessed.get(spec.key)
        chosen = grid[i % 3].selectbox(spec.label + (" *" if spec.required else ""), options,
                                       index=options.index(default) if default in options else 0,
                                       key=f"list_field_{spec.key}", help=spec.help)
        if chosen != NONE:
            columns[spec.key] = chosen
    values = {}
    left, right = st.columns(2)
    year = left.number_input("Année pour toutes les lignes (si aucune colonne « Année »)", min_value=2014,
                             max_value=dt.date.today().year, value=None, step=1, key="list_year")
    if year and "annee" not in columns:
        values["annee"] = str(int(year))
    scheme = right.text_input("Dispositif pour toutes les lignes (facultatif)", key="list_scheme")
    if scheme.strip() and "dispositif" not in columns:
        values["dispositif"] = scheme.strip()
    mapping = lm.Mapping(source.strip() or None, sheet, columns, values)
    places = lm.Places(paths.extracts_dir(), paths.sources_dir())
    checked = lm.check_list(content, filename, mapping, places, dt.date.today().year,
                            accept_overlap=bool(st.session_state.get("list_accept_overlap")))
    st.download_button("Télécharger cette correspondance (TOML, réutilisable l'an prochain)",
                       mapping.as_toml().encode("utf-8"), file_name=f"{lm.slugify(source) or 'liste'}.toml",
                       key="list_mapping_download")
    if not checked.ok:
        st.error(report(checked.result), icon="🚫")
    if checked.overlaps:  # shown refused or accepted, so that the box keeps its state
        st.checkbox(OVERLAP_BOX, key="list_accept_overlap",
                    help=f"Comme {overlap.FLAG} en ligne de commande. Sinon, retirez d'abord l'autre source ou "
                         "ne gardez dans le fichier que les lignes nouvelles.")
    if not checked.ok:
        return
    frame = checked.result.frame
    total = lm.total(frame)
    located = lm.located_by(frame, places)
    st.success(f"Liste valide : {fmt.count(len(frame), 'ligne')}"
               + ("" if total is None else f", total {fmt.euros(total, cents=True)}")
               + f" (nom court : {checked.slug}). Localisation : {lm.located_text(located)}. "
               "Rien n'est publié avant votre confirmation.")
    for found in checked.overlaps:
        st.warning(f"Importée quand même : {overlap.note(found)}.", icon="⚠️")
    st.markdown("**Réconciliation prévue** : dans les territoires + hors territoire + non rattachés = lignes "
                "et total du fichier, pour chaque périmètre")
    st.dataframe(reconciliation_table(lm.preview_reconciliation(frame, places)), hide_index=True)
    if st.button("Publier cette liste", type="primary", key="list_publish"):
        outcome = publish.publish(checked.result.kind, frame, paths.sources_dir(), paths.data_dir(), who=who,
                                  source_name=filename, label=mapping.source)
        (st.success if outcome.published else st.info)(outcome.message)


def overlap_notes() -> None:
    """Under the reconciliation of the Données page: the rows each published imported list
    shares with another published source (imported with « Importer quand même » or
    --accepter-doublons), which count twice when both sources are selected."""
    for source, (rows, found) in repository.list_overlaps().items():
        st.warning(f"« {SOURCE_LABELS.get(source, source)} » ({fmt.count(rows, 'ligne')}), "
                   + " ; ".join(f"dont {overlap.note(o)}" for o in found) + ".", icon="⚠️")


def imported_lists(who: str) -> None:
    """The lists imported so far, with a way to withdraw one (the previous version stays)."""
    state = store.load_state(paths.data_dir())
    published = {k: v for k, v in state.items() if k.startswith(store.LIST_PREFIX) and v.get("current")}
    if not published:
        st.caption("Aucune liste importée pour l'instant.")
        return
    st.dataframe([{"Source": v.get("label", k), "Nom court": k.removeprefix(store.LIST_PREFIX)}
                  for k, v in sorted(published.items())], hide_index=True)
    kind = st.selectbox("Liste à retirer", sorted(published), index=None, key="list_remove_choice",
                        format_func=lambda k: published[k].get("label", k), placeholder="Choisissez une liste")
    if kind and st.button("Retirer cette liste", key="list_remove"):
        if publish.remove(kind, paths.sources_dir(), paths.data_dir(), who=who):
            st.success(f"Liste retirée de toutes les pages (« python -m tidash.ingest --restore "
                       f"{kind.removeprefix(store.LIST_PREFIX)} » la remet).")


def section(who: str) -> None:
    st.markdown("#### Liste de subventions ou de projets (toute mise en forme)")
    st.caption("Associez chaque champ à une colonne du fichier ; au moins une localisation (code commune, SIREN, "
               "ou longitude et latitude). Même démarche qu'en ligne de commande (README, « Importer une liste de "
               "subventions »).")
    upload = st.file_uploader("Liste de subventions ou de projets", type=["csv", "xlsx"], key="list_upload",
                              help=f"CSV ou XLSX, {reader.max_bytes() // reader.MEGABYTE} Mo au plus.")
    if upload is not None:
        mapping_form(upload.getvalue(), upload.name, who)
    imported_lists(who)
