"""Home: the case library as a table, with search and filters, and the
files that could not be loaded listed with their first error. The app owns
the library (``library``, watched here); choosing a case, the history or the
unfinished cases is a message to it.

Everything here works from the library's entries (``library_index.Entry``):
nothing on this screen needs a case parsed. The highlighted case's summary is
shown as plain text at once and as Markdown a moment later, so the list is
on the screen before any Markdown is parsed."""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.lazy import Lazy
from textual.message import Message
from textual.widgets import DataTable, Input, Select, Static

from simulator.ui import safe
from simulator.ui.screens.base import AppScreen
from simulator.ui.widgets.case_table import CaseTable
from simulator.ui.widgets.library_browser import LibraryBrowser

if TYPE_CHECKING:
    from simulator.application.library import Library
    from simulator.application.library_index import Entry
    from simulator.scenarios.problems import Problem

ALL = "all"


def _matches(s: Entry, words: list[str], difficulty: str, point: str) -> bool:
    if difficulty != ALL and s.difficulty != difficulty:
        return False
    if point != ALL and point not in s.failure_points:
        return False
    haystack = " ".join((s.title, s.summary, s.id, *s.failure_points, s.author)).casefold()
    return all(w in haystack for w in words)


def _shown_path(path: str) -> str:
    """The path as a trainer would type it: relative to where they are, when it is below."""
    try:
        return os.path.relpath(path) if Path(path).resolve().is_relative_to(Path.cwd()) else path
    except (OSError, ValueError):
        return path


def first_problems(problems: tuple[Problem, ...]) -> list[tuple[Problem, int]]:
    """Each broken file once: its first problem, and how many it has."""
    first: dict[str, Problem] = {}
    counts: dict[str, int] = {}
    for p in problems:
        first.setdefault(p.path, p)
        counts[p.path] = counts.get(p.path, 0) + 1
    return [(p, counts[path]) for path, p in first.items()]


