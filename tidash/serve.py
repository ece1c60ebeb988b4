"""``python -m tidash.serve``: starts Streamlit on dashboard.py.

Streamlit treats an app with a pages/ folder as an old-style multipage app until the first
session calls st.navigation; a fresh server's first request for /territoire would then run
that page alone, without the sidebar. The app declares its pages with st.navigation, so the
flag is cleared before the server starts."""
from __future__ import annotations

import math
import os
import sys

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from tidash import settings
from tidash.paths import PROJECT_ROOT


def main() -> None:
    PagesManager.uses_pages_directory = False
    args = sys.argv[1:]
    if not any(a == "--server.address" or a.startswith("--server.address=") for a in args):
        args += ["--server.address", settings.server_address()]  # localhost unless the operator opens it
    megabytes = os.environ.get("TI_IMPORT_MAX_MB", "").strip()
    if megabytes and not any(a.startswith("--server.maxUploadSize") for a in args):
        try:  # the browser's upload limit follows the importer's (French message below it)
            args += ["--server.maxUploadSize", str(max(1, math.ceil(float(megabytes))))]
        except ValueError:
            pass
    sys.argv = ["streamlit", "run", str(PROJECT_ROOT / "dashboard.py"), *args]
    cli.main()


if __name__ == "__main__":
    main()

