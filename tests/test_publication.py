"""Issue 14: a publication is seen by readers that were already running (same process, other
processes, a running Streamlit server), the way back is never lost, and killed runs recover."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, imported_file

from tidash import db
from tidash.atomic import write_parquet
from tidash.extracts.pipeline import publish_catalogue

CHROMIUM = "/usr/bin/chromium"
FONDS_VERT = ROOT / "data" / "sources" / "financements" / "fonds_vert_2023_export_national.csv"
KPI_PARAMS = {"vintage": "2024-07", "region": None, "scheme": None, "year": 2023}


def data_env(data: Path) -> dict:
    """The environment of a process that reads and publishes `data` (TI_DATA_DIR)."""
    return {**os.environ, "TI_DATA_DIR": str(data)}


def publish_in_another_process(data: Path) -> None:
    subprocess.run([sys.executable, "-c", "from pathlib import Path; import sys; "
                    "from tidash.extracts.pipeline import publish_catalogue; "
                    "publish_catalogue(Path(sys.argv[1]), keep_previous=True)", str(data)],
                   cwd=ROOT, check=True, capture_output=True)


def printed_by(data: Path, code: str) -> str:
    """What `code` prints when run by a new process on `data`."""
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, encoding="utf-8", check=True,
                          env=data_env(data)).stdout


def open_paths(pid: int | str = "self") -> list[str]:
    """The paths of the files process `pid` holds open (« (deleted) » after a removed one)."""
    found = []
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except FileNotFoundError:  # the process has ended
        return found
    for fd in fds:
        try:
            found.append(os.readlink(f"/proc/{pid}/fd/{fd}"))
        except OSError:
            continue
    return found


def deleted_catalogues(pid: int | str = "self") -> list[str]:
    return [path for path in open_paths(pid) if ".duckdb" in path and path.endswith("(deleted)")]


def test_a_running_reader_sees_each_new_publication_and_the_one_before(private_data):
    facts_path = private_data / "extracts" / "programme_facts.parquet"
    facts = pd.read_parquet(facts_path)
    assert len(db.run("programme_facts", theme=None)) == len(facts)  # the reader is open
    shown = [len(facts)]
    for keep in (10, 5, 3):
        write_parquet(facts.head(keep), facts_path)
        publish_catalogue(private_data, keep_previous=True)
        assert len(db.run("programme_facts", theme=None)) == keep
        assert len(db.run_on(db.PREVIOUS, "programme_facts", theme=None)) == shown[-1]
        shown.append(keep)
    db.catalogue_version()  # any call closes the connections no cursor uses any more
    assert not deleted_catalogues(), deleted_catalogues()
    kept = sorted(p.name for p in (private_data / "catalogues").glob("*.duckdb"))
    assert len(kept) == 2  # the current and the previous one; the others were removed
    assert (private_data / "ti.duckdb").resolve().name in kept
    assert (private_data / "ti.previous.duckdb").resolve().name in kept


def test_a_reader_in_another_process_sees_the_new_publication(private_data):
    """A long-lived process (like one of several Streamlit workers) keeps reading while
    another process publishes."""
    script = (
        "import sys\nfrom tidash import db\n"
        "for line in sys.stdin:\n"
        "    print(len(db.run('programme_facts', theme=None)), flush=True)\n"
    )
    reader = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, encoding="utf-8", env=data_env(private_data))
    try:
        def ask() -> int:
            reader.stdin.write("?\n")
            reader.stdin.flush()
            return int(reader.stdout.readline())

        facts_path = private_data / "extracts" / "programme_facts.parquet"
        facts = pd.read_parquet(facts_path)
        assert ask() == len(facts)
        for keep in (7, 4):
            write_parquet(facts.head(keep), facts_path)
            publish_in_another_process(private_data)
            assert ask() == keep
        assert not deleted_catalogues(reader.pid)
    finally:
        reader.stdin.close()
        reader.wait(10)


def test_an_idle_reader_releases_replaced_catalogues(private_data):
    """No call at all after the publications: the reader's sweeper still closes the old file."""
    assert len(db.run("programme_facts", theme=None)) > 0
    facts_path = private_data / "extracts" / "programme_facts.parquet"
    facts = pd.read_parquet(facts_path)
    for keep in (6, 2):
        write_parquet(facts.head(keep), facts_path)
        publish_in_another_process(private_data)
    deadline = time.monotonic() + 3 * db.SWEEP_INTERVAL_S + 2
    while deleted_catalogues() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not deleted_catalogues(), deleted_catalogues()


