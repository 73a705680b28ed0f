"""The domain is pure: importing it loads no Textual, no SQLite, no YAML."""

from __future__ import annotations

import subprocess
import sys


def test_domain_imports_nothing_from_the_shell() -> None:
    code = (
        "import sys, simulator.domain.engine, simulator.domain.scoring, simulator.domain.strategies, "
        "simulator.domain.rulebook, simulator.domain.catalogue, simulator.domain.events, simulator.domain.model, "
        "simulator.domain.preview\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'textual', 'rich', 'sqlite3', 'yaml', 'simulator.ui'} or m.startswith(('simulator.ui', 'simulator.store', "
        "'simulator.scenarios', 'simulator.reports')))\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_check_itself_can_fail() -> None:
    code = "import sys, simulator.scenarios.loader; print('yaml' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def test_the_command_line_loads_no_store_scoring_or_exporters_before_a_command_runs() -> None:
    code = (
        "import sys, simulator.cli.main, simulator.application.config\n"
        "heavy = ('simulator.store.database', 'simulator.reports.html', 'simulator.domain.scoring', 'sqlite3')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
        "from simulator.store.database import Store\n"
        "from simulator.reports.html import export_html\n"
        "print(Store.__name__, export_html.__name__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["", "Store export_html"]


def test_the_app_paints_its_first_frame_before_loading_scenarios_history_or_markdown() -> None:
    """What the home screen's first frame needs is imported before it; the rest loads after it, in a thread."""
    code = (
        "import sys, simulator.cli.main, simulator.ui.app\n"
        "heavy = ('yaml', 'cattrs', 'simulator.scenarios.loader', 'simulator.store.database', 'sqlite3',\n"
        "         'markdown_it', 'simulator.domain.scoring', 'simulator.ui.screens.case', 'tomllib')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
        "simulator.ui.app._warm_up()\n"
        "print('simulator.ui.screens.case' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["", "True"]


def test_psycopg_is_imported_only_when_a_postgresql_history_is_opened() -> None:
    code = (
        "import sys, tempfile, os\n"
        "from simulator.store.database import Store\n"
        "from simulator.application.history import History\n"
        "folder = tempfile.mkdtemp()\n"
        "Store.open(os.path.join(folder, 'h.sqlite3')).close()\n"
        "print('psycopg' in sys.modules)\n"
        "try:\n"
        "    Store.open('postgresql://nobody@/nodb?host=' + folder, timeout=1)\n"
        "except Exception as err:\n"
        "    print(type(err).__name__)\n"
        "print('psycopg' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["False", "StoreAccessError", "True"]
