"""French for the texts of Streamlit's own frontend that the pages show: the tables' toolbar
and column menu (« Download as CSV », « Sort ascending »…), « No results » in the lists, « Press
Enter to apply » under a text box, the full-screen button, the sidebar's arrows, file sizes
(« 50 Mo »). Streamlit 1.67 has no language
setting: its texts are literals in its JavaScript bundle.

tidash.serve serves Streamlit's static folder through a folder of links; the few bundle files
named here are written there translated instead of linked. Each replacement is an exact text
of the pinned Streamlit version (requirements.txt): tests/test_frontend_fr.py fails when one is
no longer found, so that an upgrade cannot silently bring the English back."""
from __future__ import annotations

import os
from pathlib import Path

# Bundle file (its name before the content hash) → (English text, French text), every occurrence.
TRANSLATIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "DataFrame": (
        # « ce tableau »: the rows shown, as formatted; not the page's own buttons, which download
        # every filtered row (Projets: 2 000 shown, 11 350 in the download)
        ("label:`Download as CSV`", "label:`Télécharger ce tableau (CSV)`"),
        ("label:`Search`", "label:`Rechercher`"),
        ("label:`Show/hide columns`", "label:`Afficher ou masquer des colonnes`"),
        ("label:`Clear selection`", "label:`Effacer la sélection`"),
        ("label:`Select all`", "label:`Tout sélectionner`"),
        ("`Sort ascending`]", "`Tri croissant`]"),
        ("`Sort descending`]", "`Tri décroissant`]"),
        ("`Autosize`]", "`Largeur automatique`]"),
        ("`Pin column`]", "`Épingler la colonne`]"),
        ("`Unpin column`]", "`Désépingler la colonne`]"),
        ("`Hide column`]", "`Masquer la colonne`]"),
        ("title:`Copy column name`", "title:`Copier le nom de la colonne`"),
        ('"aria-label":`Copy column name`', '"aria-label":`Copier le nom de la colonne`'),
        ('"aria-label":`Dataframe column menu`', '"aria-label":`Menu de la colonne`'),
        ('"aria-label":`Close Search`', '"aria-label":`Fermer la recherche`'),
        ('"aria-label":`Previous Result`', '"aria-label":`Résultat précédent`'),
        ('"aria-label":`Next Result`', '"aria-label":`Résultat suivant`'),
        # the column menu's « Format » list (« Format » is French already)
        ("label:`Automatic`", "label:`Automatique`"),
        ("label:`Localized`", "label:`Selon la langue`"),
        ("label:`Plain`", "label:`Brut`"),
        ("label:`Scientific`", "label:`Scientifique`"),
        ("label:`Percent`", "label:`Pourcentage`"),
        ("label:`Accounting`", "label:`Comptable`"),
        ("label:`Calendar`", "label:`Calendrier`"),
        ("label:`Duration`", "label:`Durée`"),
    ),
    "Toolbar": (
        ("label:`Fullscreen`", "label:`Plein écran`"),
        ("label:`Close fullscreen`", "label:`Quitter le plein écran`"),
    ),
    "PlotlyChart": (  # the full-screen button Streamlit adds to plotly's own bar (title and name)
        ("let e=l?`Close fullscreen`:`Fullscreen`;", "let e=l?`Quitter le plein écran`:`Plein écran`;"),
    ),
    "Selectbox": (
        ("children:`No results`", "children:`Aucun résultat`"),
        ('"aria-label":`Open`', '"aria-label":`Ouvrir la liste`'),  # screen readers
        ('"aria-label":`Clear value`', '"aria-label":`Effacer`'),
    ),
    "Multiselect": (
        ("return`No results`", "return`Aucun résultat`"),
        ('"aria-label":`Open`', '"aria-label":`Ouvrir la liste`'),
        ('"aria-label":`Remove ${e}`', '"aria-label":`Retirer ${e}`'),
        ('"aria-label":`Clear all`', '"aria-label":`Tout retirer`'),
        ("return`You can only select up to ${t.maxSelections} ${e}. Remove an option first.`",
         "return`Au plus ${t.maxSelections} choix : retirez-en un d'abord.`"),
    ),
    "FileUploader": (  # the Données page's import and the project lists' import
        ("t?`Drag and drop files here`:`Drag and drop a file here`",
         "t?`Glissez-déposez des fichiers ici`:`Glissez-déposez un fichier ici`"),
        ("label:l?`Upload directories`:`Upload`", "label:l?`Choisir des dossiers`:`Choisir un fichier`"),
        ('"aria-label":`Add files`', '"aria-label":`Ajouter des fichiers`'),
        ("`${T(t,D.Byte,0)} per file`", "`${T(t,D.Byte,0)} au plus par fichier`"),
    ),
    "StreamlitMarkdown": (  # the help icon's and the headings' anchor labels for screen readers
        (r"`Help`:`Help for ${t.replaceAll(/\s+/g,` `)}`", r"`Aide`:`Aide : ${t.replaceAll(/\s+/g,` `)}`"),
        ('"aria-label":`Link to heading`', '"aria-label":`Lien vers ce titre`'),
    ),
    "useCopyToClipboard": (  # the copy button of « Voir la requête SQL »
        ("label:t?`Copied`:`Copy to clipboard`", "label:t?`Copié`:`Copier`"),
    ),
    "index": (  # the page's frame: mostly labels for screen readers
        ('"aria-label":`Collapse sidebar`', '"aria-label":`Replier la barre latérale`'),
        ('"aria-label":`Expand sidebar`', '"aria-label":`Déplier la barre latérale`'),
        ("children:`Skip to main content`", "children:`Aller au contenu principal`"),  # shown by the Tab key
        ('"aria-label":`App pages`', '"aria-label":`Pages du tableau de bord`'),
        ('"aria-label":`Sidebar`', '"aria-label":`Barre latérale`'),
        ('"aria-label":`Shortcut ${l}`', '"aria-label":`Raccourci ${l}`'),  # the briefing's buttons (← → P)
    ),
    "NumberInput": (  # the years of the imports (Données page, project lists)
        ('"aria-label":`Increment`', '"aria-label":`Augmenter`'),
        ('"aria-label":`Decrement`', '"aria-label":`Diminuer`'),
        ('"aria-label":`Clear value`', '"aria-label":`Effacer`'),
    ),
    "utils": (  # three files share this name; each text is in one of them
        # an empty list's placeholder
        ("(e=`No options to select`,i=!0):e=n?r?`Choose or add options`:`Choose or add an option`:r?`Choose options`:`Choose an option`",
         "(e=`Aucun choix possible`,i=!0):e=n?r?`Choisir ou ajouter`:`Choisir ou ajouter`:r?`Choisir`:`Choisir une option`"),
        # file sizes (the import's « 50 Mo au plus par fichier », an imported file's size), in French units
        ("`${e.toFixed(n)}${t.toUpperCase()}`",
         "`${e.toFixed(n).replace(`.`,`,`)}\u00a0${({gb:`Go`,mb:`Mo`,kb:`ko`,b:`o`})[t]}`"),
    ),
    "InputInstructions": (
        ("`submit form`:`apply`", "`envoyer le formulaire`:`valider`"),
        ("f(`Press ${r()?`⌘`:`Ctrl`}+Enter to ${e}`)", "f(`${r()?`⌘`:`Ctrl`}+Entrée pour ${e}`)"),
        ("f(`Press Enter to ${e}`)", "f(`Entrée pour ${e}`)"),
    ),
}