def fresh_kpis(data: Path) -> tuple[str, str]:
    """What a server started now would show: the KPI tiles computed by a new process."""
    code = ("from tidash import db, formatting as f; k = db.run('kpis', vintage='2024-07', region=None, "
            "scheme=None, year=2023).iloc[0]; print(f.integer(k['n_projects'])); print(f.euros_compact(k['amount_eur']))")
    out = printed_by(data, code).splitlines()
    return out[0], out[1]


def fresh_removed(data: Path) -> str:
    code = ("from tidash.briefing.publication_diff import compare; from tidash.state import Filters; "
            "from tidash import formatting as f; print(f.integer(len(compare(Filters()).removed_projects)))")
    return printed_by(data, code).strip()


def shown_kpis(page, url: str) -> str:
    page.goto(url)
    tile = page.locator("[data-testid='stMetric']").filter(has_text="Projets financés")
    tile.first.wait_for(timeout=60_000)
    amount = page.locator("[data-testid='stMetric']").filter(has_text="Montant engagé").first
    return tile.first.inner_text() + "\n" + amount.inner_text()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} absent")
def test_a_server_already_running_shows_the_figures_of_a_new_import(private_data, tmp_path, browser):
    """Issue 14 point 1: publish 200 Fonds vert rows while the server runs; a new visit to the
    running server shows what a freshly started one would, and « ce qui a changé » too."""
    browser_fixtures = pytest.importorskip("browser_fixtures")
    lines = FONDS_VERT.read_text(encoding="utf-8").splitlines(keepends=True)[:201]
    upload = tmp_path / "fonds_vert_2023_extrait.csv"
    upload.write_text("".join(lines), encoding="utf-8")
    with browser_fixtures.running_server({"TI_DATA_DIR": str(private_data)}) as (url, server):
        url += "/"
        page = browser.new_page(viewport={"width": 1920, "height": 1080})  # the process's shared Chromium
        projects_before, amount_before = fresh_kpis(private_data)
        before = shown_kpis(page, url)
        assert projects_before in before and amount_before in before, before

        cli(private_data, str(upload), "--annee", "2023", check=True)
        projects_after, amount_after = fresh_kpis(private_data)
        assert (projects_after, amount_after) != (projects_before, amount_before)
        after = shown_kpis(page, url)  # a new session on the server that was already running
        assert projects_after in after and amount_after in after, after

        page.goto(f"{url}reunion?deck=changements&interval=600")
        page.get_by_text("1 / 1").first.wait_for(timeout=60_000)
        page.get_by_text("Projets retirés").first.wait_for(timeout=60_000)  # the slide's KPI tiles are drawn
        changes = page.locator("[data-testid='stMain']").inner_text()
        removed = fresh_removed(private_data)
        assert removed != "0" and f"{removed}\nProjets retirés" in changes, (removed, changes)
        assert not deleted_catalogues(server.pid), deleted_catalogues(server.pid)
        page.close()


# ---- point 2: one publication at a time, and the way back is never lost -------------------

def cli(data: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tidash.ingest", *args], cwd=ROOT, capture_output=True, encoding="utf-8",
                          env=data_env(data), **kwargs)


