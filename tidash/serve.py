"""``python -m tidash.serve``: starts Streamlit on dashboard.py.

Streamlit treats an app with a pages/ folder as an old-style multipage app until the first
session calls st.navigation; a fresh server's first request for /territoire would then run
that page alone, without the sidebar. The app declares its pages with st.navigation, so the
flag is cleared before the server starts.

Streamlit also serves its own index.html, which declares ``<html lang="en">`` and draws its
icons (expander arrows, buttons) with a bundled icon font under ``font-display: block``: when
that font is not there within 3 s (a busy 2-core server sending a 2 MB bundle and map layers
first, or a proxy that does not forward /static/media/), the browser prints the icon's name,
« keyboard_arrow_right ». At start-up the server is pointed at a copy of Streamlit's static
folder (symbolic links, nothing copied) whose index.html declares French, preloads the icon
font with the page and keeps icon names invisible until the font is ready.

Garbage collection: Streamlit runs a full ``gc.collect(2)`` after every script run
(``runner.postScriptGC``), which walked every object of pandas, plotly, DuckDB and babel —
about 85 ms of CPU per interaction, three quarters of the total. The app's modules are
imported and warmed here, then ``gc.freeze()`` moves those long-lived objects out of the
collector's reach: later collections only scan what the sessions create.
(.streamlit/config.toml also turns the post-run collection off; the ordinary, generational
collector still runs.)"""
from __future__ import annotations

import atexit
import gc
import json
import logging
import math
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from streamlit import file_util
from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from tidash import frontend_fr, settings
from tidash.paths import PROJECT_ROOT

TITLE = "Territoires d'industrie — tableau de bord"
ICON_FONT = "Material Symbols Rounded"
ICONS_READY_CLASS = "ti-icons-ready"
# Until the icon font is loaded, an icon is an empty 1-em box instead of its name.
ICON_GUARD = f"""
<style>
html:not(.{ICONS_READY_CLASS}) [data-testid="stIconMaterial"] {{
  color: transparent !important; display: inline-block; width: 1em; max-width: 1em;
  overflow: hidden; white-space: nowrap; vertical-align: middle;
}}
</style>
<script>
(function () {{
  var root = document.documentElement;
  function ready() {{
    var faces = [];
    document.fonts.forEach(function (f) {{ faces.push(f); }});
    return faces.some(function (f) {{
      return f.family.replace(/["']/g, "") === "{ICON_FONT}" && f.status === "loaded";
    }});
  }}
  function check() {{ if (ready()) {{ root.classList.add("{ICONS_READY_CLASS}"); }} }}
  document.fonts.addEventListener("loadingdone", check);
  document.fonts.load('1em "{ICON_FONT}"').then(check, function () {{}});
  check();
}})();
</script>
"""
NOSCRIPT = ("<noscript><p>Ce tableau de bord a besoin de JavaScript : activez-le dans votre navigateur."
            "</p></noscript>")


# Opened at /territoire, Streamlit's frontend does not know whether « territoire » is a page or
# the server's base path: it probes /territoire/_stcore/health (404) before /_stcore/health, and
# the same for host-config. Told the base (window.__streamlit.BACKEND_BASE_URL: the address
# without its last segment when that segment is one of the app's pages), it asks the right URL
# first. A reverse proxy's prefix (/ti/territoire) is kept. The default page lives at the root:
# opened by its own name (/national, an old bookmark), Streamlit said « Page not found » in
# English; the address becomes the root's, its filters kept.
BASE_URL_SCRIPT = """
<script>
(function () {{
  var pages = {pages};
  var path = location.pathname.replace(/\\/+$/, "");
  var last = path.slice(path.lastIndexOf("/") + 1);
  if (pages.indexOf(last) >= 0) {{ path = path.slice(0, path.length - last.length - 1); }}
  if (last === {home}) {{ history.replaceState(null, "", path + "/" + location.search + location.hash); }}
  window.__streamlit = Object.assign({{}}, window.__streamlit, {{BACKEND_BASE_URL: location.origin + path + "/"}});
}})();
</script>
"""