def module_of(file_name: str) -> str:
    """« DataFrame.-f9-1zS0.js » → « DataFrame » (the name before the content hash)."""
    return file_name.split(".", 1)[0]


def translate(module: str, text: str) -> tuple[str, list[str]]:
    """The bundle file's text in French, and the English texts that were not found in it."""
    missing = []
    for english, french in TRANSLATIONS.get(module, ()):
        if english not in text:
            missing.append(english)
        text = text.replace(english, french)
    return text, missing


def french_js_folder(source: Path, target: Path) -> list[str]:
    """`target` mirrors Streamlit's js folder `source` with links, except the files of
    TRANSLATIONS that contain one of their texts, written translated. Several files may share a
    name (« utils »): a text must be in one of them. Returns what could not be translated
    (« module: text »)."""
    target.mkdir(parents=True, exist_ok=True)
    absent_from: dict[str, list[set[str]]] = {}  # module → the texts absent from each of its files
    for entry in source.iterdir():
        module = module_of(entry.name)
        if entry.suffix == ".js" and module in TRANSLATIONS:
            original = entry.read_text(encoding="utf-8")
            text, absent = translate(module, original)
            absent_from.setdefault(module, []).append(set(absent))
            if text != original:
                (target / entry.name).write_text(text, encoding="utf-8")
                continue
        os.symlink(entry, target / entry.name)
    missing = []
    for module, pairs in TRANSLATIONS.items():
        if module not in absent_from:
            missing.append(f"{module}: fichier absent")
            continue
        missing += [f"{module}: {english}" for english, _ in pairs if all(english in absent for absent in absent_from[module])]
    return missing
