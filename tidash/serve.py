"""``python -m tidash.serve``: starts Streamlit on dashboard.py.

Streamlit treats an app with a pages/ folder as an old-style multipage app until the first
session calls st.navigation; a fresh server's first request for /territoire would then run
that page alone, without the sidebar. The app declares its pages with st.navigation, so the
flag is cleared before the server starts.

Garbage collection: Streamlit runs a full ``gc.collect(2)`` after every script run
(``runner.postScriptGC``), which walked every object of pandas, plotly, DuckDB and babel —
about 85 ms of CPU per interaction, three quarters of the total. The app's modules are
imported and warmed here, then ``gc.freeze()`` moves those long-lived objects out of the
collector's reach: later collections only scan what the sessions create.
(.streamlit/config.toml also turns the post-run collection off; the ordinary, generational
collector still runs.)"""
from __future__ import annotations

import gc
import logging
import os
import sys

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from tidash.paths import PROJECT_ROOT


def warm_and_freeze() -> None:
    """Imports what every script run needs and builds one throwaway figure of each kind the
    app draws (plotly builds its validators lazily), then freezes all of it for the collector."""
    import plotly.graph_objects as go

    # Declaring a cached function outside a running server logs a harmless warning.
    logging.getLogger("streamlit.runtime.caching.cache_data_api").setLevel(logging.ERROR)
    import tidash.briefing.screen  # noqa: F401
    import tidash.briefing.slides  # noqa: F401
    import tidash.indicators  # noqa: F401
    import tidash.ranking  # noqa: F401
    import tidash.timeline  # noqa: F401
    import tidash.ui  # noqa: F401
    from tidash import charts, maps  # noqa: F401
    from tidash import formatting as fmt

    for trace in (go.Choropleth, go.Choroplethmap, go.Bar, go.Scatter, go.Treemap):
        figure = go.Figure(trace())
        charts.base_layout(figure, "")
        figure.to_plotly_json()
    fmt.integer(1234567)
    fmt.euros(1234567.5)
    fmt.decimal(1.5)
    gc.collect()
    gc.freeze()
    logging.getLogger("streamlit.runtime.caching.cache_data_api").setLevel(logging.NOTSET)


def main() -> None:
    PagesManager.uses_pages_directory = False
    if os.environ.get("TI_GC_FREEZE", "1") != "0":  # TI_GC_FREEZE=0: the benchmark's « before »
        warm_and_freeze()
    sys.argv = ["streamlit", "run", str(PROJECT_ROOT / "dashboard.py"), *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()