def page_paths() -> list[str]:
    """The url_path of every page declared in dashboard.py."""
    return sorted(set(re.findall(r'url_path="([A-Za-z0-9_-]+)"', (PROJECT_ROOT / "dashboard.py").read_text(encoding="utf-8"))))


def default_page_path() -> str:
    """The url_path of the page dashboard.py declares as default (served at the root)."""
    return re.search(r'url_path="([A-Za-z0-9_-]+)", default=True', (PROJECT_ROOT / "dashboard.py").read_text(encoding="utf-8"))[1]


def icon_font_file(static_dir: Path) -> str | None:
    """The bundled icon font (its name carries a content hash), relative to index.html."""
    found = sorted((static_dir / "static" / "media").glob("MaterialSymbols-Rounded*.woff2"))
    return f"./static/media/{found[0].name}" if found else None


def french_index(html: str, icon_font: str | None) -> str:
    """Streamlit's index.html, declared French, titled, with the icon font preloaded."""
    html, declared = re.subn(r"<html\b[^>]*>", '<html lang="fr">', html, count=1)
    if not declared:
        raise ValueError("index.html de Streamlit sans balise <html> : format inattendu")
    html = re.sub(r"<title>.*?</title>", f"<title>{TITLE}</title>", html, count=1, flags=re.S)
    html = re.sub(r"<noscript>.*?</noscript>", NOSCRIPT, html, count=1, flags=re.S)
    head = ICON_GUARD + BASE_URL_SCRIPT.format(pages=json.dumps(page_paths()), home=json.dumps(default_page_path()))
    if icon_font:
        head = (f'<link rel="preload" href="{icon_font}" as="font" type="font/woff2" crossorigin />'
                + head)
    return html.replace("</head>", head + "</head>", 1)


def french_static_dir(source: Path, target: Path) -> Path:
    """`target` mirrors Streamlit's static folder with links, except a French index.html and the
    bundle files whose texts tidash.frontend_fr translates."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        if entry.name == "static" and (entry / "js").is_dir():
            (target / "static").mkdir()
            for inner in entry.iterdir():
                if inner.name != "js":
                    os.symlink(inner, target / "static" / inner.name)
            missing = frontend_fr.french_js_folder(entry / "js", target / "static" / "js")
            if missing:  # served in English rather than not at all; the tests name them
                print("textes de Streamlit non traduits : " + " · ".join(missing), file=sys.stderr, flush=True)
        elif entry.name != "index.html":
            os.symlink(entry, target / entry.name)
    index = (source / "index.html").read_text(encoding="utf-8")
    (target / "index.html").write_text(french_index(index, icon_font_file(source)), encoding="utf-8")
    return target


def use_french_index() -> Path:
    source = Path(file_util.get_static_dir())
    target = Path(tempfile.mkdtemp(prefix="tidash-static-"))
    atexit.register(shutil.rmtree, target, True)
    french_static_dir(source, target / "static")
    file_util.get_static_dir = lambda: str(target / "static")
    return target / "static"


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

    for trace in (go.Choropleth, go.Scattergeo, go.Bar, go.Scatter, go.Treemap):
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
    use_french_index()
    if settings.gc_freeze():  # TI_GC_FREEZE=0: the benchmark's « before »
        warm_and_freeze()
    args = sys.argv[1:]
    if not any(a == "--server.address" or a.startswith("--server.address=") for a in args):
        args += ["--server.address", settings.server_address()]  # localhost unless the operator opens it
    megabytes = settings.import_max_megabytes()
    if megabytes and not any(a.startswith("--server.maxUploadSize") for a in args):
        # the browser's upload limit follows the importer's (French message below it)
        args += ["--server.maxUploadSize", str(max(1, math.ceil(megabytes)))]
    sys.argv = ["streamlit", "run", str(PROJECT_ROOT / "dashboard.py"), *args]
    cache_log = logging.getLogger("streamlit.runtime.caching.cache_data_api")
    cache_log.setLevel(logging.ERROR)  # declaring cached functions before the server runs: a harmless warning
    from tidash import warmup

    cache_log.setLevel(logging.NOTSET)
    warmup.start()  # every view prepared in the background (TI_WARM_VIEWS=0: not)
    cli.main()


if __name__ == "__main__":
    main()