class LibraryCommands(Provider):
    """`Open case: <title>` for every case in the library."""

    def _cases(self) -> list[Entry]:
        screen = self.screen
        library = screen.library if isinstance(screen, HomeScreen) else None
        return [] if library is None else list(library.entries)

    def _open(self, entry: Entry) -> None:
        self.screen.post_message(HomeScreen.OpenCase(entry))

    async def discover(self) -> Hits:
        for entry in self._cases():
            yield DiscoveryHit(
                Content.assemble("Open case: ", safe.line(entry.title)),
                partial(self._open, entry),
                text=f"Open case: {safe.one_line(entry.title)}",
                help=f"{entry.difficulty}, about {entry.minutes} minutes",
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self._cases():
            candidate = f"Open case: {safe.one_line(entry.title)}"
            score = matcher.match(candidate)
            if score > 0:
                yield Hit(
                    score,
                    safe.highlight(matcher, candidate),
                    partial(self._open, entry),
                    text=candidate,
                    help=f"{entry.difficulty}, about {entry.minutes} minutes",
                )


class HomeScreen(AppScreen):
    COMMANDS: ClassVar = {LibraryCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_case", "Open case", tooltip="Start the highlighted case"),
        # The two keys that move the focus are priority bindings, run as the app reads them and moving the
        # focus at once: a key typed right after one (the case's name after "/", Enter after Enter) goes where
        # the trainee meant it, not to the old focus. Widget.focus() would move it only after the keys queued.
        Binding("slash", "search", "Search", key_display="/", tooltip="Search titles, summaries and failure points",
                priority=True),
        Binding("enter", "search_done", show=False, priority=True),
        Binding("ctrl+n", "app.change_name", "Name", tooltip="Change the trainee name shown on debriefs"),
        Binding("s", "self_assess", "Self-assess",
                tooltip="Start the highlighted case in self-assessment mode: grade yourself before the debrief"),
        Binding("h", "history", "History", tooltip="Your sessions, progress over time, and exports"),
        Binding("u", "resume", "Unfinished", show=False, tooltip="Resume a case you did not finish"),
        Binding("escape", "clear_search", "Clear search", show=False),
    ]
    AUTO_FOCUS = "#cases"

    class Shown(Message):
        """The screen is whole, search and filters included: the app may start loading."""

    class OpenCase(Message):
        """Start a new session on this case; ``mode`` is standard or self-assessment."""

        def __init__(self, entry: Entry, mode: str = "standard") -> None:
            super().__init__()
            self.entry = entry
            self.mode = mode

    class Highlighted(Message):
        """This case is the one Enter would open: the app may parse it ahead."""

        def __init__(self, entry: Entry) -> None:
            super().__init__()
            self.entry = entry

    class ShowHistory(Message):
        """The trainee's history and progress."""

    class ShowUnfinished(Message):
        """The cases the trainee did not finish, to resume one."""

    def __init__(self) -> None:
        super().__init__(id="home")
        self.library: Library | None = None  # the app's, once it has loaded
        self._shown: list[Entry] = []
        self._rendered: dict[Entry, Content] = {}  # each summary's Markdown, once rendered
        # The search and the filters arrive a frame after the rest (see LibraryBrowser); until then there is
        # nothing to search or filter.
        self._ready = False

    def compose_body(self) -> ComposeResult:
        with Vertical(id="library"):
            yield Static("Choose a case", id="heading", classes="heading")
            with Horizontal(id="filters"):  # their row is kept from the first frame: nothing moves
                yield Lazy(LibraryBrowser(id="browser"))
            yield CaseTable(id="cases", cursor_type="row", zebra_stripes=True)
            yield Static("Loading the case library…", id="summary")
            with VerticalScroll(id="problems"):
                yield Static(id="problem-list")

    def on_mount(self) -> None:
        self.query_one("#problems").display = False
        # The app's library, now if it was listed from its index before this frame, else once it has loaded.
        self.watch(self.app, "library", self._library_changed)

    @on(LibraryBrowser.Ready)
    def _browser_ready(self) -> None:
        self._ready = True
        self._fill_points()
        self.call_after_refresh(self.post_message, self.Shown())

    def _library_changed(self, library: Library | None) -> None:
        if library is None:
            return
        self.library = library
        self._fill_points()
        self._refresh_table()
        self._show_problems(library)

    def _fill_points(self) -> None:
        """The failure-point filter offers the points some case in the library is built on."""
        library = self.library
        if library is None or not self._ready:
            return
        from simulator.domain.catalogue import FAILURE_POINTS

        used = {fp for entry in library.entries for fp in entry.failure_points}
        points = self.query_one("#failure-point", Select)
        with self.prevent(Select.Changed):
            points.set_options([(fp.id, fp.id) for fp in FAILURE_POINTS if fp.id in used])

    # --- filtering --------------------------------------------------------

    def _filters(self) -> tuple[list[str], str, str]:
        if not self._ready:
            return [], ALL, ALL
        words = self.query_one("#search", Input).value.casefold().split()
        difficulty = self.query_one("#difficulty", Select).value
        point = self.query_one("#failure-point", Select).value
        return (
            words,
            difficulty if isinstance(difficulty, str) else ALL,
            point if isinstance(point, str) else ALL,
        )

    def _refresh_table(self) -> None:
        library = self.library
        if library is None:
            return
        words, difficulty, point = self._filters()
        self._shown = [s for s in library.entries if _matches(s, words, difficulty, point)]
        self.query_one("#cases", CaseTable).show(self._shown)
        total = len(library.entries)
        heading = f"Choose a case: {len(self._shown)} of {total} shown" if words or difficulty != ALL or point != ALL \
            else f"Choose a case: {total} in the library"
        self.query_one("#heading", Static).update(heading)
        self._show_summary()

    def _highlighted(self) -> Entry | None:
        table = self.query_one("#cases", DataTable)
        if not self._shown or table.cursor_row < 0 or table.cursor_row >= len(self._shown):
            return None
        return self._shown[table.cursor_row]

    def _show_summary(self) -> None:
        summary = self.query_one("#summary", Static)
        entry = self._highlighted()
        library = self.library
        if entry is None:
            if library is not None and not library.entries:
                summary.update("The library is empty. Add a directory of scenario files with --scenarios DIR.")
            elif library is not None:
                summary.update("No case matches the search. Press Escape to clear it.")
            return
        if library is not None and library.loaded(entry) is None:
            self.post_message(self.Highlighted(entry))
        rendered = self._rendered.get(entry)
        if rendered is not None:
            summary.update(rendered)
            return
        # Plain text now; the Markdown (whose parser the list itself does not need) once this frame is
        # painted, unless another case is highlighted by then.
        summary.update(self._summary(entry, safe.plain(entry.summary.strip())))
        self.call_after_refresh(self._show_markdown, entry)

    def _show_markdown(self, entry: Entry) -> None:
        if self._highlighted() is entry:
            rendered = self._rendered[entry] = self._summary(entry, safe.markdown(entry.summary))
            self.query_one("#summary", Static).update(rendered)

    def _summary(self, s: Entry, text: Content) -> Content:
        from simulator.domain.catalogue import FAILURE_POINTS_BY_ID

        points = [
            Content.assemble((f"{fp}: ", "bold"), FAILURE_POINTS_BY_ID[fp].text if fp in FAILURE_POINTS_BY_ID else "")
            for fp in s.failure_points
        ]
        meta = f"{s.difficulty}, about {s.minutes} minutes" + (", by " if s.author else "")
        return safe.join([safe.line(s.title, "bold"), Content.assemble(meta, safe.line(s.author)), text, *points])

    def _show_problems(self, library: Library) -> None:
        problems = first_problems(library.problems)
        box = self.query_one("#problems")
        box.display = bool(problems)
        if not problems:
            return
        count = len(problems)
        lines = [
            Content.styled(
                f"{count} file{'s' * (count != 1)} could not be loaded (run `case-review validate` for every problem):",
                "bold $warning",
            )
        ]
        for p, total in problems:
            where = f"{_shown_path(p.path)}:{p.line}:{p.col}: "
            more = f"  (+{total - 1} more)" if total > 1 else ""
            hint = f" (hint: {p.hint})" if p.hint else ""
            lines.append(Content.assemble(("ERROR ", "bold $error"), safe.plain(where), safe.line(p.message + hint),
                                          (more, "dim")))
        self.query_one("#problem-list", Static).update(safe.join(lines))

    # --- events -----------------------------------------------------------

    @on(Input.Changed, "#search")
    @on(Select.Changed)
    def _filters_changed(self) -> None:
        self._refresh_table()

    @on(DataTable.RowHighlighted, "#cases")
    def _row_highlighted(self) -> None:
        self._show_summary()

    @on(DataTable.RowSelected, "#cases")
    def _row_selected(self) -> None:
        self.action_open_case()

    # --- actions ----------------------------------------------------------

    def action_open_case(self) -> None:
        entry = self._highlighted()
        if entry is not None:
            self.post_message(self.OpenCase(entry))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search_done":  # Enter in the search box; elsewhere Enter opens the case
            return self._ready and self.focused is self.query_one("#search", Input)
        return True

    def action_search(self) -> None:
        if not self._ready:
            return
        search = self.query_one("#search", Input)
        # `focused`, not `has_focus`: the widget learns of a focus change only when its event comes round.
        if self.focused is not search:
            self.set_focus(search)
        elif search.selection.is_empty:  # "/" typed in the box is text, as the box itself would take it
            search.insert_text_at_cursor("/")
        else:
            search.replace("/", *search.selection)

    def action_search_done(self) -> None:
        self.set_focus(self.query_one("#cases", DataTable))

    def action_self_assess(self) -> None:
        entry = self._highlighted()
        if entry is not None:
            self.post_message(self.OpenCase(entry, mode="self-assessment"))

    def action_history(self) -> None:
        self.post_message(self.ShowHistory())

    def action_resume(self) -> None:
        self.post_message(self.ShowUnfinished())

    def action_clear_search(self) -> None:
        if not self._ready:
            return
        self.query_one("#search", Input).value = ""
        self.query_one("#cases", DataTable).focus()
