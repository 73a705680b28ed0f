"""Home: the case library as a table, with search and filters, and the
files that could not be loaded listed with their first error (Enter on one
shows all its problems). The app owns
the library (``library``) and what the trainee has done of each case
(``case_marks``), both watched here; `library_rows` makes the rows of them.
Choosing a case, the history or the unfinished cases is a message to the app.

Everything here works from the library's entries (``library_index.Entry``):
nothing on this screen needs a case parsed. The highlighted case's summary is
shown as plain text at once and as Markdown a moment later, so the list is
on the screen before any Markdown is parsed."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Input, Select, Static

from simulator.application.roles import is_trainer
from simulator.ui import safe
from simulator.ui.screens.base import AppScreen, quitting
from simulator.ui.widgets.broken_files import BrokenFiles, broken_files
from simulator.ui.widgets.case_table import CaseTable
from simulator.ui.widgets.deferred import Deferred
from simulator.ui.widgets.library_browser import LibraryBrowser

if TYPE_CHECKING:
    from simulator.application.library import Library
    from simulator.application.library_index import Entry
    from simulator.application.library_rows import CaseMark, LibraryRow

ALL = "all"


# Enter, and Enter typed before the app has the terminal in raw mode: the terminal has turned its carriage return
# into a line feed by then, which Textual reads as ctrl+j (keys typed at launch, or sent at once, come so).
_ENTER_KEYS = ("enter", "ctrl+j")


def _matches(row: LibraryRow, words: list[str], difficulty: str, point: str) -> bool:
    case = row.case
    if difficulty != ALL and case.difficulty.value != difficulty:
        return False
    if point != ALL and point not in case.failure_points:
        return False
    haystack = row.haystack()
    return all(w in haystack for w in words)


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
        Binding("enter", "open_case", "Open case", tooltip="Start the highlighted case", id="home.open_case"),
        # The two keys that move the focus are priority bindings, run as the app reads them and moving the
        # focus at once: a key typed right after one (the case's name after "/", Enter after Enter) goes where
        # the trainee meant it, not to the old focus. Widget.focus() would move it only after the keys queued.
        Binding("slash", "search", "Search", key_display="/", tooltip="Search titles, summaries and failure points",
                priority=True, id="home.search"),
        Binding("enter", "search_done", show=False, priority=True, id="home.search_done",
                tooltip="In the search box: back to the list"),
        Binding("ctrl+n", "app.change_name", "Name", tooltip="Change the trainee name shown on debriefs",
                id="home.change_name"),
        Binding("s", "self_assess", "Self-assess",
                tooltip="Start the highlighted case in self-assessment mode: grade yourself before the debrief",
                id="home.self_assess"),
        Binding("h", "history", "History", tooltip="Your sessions, progress over time, and exports", id="home.history"),
        Binding("t", "cohort", "Cohort", tooltip="Trainers: the cohort's results, live from the shared history",
                id="home.cohort"),
        Binding("u", "resume", "Unfinished", show=False, tooltip="Resume a case you did not finish",
                id="home.unfinished"),
        Binding("escape", "clear_search", "Clear search", show=False, id="home.clear_search"),
        # Said in the heading of the files' list, beside it, rather than in a footer that is full at 80 columns.
        Binding("p", "problems", "Problems", show=False, id="home.problems",
                tooltip="The files that could not be loaded: to their list, and back to the cases"),
    ]
    AUTO_FOCUS = "#cases"
    # A short terminal (80x24) keeps the cases in view: the broken files' list shows fewer lines, and scrolls.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]  # noqa: RUF012 (Textual types it so)

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

    class ShowCohort(Message):
        """The trainer's live view of the cohort."""

    def __init__(self) -> None:
        super().__init__(id="home")
        self.library: Library | None = None  # the app's, once it has loaded
        self._marks: Mapping[str, CaseMark] = {}  # what the trainee has done, by case: the app's once read
        self._rows: list[LibraryRow] = []  # every case, in the library's order for a trainee
        self._shown: list[LibraryRow] = []  # those the search and filters let through
        self._by_path: dict[str, Entry] = {}
        self._reading: tuple[int, int] | None = None  # the app's reading of new files: (read, to read)
        # Each summary with its Markdown, once rendered: by row, as the marks in it change with the row.
        self._rendered: dict[LibraryRow, Content] = {}
        # The search and the filters arrive a frame after the rest (see LibraryBrowser); until then there is
        # nothing to search or filter.
        self._ready = False
        self._touched = False
        # A search begun before the box is there ("/" in the first frame, as a fast typist or a browser session
        # whose keys arrive at once does): the words typed since, kept rather than lost. While it lasts, the
        # keys all go to the table, which has the focus, and reach this screen in the order they were typed
        # (none is a priority binding then, as those would be run ahead of the keys in flight); they are put
        # in the box, as it comes, until Enter ends the search. Enter again, before the box came, opens the
        # case the search finds once it is there.
        self._early_words: list[str] | None = None
        self._early_ended = self._early_open = False  # Enter typed once (the words are done), twice (open)

    def compose_body(self) -> ComposeResult:
        with Vertical(id="library"):
            yield Static("Choose a case", id="heading", classes="heading")
            with Horizontal(id="filters"):  # their row is kept from the first frame: nothing moves
                yield Deferred(LibraryBrowser(id="browser"))
            yield CaseTable(id="cases", cursor_type="row", zebra_stripes=True)
            yield Static("Loading the case library…", id="summary")
            with Vertical(id="problems"):
                yield Static(id="problem-heading")
                yield BrokenFiles(id="broken-files")

    def on_mount(self) -> None:
        if quitting(self):
            return
        self.query_one("#problems").display = False
        # The app's library, now if it was listed from its index before this frame, else once it has loaded.
        self.watch(self.app, "library", self._library_changed)
        self.watch(self.app, "library_reading", self._reading_changed)
        self.watch(self.app, "case_marks", self._marks_changed)
        self.watch(self.app, "config_problems", self._show_problems)
        self.watch(self.app, "warmed_up", self._warmed_up)

    @on(LibraryBrowser.Ready)
    def _browser_ready(self) -> None:
        self._ready = True
        self._fill_points()
        self._finish_early_search()
        self.call_after_refresh(self.post_message, self.Shown())

    def _library_changed(self, library: Library | None) -> None:
        if library is None:
            return
        self.library = library
        self._by_path = {entry.path: entry for entry in library.entries}
        self._fill_points()
        self._make_rows(first=True)
        self._show_problems()
        self._finish_early_search()

    def _warmed_up(self, warmed: bool) -> None:
        if warmed:  # opening a case is ready: the table may add its rows past the first screenful
            self.query_one("#cases", CaseTable).go_on()

    def on_screen_resume(self) -> None:
        if not quitting(self):  # the library's rows left while another screen was on top, if any
            self.query_one("#cases", CaseTable).add_rest()

    def _reading_changed(self, reading: tuple[int, int] | None) -> None:
        self._reading = reading
        if self.library is not None and self.library.pending:
            self._show_heading(*self._filters())
            self._show_summary()

    def _reading_words(self) -> str:
        """How far the files new or changed since the index was made have been read, while they are."""
        library = self.library
        if library is None or not library.pending:
            return ""
        done, total = self._reading or (0, library.pending)
        return f"{done:,} of {total:,} new or changed {'file' if total == 1 else 'files'} read"

    def _fill_points(self) -> None:
        """The failure-point filter offers the points some case in the library is built on, in words."""
        library = self.library
        if library is None or not self._ready:
            return
        from simulator.application.library_rows import point_name
        from simulator.domain.catalogue import FAILURE_POINTS

        used = {fp for entry in library.entries for fp in entry.failure_points}
        points = self.query_one("#failure-point", Select)
        with self.prevent(Select.Changed):
            points.set_options([(point_name(fp.id), fp.id) for fp in FAILURE_POINTS if fp.id in used])

    def _marks_changed(self, marks: Mapping[str, CaseMark]) -> None:
        self._marks = marks
        if self.library is not None:
            # The first case is chosen again only if the trainee has not moved yet: the marks came after.
            self._make_rows(first=not self._touched)

    def _make_rows(self, first: bool = False) -> None:
        from simulator.application.library_rows import CaseSummary, library_rows

        assert self.library is not None
        self._rows = library_rows((CaseSummary.of(entry) for entry in self.library.entries), self._marks)
        self._refresh_table(first=first)

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

    def _refresh_table(self, first: bool = False) -> None:
        """Show the rows the filters let through. The cursor stays on the case it was on; else (or with
        ``first``) it goes to the sensible first case: one in progress, else the first introductory one."""
        from simulator.application.library_rows import first_row

        library = self.library
        if library is None:
            return
        words, difficulty, point = self._filters()
        was = self._highlighted_row()
        self._shown = [row for row in self._rows if _matches(row, words, difficulty, point)]
        paths = [row.case.path for row in self._shown]
        cursor = paths.index(was.case.path) if was is not None and was.case.path in paths and not first \
            else first_row(self._shown)
        self.query_one("#cases", CaseTable).show(self._shown, cursor)
        self._show_heading(words, difficulty, point)
        self._show_summary()

    def _show_heading(self, words: list[str], difficulty: str, point: str) -> None:
        """How many cases show, and when a filter hides some, which: a search left in the box from before
        is said here, where the eye goes, not only in the box."""
        from simulator.application.library_rows import point_name

        total = len(self._rows)
        heading = self.query_one("#heading", Static)
        reading = self._reading_words()
        if reading and not total:
            heading.update(f"Choose a case: reading the library, {reading}")
            return
        if not (words or difficulty != ALL or point != ALL):
            heading.update(f"Choose a case: {total:,} in the library" + (f" · {reading}" if reading else ""))
            return
        what = []
        if words:
            what.append(Content.assemble("search “", safe.line(self.query_one("#search", Input).value), "”"))
        if difficulty != ALL:
            what.append(Content(f"{difficulty} only"))
        if point != ALL:
            what.append(Content(f"built around {point_name(point)}"))
        heading.update(Content.assemble(
            f"Choose a case: {len(self._shown):,} of {total:,} shown  ", (" FILTERED ", "bold reverse"), " ",
            Content(" · ").join(what), ("  (Escape clears)", "dim")))

    def _highlighted_row(self) -> LibraryRow | None:
        table = self.query_one("#cases", DataTable)
        if not self._shown or table.cursor_row < 0 or table.cursor_row >= len(self._shown):
            return None
        return self._shown[table.cursor_row]

    def _highlighted(self) -> Entry | None:
        row = self._highlighted_row()
        return None if row is None else self._by_path.get(row.case.path)

    def _show_summary(self) -> None:
        summary = self.query_one("#summary", Static)
        row = self._highlighted_row()
        library = self.library
        if row is None:
            if library is not None and not library.entries and library.pending:
                summary.update("Loading the case library… The cases will be listed once their files are read; "
                               "the library's index keeps them for next time.")
            elif library is not None and not library.entries:
                summary.update("The library is empty. Add a directory of scenario files with --scenarios DIR.")
            elif library is not None:
                summary.update("No case matches the search. Press Escape to clear it.")
            return
        entry = self._by_path.get(row.case.path)
        if library is not None and entry is not None and library.loaded(entry) is None:
            self.post_message(self.Highlighted(entry))
        rendered = self._rendered.get(row)
        if rendered is not None:
            summary.update(rendered)
            return
        # Plain text now; the Markdown (whose parser the list itself does not need) once this frame is
        # painted, unless another case is highlighted by then.
        summary.update(self._summary(row, safe.plain(row.case.summary.strip())))
        self.call_after_refresh(self._show_markdown, row)

    def _show_markdown(self, row: LibraryRow) -> None:
        if self._highlighted_row() is row:
            rendered = self._rendered[row] = self._summary(row, safe.markdown(row.case.summary))
            self.query_one("#summary", Static).update(rendered)

    def _summary(self, row: LibraryRow, text: Content) -> Content:
        from simulator.application.library_rows import Progress, point_text
        from simulator.ui.grade_words import SHORT_GRADES

        c = row.case
        meta = f"{c.difficulty.value}, about {c.minutes} minutes" + (", by " if c.author else "")
        lines = [safe.line(c.title, "bold"), Content.assemble(meta, safe.line(c.author))]
        if row.progress is Progress.IN_PROGRESS:
            lines.append(Content.assemble(("◐ In progress: ", "bold"), "you have an unfinished session of this "
                                          "case; press u to resume it."))
        if row.finished:
            times = "once" if row.finished == 1 else f"{row.finished} times"
            last = f"; your last grade: {SHORT_GRADES[row.last_grade]}" if row.last_grade else ""
            lines.append(Content.assemble(("✓ Done ", "bold"), f"{times}{last}."))
        lines.append(text)
        lines += [Content.assemble(("Built around: ", "bold"), safe.line(name), " — ", safe.line(point_text(fp)))
                  for fp, name in zip(c.failure_points, row.points, strict=True)]
        return safe.join(lines)

    def _show_problems(self, _: object = None) -> None:
        """The scenario files that could not be loaded and the config file's problems, a line each with its
        first problem: both are files a person wrote, and both are fixed in the file."""
        config = broken_files(getattr(self.app, "config_problems", ()),
                              "What a mistaken line sets is not used; the rest of the file still counts. "
                              "`case-review config --check` lists them too.")
        files = broken_files(self.library.problems, "`case-review validate {path}` lists them too.") \
            if self.library is not None else []
        box = self.query_one("#problems")
        box.display = bool(files or config)
        said: list[str] = []
        if config:
            count = len(config[0].problems)
            said.append(f"Your config file has {count} problem{'s' * (count != 1)}: what "
                        f"{'they set is' if count != 1 else 'it sets is'} not used")
        if files:
            said.append(f"{len(files)} file{'s' * (len(files) != 1)} could not be loaded")
        if said:
            said[-1] += " · p: to the list · Enter: all of a file's problems"
        heading = safe.join([Content.styled(line, "bold $warning") for line in said])
        self.query_one("#problem-heading", Static).update(heading)
        self.query_one("#broken-files", BrokenFiles).show([*config, *files])
        self.refresh_bindings()  # p works only while there is a list to go to (check_action)

    # --- events -----------------------------------------------------------

    @on(Input.Changed, "#search")
    @on(Select.Changed)
    def _filters_changed(self) -> None:
        self._refresh_table()

    @on(BrokenFiles.Chosen)
    def _file_chosen(self, event: BrokenFiles.Chosen) -> None:
        from simulator.ui.screens.file_problems import FileProblemsScreen

        self.app.push_screen(FileProblemsScreen(event.broken))

    @on(DataTable.RowHighlighted, "#cases")
    def _row_highlighted(self) -> None:
        self._show_summary()

    def on_key(self, event: events.Key) -> None:
        self._touched = True  # the trainee has moved or searched: the cursor is theirs now
        words = self._early_words
        if words is None:
            return
        if self._early_ended:  # the words are done; the box has not come yet
            if event.key in _ENTER_KEYS:
                self._early_open = True  # opens the case the search finds, once it can find it
                event.stop()
            return
        if event.key in _ENTER_KEYS:
            self._end_early_search()
        elif event.key == "escape":
            self._cancel_early_search()
        elif event.is_printable and event.character:
            words.append(event.character)
            self._show_early_words()
        elif event.key == "backspace":
            if words:
                words.pop()
            self._show_early_words()
        else:
            self._end_early_search()
            return  # a key the search box would not take: it does what it does anywhere
        event.stop()
        event.prevent_default()

    def _show_early_words(self) -> None:
        if self._ready and self._early_words is not None:
            search = self.query_one("#search", Input)
            search.value = "".join(self._early_words)
            search.cursor_position = len(search.value)

    def _end_early_search(self) -> None:
        """The search typed before the box came is done: the table shows what it finds at once (so that the
        next Enter opens the right case), or as soon as the box and the library are both there."""
        self._show_early_words()
        if self._ready and self._library_whole():
            self._early_words = None
            self._refresh_table()
        else:
            self._early_ended = True

    def _cancel_early_search(self) -> None:
        self._early_words, self._early_ended, self._early_open = None, False, False
        if self._ready:
            self.query_one("#search", Input).value = ""

    def _finish_early_search(self) -> None:
        """The box has come: what was typed goes in it, and a second Enter already typed opens what it finds
        (once the library is there, every file read, to find it in: this is asked again when it comes)."""
        if self._early_words is None or not self._ready or self.library is None:
            return
        self._show_early_words()
        self._refresh_table()
        if self._early_ended and self._library_whole():
            open_case = self._early_open
            self._early_words, self._early_ended, self._early_open = None, False, False
            if open_case:
                self.action_open_case()

    def _library_whole(self) -> bool:
        """Whether the library is there with every file read: until then (new files, at the first launch or
        after an upgrade), what a search finds may not be among the cases listed yet."""
        return self.library is not None and not self.library.pending

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
            if self._early_words is not None:
                return False  # the Enter goes with the keys before it, to on_key, in the order typed
            return self._ready and self.focused is self.query_one("#search", Input)
        if action == "search" and self._early_words is not None:
            return False  # "/" in a search begun early is a letter of it, in the order typed
        if action == "cohort":  # a trainer's key: no one else sees it in the footer, or can use it
            return is_trainer()
        if action == "problems":
            return bool(self.query("#broken-files") and self.query_one("#broken-files", BrokenFiles).files)
        return True

    def action_search(self) -> None:
        if not self._ready:
            self._early_words = []
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

    def action_cohort(self) -> None:
        self.post_message(self.ShowCohort())

    def action_resume(self) -> None:
        self.post_message(self.ShowUnfinished())

    def action_problems(self) -> None:
        """To the list of files that could not be loaded, or from it back to the cases."""
        files = self.query_one("#broken-files", BrokenFiles)
        self.set_focus(self.query_one("#cases", DataTable) if self.focused is files else files)

    def action_clear_search(self) -> None:
        # A search typed before the box came goes too, even one ended and waiting for the library's last files
        # (else it would come back into the box when they are read).
        self._cancel_early_search()
        if not self._ready:
            return
        self.query_one("#search", Input).value = ""
        self.query_one("#cases", DataTable).focus()