def cli_in_background(data: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tidash.ingest", *args], cwd=ROOT, env=data_env(data),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def programme_file(tmp_path: Path, name: str, rows: list[list[str]]) -> Path:
    from test_ingest import csv_bytes
    path = tmp_path / name
    path.write_bytes(csv_bytes(rows))
    return path


def published_programme_ids(data: Path) -> list[str]:
    import duckdb
    with duckdb.connect(os.path.realpath(data / "ti.duckdb"), read_only=True) as con:
        return [r[0] for r in con.execute("SELECT project_id FROM programme_projects ORDER BY 1").fetchall()]


def test_an_identical_reimport_changes_nothing_and_keeps_the_way_back(private_data, tmp_path):
    from test_ingest import GOOD_ROWS
    one = programme_file(tmp_path, "a.csv", GOOD_ROWS)
    assert cli(private_data, str(one)).returncode == 0
    again = cli(private_data, str(one))  # a second run, like a double click on « Publier »
    assert again.returncode == 0 and "déjà publiées" in again.stdout, again.stdout + again.stderr
    assert published_programme_ids(private_data) == ["TI-2024-001", "TI-2024-002"]
    assert cli(private_data, "--restore").returncode == 0
    assert published_programme_ids(private_data) == []  # back to before the first import
    log = [json.loads(line) for line in (private_data / "publications.log").read_text(encoding="utf-8").splitlines()]
    assert [e["action"] for e in log] == ["import publié", "import identique ignoré", "version précédente restaurée"]
    assert all(e["who"] and e["at"] and e["kind"] == "programme_projects" for e in log)
    assert log[0]["file"] == "a.csv" and log[0]["rows"] == 2


def test_a_second_publisher_waits_for_the_lock(private_data, tmp_path):
    from test_ingest import GOOD_ROWS

    from tidash.atomic import publication_lock
    one = programme_file(tmp_path, "a.csv", GOOD_ROWS[:1])
    with publication_lock(private_data):
        waiting = cli_in_background(private_data, str(one))
        deadline = time.monotonic() + 120
        while not any(p.endswith(".publication.lock") for p in open_paths(waiting.pid)):  # it has reached the lock
            assert waiting.poll() is None, "l'import s'est terminé sans attendre la publication en cours"
            assert time.monotonic() < deadline, "l'import n'a jamais demandé le verrou de publication"
            time.sleep(0.1)
        time.sleep(1)
        assert waiting.poll() is None, "l'import n'a pas attendu la publication en cours"
        assert not (private_data / "imports").exists()
    assert waiting.wait(300) == 0
    assert published_programme_ids(private_data) == ["TI-2024-001"]


def test_two_concurrent_imports_then_restore_publishes_the_other_one(private_data, tmp_path):
    from test_ingest import GOOD_ROWS
    files = {"a": programme_file(tmp_path, "a.csv", GOOD_ROWS[:1]),
             "b": programme_file(tmp_path, "b.csv", GOOD_ROWS[1:])}
    ids = {"a": ["TI-2024-001"], "b": ["TI-2024-002"]}
    runs = [cli_in_background(private_data, str(path)) for path in files.values()]
    assert [r.wait(600) for r in runs] == [0, 0]
    last = "a" if published_programme_ids(private_data) == ids["a"] else "b"
    other = "b" if last == "a" else "a"
    assert published_programme_ids(private_data) == ids[last]
    assert cli(private_data, "--restore").returncode == 0
    assert published_programme_ids(private_data) == ids[other]
    assert cli(private_data, "--restore").returncode == 0
    assert published_programme_ids(private_data) == ids[last]


# ---- point 8: a killed publication is finished or rolled back, and leaves no temp files ---

def leftovers(data: Path) -> list[str]:
    return sorted(str(p.relative_to(data)) for p in data.rglob("*")
                  if p.name.endswith((".tmp", ".wal")) or p.name == "publication.journal.json")


def store_ids(data: Path) -> list[str]:
    path = imported_file(data)
    return [] if path is None else sorted(pd.read_parquet(path)["project_id"])


@pytest.mark.serial  # kills land at shares of a measured run: a busy neighbour would move them
def test_kill_during_publication_loop_recovers(private_data, tmp_path):
    from test_ingest import GOOD_ROWS

    from tidash.ingest import publish
    from tidash.paths import sources_dir
    files = [programme_file(tmp_path, f"f{i}.csv", [GOOD_ROWS[i % 2]]) for i in range(2)]
    started = time.perf_counter()
    assert cli(private_data, str(files[0])).returncode == 0
    whole_run = time.perf_counter() - started  # kills spread over one run, whatever the machine's speed
    killed_with_leftovers = 0
    for round_, share in enumerate((0.3, 0.5, 0.7, 0.85, 1.0)):
        delay = share * whole_run
        args = ["--restore"] if round_ % 2 else [str(files[1])]
        run = subprocess.Popen([sys.executable, "-m", "tidash.ingest", *args], cwd=ROOT,
                               env={**os.environ, "TI_DATA_DIR": str(private_data)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        run.kill()
        run.wait()
        killed_with_leftovers += bool(leftovers(private_data))
        publish.recover(sources_dir(), private_data)
        assert not leftovers(private_data), leftovers(private_data)
        assert published_programme_ids(private_data) == store_ids(private_data)  # store and catalogue agree
    assert killed_with_leftovers  # some kills did land in the middle of a publication
    before = published_programme_ids(private_data)
    assert cli(private_data, "--restore").returncode == 0  # the way back still works and changes the data
    assert published_programme_ids(private_data) != before
    assert published_programme_ids(private_data) == store_ids(private_data)


# ---- a publication starts from the current catalogue and rebuilds only what changed ---------

def catalogue_tables(path: Path) -> dict[str, pd.DataFrame]:
    """Every table and view of a catalogue, rows sorted (build_info and « ce qui a changé » aside:
    they say when and against what it was built)."""
    import duckdb
    with duckdb.connect(str(path), read_only=True) as con:
        names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        return {name: con.execute(f'SELECT * FROM "{name}"').df().pipe(
                    lambda f: f.sort_values(list(f.columns), ignore_index=True, na_position="first"))
                for name in names if name not in ("build_info", "publication_diff", "publication_diff_info")}


def test_a_publication_from_the_current_catalogue_equals_one_built_whole(private_data, tmp_path):
    import shutil
    publish_catalogue(private_data)  # a catalogue with fingerprints, whatever built the copy
    extracts = private_data / "extracts"
    for name, keep in (("projects", 0.5), ("friches", 0.7), ("programme_facts", 0.3)):
        frame = pd.read_parquet(extracts / f"{name}.parquet")
        write_parquet(frame.head(int(len(frame) * keep)), extracts / f"{name}.parquet")
    whole = tmp_path / "whole"
    shutil.copytree(private_data, whole)

    publish_catalogue(private_data)
    manifest = json.loads((private_data / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["built_from"]
    assert manifest["rebuilt"] == ["friche_facts", "friche_territory_summary", "friches", "programme_facts",
                                   "project_facts", "projects"]
    publish_catalogue(whole, reuse=False)
    assert json.loads((whole / "manifest.json").read_text(encoding="utf-8"))["built_from"] is None

    reused, built = catalogue_tables(private_data / "ti.duckdb"), catalogue_tables(whole / "ti.duckdb")
    assert sorted(reused) == sorted(built)
    assert len(reused["friche_facts"]) < len(pd.read_parquet(ROOT / "data" / "extracts" / "friche_territories.parquet"))
    for name in built:
        pd.testing.assert_frame_equal(reused[name], built[name], obj=name)


def test_a_catalogue_built_before_versioned_names_is_kept_as_the_previous_one(private_data):
    import shutil
    link = private_data / "ti.duckdb"
    plain = Path(os.path.realpath(link))
    link.unlink()
    shutil.copy2(plain, link)  # data/ti.duckdb as a plain file, as built before data/catalogues/
    shown = len(db.run("programme_facts", theme=None))
    facts_path = private_data / "extracts" / "programme_facts.parquet"
    write_parquet(pd.read_parquet(facts_path).head(4), facts_path)
    publish_catalogue(private_data, keep_previous=True)
    assert link.is_symlink() and len(db.run("programme_facts", theme=None)) == 4
    assert os.path.realpath(private_data / "ti.previous.duckdb").startswith(str(private_data / "catalogues" / "ti-legacy-"))
    assert len(db.run_on(db.PREVIOUS, "programme_facts", theme=None)) == shown


def test_the_catalogue_read_is_the_file_the_link_names_absolute_or_relative(private_data):
    link = private_data / "ti.duckdb"
    named = Path(os.path.realpath(link))
    assert db.catalogue_version()[0] == str(named)
    link.unlink()
    link.symlink_to(named)  # an absolute link, as an operator may write one by hand
    assert db.catalogue_version()[0] == str(named)
    assert len(db.run("programme_facts", theme=None)) > 0
    hop = private_data / "catalogues" / "courant.duckdb"
    hop.symlink_to(named.name)
    link.unlink()
    link.symlink_to(Path("catalogues") / ".." / "catalogues" / hop.name)  # a link to a link, through « .. »
    assert db.catalogue_version()[0] == str(named)  # the file opened, not the second link
    link.unlink()
    with pytest.raises(FileNotFoundError):  # no catalogue: said, not read from another file
        db.catalogue_version()
