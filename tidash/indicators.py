"""Display of the DITP barometer indicators (France 2030, industry) for one région."""
from __future__ import annotations

import pandas as pd

from tidash import formatting as fmt


def _france2030(value: float, level: str) -> str:
    # The barometer gives IND-905 in euros by région and in billions of euros nationally;
    # shown in the unit that fits (33,5 M€ for La Réunion, not « 0,0 Md€ »).
    euros = value if level == "region" else value * 1e9
    return fmt.euros_compact(euros)


FORMATS = {
    "IND-905": _france2030,
    "IND-334": lambda v, level: fmt.count(v, "site"),
    "IND-337": lambda v, level: fmt.decimal(v, 2) + " " + fmt.agree(v, "million"),
}
LABELS = {
    "IND-905": "France 2030 : montants engagés",
    "IND-334": "Solde net de sites industriels nouveaux ou étendus (année)",
    "IND-337": "Emplois dans les métiers industriels",
}


def region_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Indicateur": [LABELS.get(i, l) for i, l in zip(frame["indic_id"], frame["label"])],
        "Date": frame["date"].map(lambda d: fmt.date_fr(str(d)[:10])),
        "Région": [FORMATS[i](v, "region") if i in FORMATS else fmt.decimal(v, 1)
                   for i, v in zip(frame["indic_id"], frame["region_value"])],
        "France": [FORMATS[i](v, "national") if i in FORMATS and pd.notna(v) else fmt.MISSING
                   for i, v in zip(frame["indic_id"], frame["national_value"])],
    })
