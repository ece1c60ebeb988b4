"""The three perimeter vintages of the programme, kept side by side."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Vintage:
    code: str
    label: str  # on screen: its count of territories is checked against the data (tests/test_build.py)
    source: str


VINTAGES: dict[str, Vintage] = {
    v.code: v
    for v in (
        Vintage("2020-10", "2020 · 148 territoires",
                "Liste des communes d'octobre 2020 (signaux-faibles/datapi, migration 201013)"),
        Vintage("2023-08", "2023 · 149 territoires",
                "ANCT, liste-ti-com2023-20230802 (fin de la phase 1)"),
        Vintage("2024-07", "2024 · 183 territoires",
                "ANCT, liste-ti-grpt2023-20240704 (phase 2, data.gouv.fr)"),
    )
}
DEFAULT_VINTAGE = "2024-07"


def label(code: str) -> str:
    """« 2024 · 183 territoires » for a vintage code; an unknown code as it is."""
    return VINTAGES[code].label if code in VINTAGES else code
