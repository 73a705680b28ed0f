"""The Textual app: `make_app` builds it for the command line and for tests
alike; `run_app` is what `case-review` calls.

The app starts in stages (see ``load``), owns the trainee's settings, the
library (loaded by a worker so the home screen paints at once) and the
author preview's keys. What follows what for a session is the class it is
built on, ``WhatIfFlow`` (``SessionFlow`` with re-branch and compare): screens post what happened and never build
sessions themselves.
"""

from __future__ import annotations

import gc
import io
import os
import time
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand, _PrintCapture
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.worker import get_current_worker

from simulator.ui.author import JUMP_KEY, TOGGLE_KEY
from simulator.ui.commands import ScreenCommands
from simulator.ui.screens.home import HomeScreen
from simulator.ui.session_flow import SessionFlow, SessionHook
from simulator.ui.typed_ahead import send_on
from simulator.ui.what_if_flow import WhatIfFlow

if TYPE_CHECKING:
    import argparse

    from textual import events
    from textual.geometry import Size

    from simulator.application.centre import Identity
    from simulator.application.config import Config, ConfigRead, Settings, Vocabulary
    from simulator.application.history import History, ResumeOffer
    from simulator.application.library import Library
    from simulator.store.records import CaseTally
    from simulator.ui.author.panel import AuthorPanel

STYLES = Path(__file__).parent / "styles"
READING_EVERY = 0.2  # seconds between words on how far the reading of new scenario files has got
# The smallest window every screen is laid out for (the snapshots are taken at it): below it the app still
# works, but a box may run off the edge, so the trainee is told once each time the window becomes smaller.
SMALLEST = (80, 24)
DARK_THEME, LIGHT_THEME = "textual-dark", "textual-light"
# ctrl+t switches a theme to its other half where it has one, else to Textual's light or dark.
THEME_PAIRS = {"textual-dark": "textual-light", "ansi-dark": "ansi-light", "catppuccin-mocha": "catppuccin-latte",
               "solarized-dark": "solarized-light", "atom-one-dark": "atom-one-light", "rose-pine": "rose-pine-dawn"}
THEME_PAIRS |= {light: dark for dark, light in THEME_PAIRS.items()}


def _warm_up() -> None:
    """Import what opening a case needs while the trainee reads the library,
    so choosing a case does not wait on imports."""
    import simulator.scenarios.loader  # parsing the case chosen
    import simulator.ui.screens.case
    import simulator.ui.screens.debrief
    import simulator.ui.screens.decision
    import simulator.ui.screens.outcome  # noqa: F401
    from simulator.ui.safe import markdown

    markdown("**warm**")


class _Closing(Exception):
    """The app is closing while its library is read: the reading stops (the index is made next time)."""


class _StderrCapture(_PrintCapture):
    """What the app puts in place of stderr while it runs: as Textual's, but with no file descriptor to give,
    which it says as a file object should. Textual's gives -1, and a process asked to hand stderr on to
    another (the worker processes that read many new scenario files start one) crashed on it."""

    def fileno(self) -> int:
        raise io.UnsupportedOperation("the app holds stderr while it runs")


class CaseReviewApp(WhatIfFlow):
    TITLE = "Case Review Simulator"
    CSS_PATH: ClassVar[list[str | PurePath]] = [STYLES / "app.tcss", STYLES / "case.tcss", STYLES / "debrief.tcss",
                                             STYLES / "author.tcss", STYLES / "history.tcss"]
    COMMANDS = App.COMMANDS | {ScreenCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", tooltip="Keys and how a case works", id="app.help"),
        Binding("question_mark", "help", "Help", show=False, id="app.help_question"),
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False, tooltip="Switch between the light and dark themes",
                id="app.toggle_theme"),
        # The palette lists this binding by its description, so "Author preview: on/off" is also the command.
        Binding(TOGGLE_KEY, "toggle_author", "Author preview: on/off", show=False,
                tooltip="Author preview on/off: the key, never-events and clock beside the case",
                id="app.author_preview"),
        # Not in the footer (the author panel names it, and F1 lists it): the case's own keys need the room.
        Binding(JUMP_KEY, "jump_to_stage", "Jump to stage", show=False,
                tooltip="Author preview: start a try-out at any stage",
                id="app.jump_to_stage"),
    ]

    class LibraryLoaded(Message):
        def __init__(self, library: Library, again: bool = False) -> None:
            super().__init__()
            self.library = library
            self.again = again  # read again while the app runs: the history is open already

    class LibraryReading(Message):
        """So many of the library's new or changed files read, of so many."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    class SettingsLoaded(Message):
        def __init__(self, path: Path, settings: Settings, config: ConfigRead) -> None:
            super().__init__()
            self.path = path
            self.settings = settings
            self.config = config

    class WarmedUp(Message):
        """What opening a case needs has been imported."""

    class HistoryLoaded(Message):
        def __init__(self, history: History, offers: list[ResumeOffer], marks: Mapping[str, CaseTally]) -> None:
            super().__init__()
            self.history = history
            self.offers = offers
            self.marks = marks

    def __init__(
        self,
        scenario_dirs: Iterable[str | os.PathLike[str]] = (),
        *,
        bundled: bool = True,
        settings_file: Path | None = None,
        on_session: SessionHook | None = None,
        author: bool = False,
        db_path: str | os.PathLike[str] | None = None,
        keep_history: bool = True,
        config_file: Path | None = None,
        twins: bool = True,
        identity: Identity | None = None,
        downloads: bool | None = None,
    ) -> None:
        """``identity``: the signed-in person when the app is served (``application/centre.py``): their name is
        the trainee's, never asked for or changed here, and only a trainer may turn the author preview on.
        ``downloads``: exports go to the browser (None: when the app runs in one)."""
        super().__init__(scenario_dirs=scenario_dirs, on_session=on_session, db_path=db_path,
                         keep_history=keep_history)
        self.twins = twins  # False: `--no-twins`, whatever the settings say
        self.set_reactive(CaseReviewApp.author_mode, author)
        self.bundled = bundled
        # None: CASE_REVIEW_SETTINGS, or the user config directory.
        self.settings_file = settings_file
        self.settings: Settings | None = None
        # None: CASE_REVIEW_CONFIG, or the user config directory. What it sets wins over the settings.
        self.config_file = config_file
        self.config: Config | None = None
        self._trainee = ""
        self.identity = identity
        self._downloads = downloads
        self._loading = False
        self._reading_said = 0.0  # when the reading of new files was last told (monotonic)
        # `case-review` launches with garbage collection off (cli/launch.py): on again after the first frame.
        self.collect_after_first_frame = False
        self._set_aside = False  # whether what the launch made is set aside from collections (gc.freeze)
        self._told_small = False  # whether the trainee has been told the window is smaller than SMALLEST
        self._capture_stderr = _StderrCapture(self, stderr=True)

    # --- start-up ---------------------------------------------------------

    @property
    def twins_on(self) -> bool:
        """Twin cases draw a twin unless `--no-twins` was given or the settings say `"twins": false`."""
        return self.twins and (self.settings is None or self.settings.twins)

    def get_default_screen(self) -> Screen[None]:
        self._list_library_now()
        return HomeScreen()

    def _list_library_now(self) -> None:
        """The library from its index, in time for the first frame. Files new or changed since the last launch
        (a folder of them, or every file after an upgrade) are read in a thread (``_load``), while the cases
        the index has are listed and can be opened."""
        from simulator.application.library import listed_library

        self.set_reactive(SessionFlow.library, listed_library(self.scenario_dirs, bundled=self.bundled))

    def on_home_screen_shown(self) -> None:
        self.load()

    def load(self) -> None:
        """Load the settings and the library, then the history, in threads.

        The home screen calls this once it is on the screen whole. A loading
        thread holds the interpreter for most of its time, and while one runs
        the screen is built and painted at half speed: so nothing loads before
        the home screen is whole, and the history and the case screens (which
        the list does not need) wait until the list has been painted. (The
        library is usually listed before the first frame already, from its
        index: see ``_list_library_now``.)
        """
        if not self._loading:
            self._loading = True
            self._load()

    @work(thread=True, exclusive=True, group="library")
    def _load(self) -> None:
        from simulator.application.config import load_config, load_settings, settings_path
        from simulator.application.library import open_library
        from simulator.ui.keymap import vocabulary

        # The config file's keys are checked against every binding only when it has some: finding them all
        # imports every screen.
        config = load_config(self.config_file, vocabulary(with_ids=False))
        if config.config.keys:
            config = load_config(self.config_file, vocabulary())
        path = self.settings_file or settings_path()
        self.post_message(self.SettingsLoaded(path, load_settings(path), config))
        listed = self.library  # from the index already, in time for the first frame
        if listed is None or listed.pending:
            pending = listed.pending if listed is not None else 0
            worker = get_current_worker()

            def reading(done: int) -> None:
                """Say how far the reading of the new or changed files has got, every fifth of a second; stop
                it if the app is closing (Python waits for this thread before it exits)."""
                if worker.is_cancelled:
                    raise _Closing
                now = time.monotonic()
                if now - self._reading_said >= READING_EVERY:
                    self._reading_said = now
                    self.post_message(self.LibraryReading(done, max(done, pending)))

            try:
                listed = open_library(self.scenario_dirs, bundled=self.bundled, progress=reading)
            except _Closing:
                return
        self.post_message(self.LibraryLoaded(listed))

    def on_case_review_app_library_reading(self, message: LibraryReading) -> None:
        self.library_reading = (message.done, message.total)

    def reload_library(self) -> None:
        self._reload_library()

    @work(thread=True, exclusive=True, group="library")
    def _reload_library(self) -> None:
        from simulator.application.library import open_library

        self.post_message(self.LibraryLoaded(open_library(self.scenario_dirs, bundled=self.bundled), again=True))

    @work(thread=True, exclusive=True, group="history")
    def _load_history(self, trainee: str, library: Library) -> None:
        if self.keep_history:
            from simulator.application.history import open_history

            config = self.config
            history, offers = open_history(self.db_path, trainee, library,
                                           configured=config.history_path if config else None,
                                           export_dir=config.export_dir if config else None)
            self.post_message(self.HistoryLoaded(history, offers, history.case_marks(trainee)))

    def on_mount(self) -> None:
        # What choosing a case needs comes first, from the moment the list is painted: a trainee may press
        # Enter as soon as they see the title they want, and the search box and the history can wait.
        self.call_after_refresh(self._first_frame_painted)

    def _first_frame_painted(self) -> None:
        if self.collect_after_first_frame and not gc.isenabled():
            gc.freeze()  # what the launch made lives as long as the app: later collections need not walk it
            gc.enable()
            self._set_aside = True
        self._warm()
        self._say_if_small(self.size)

    def on_key(self, event: events.Key) -> None:
        # Runs before Textual's own handler (which looks the key up in the bindings): a key typed for a text
        # box ahead of the focus must not act as a binding of the screen it left.
        send_on(self, event)

    def on_resize(self, event: events.Resize) -> None:
        self._say_if_small(event.size)  # the app's own size is set a moment later

    def _say_if_small(self, size: Size) -> None:
        """Tell the trainee, once each time the window becomes smaller than the app is laid out for."""
        from simulator.ui.safe import notify

        width, height = size
        small = width < SMALLEST[0] or height < SMALLEST[1]
        if small and not self._told_small:
            notify(self, f"The window is {width}×{height}: the app is laid out for {SMALLEST[0]}×{SMALLEST[1]} or "
                   "more, so a box may run off its edge. Make the window larger, or the text smaller.",
                   title="Small window", severity="warning")
        self._told_small = small

    def _set_aside_again(self) -> None:
        """What the launch goes on to make after its first frame (the history, the case screen's modules and
        widgets, warmed up) lives as long as the app too. It is set aside as well, so that the first collection of
        everything does not fall as the trainee opens a case (about 20 ms there, with 500 trainer files)."""
        if self._set_aside:
            gc.freeze()

    @work(thread=True, exclusive=True, group="warm-up")
    def _warm(self) -> None:
        _warm_up()
        self.post_message(self.WarmedUp())

    def on_case_review_app_settings_loaded(self, message: SettingsLoaded) -> None:
        config = message.config.config
        self.settings_file = message.path
        self.settings = message.settings
        self.config = config
        self.config_problems = message.config.problems
        if config.keys:
            self.set_keymap(config.keys)
        theme = config.theme or message.settings.theme
        if theme in self.available_themes:
            self.theme = theme
        self._trainee = config.trainee or message.settings.trainee
        self.sub_title = self._trainee_line()
        if not self._trainee and self.identity is None:
            self.ask_name()

    def on_case_review_app_library_loaded(self, message: LibraryLoaded) -> None:
        self.library = message.library
        self.library_reading = None
        if not message.again:
            # The settings message came first (one thread posted both), so the trainee is known.
            self.call_after_refresh(self._load_history, self.trainee, message.library)

    def on_case_review_app_history_loaded(self, message: HistoryLoaded) -> None:
        self.history_ready(message.history, message.offers, message.marks)
        self._set_aside_again()

    async def on_case_review_app_warmed_up(self) -> None:
        """Mount the case screen's kinds of widget once, hidden (see `style_warm_up`)."""
        from textual.containers import Vertical

        from simulator.ui.screens.case import style_warm_up

        if not self.screen_stack:
            return
        box = Vertical(*style_warm_up(), id="warm-up")
        box.display = False
        await self.screen_stack[0].mount(box)
        await box.remove()
        self._set_aside_again()
        self.warmed_up = True

    def on_unmount(self) -> None:
        if self.history is not None:
            self.history.close()

    # --- the trainee ------------------------------------------------------

    @property
    def trainee(self) -> str:
        """The signed-in name when served; else the config file's trainee, else the name given in the app
        (ctrl+n), which wins for this run."""
        if self.identity is not None:
            return self.identity.name
        return self._trainee

    @property
    def exports_as_downloads(self) -> bool:
        return self.is_web if self._downloads is None else self._downloads

    def _trainee_line(self) -> str:
        from simulator.ui.safe import one_line

        if self.identity is not None:
            return f"{'Trainer' if self.identity.is_trainer else 'Trainee'}: {one_line(self.trainee)} (signed in)"
        return f"Trainee: {one_line(self.trainee)}" if self.trainee else "Trainee: not set (ctrl+n)"

    def ask_name(self) -> None:
        from simulator.ui.screens.name import NameScreen

        if self.identity is not None:
            from simulator.ui.safe import notify

            notify(self, "Your name comes from your centre's sign-in, so it cannot be changed here.")
            return

        def remember(name: str | None) -> None:
            if name:
                self._trainee = name
                self._save(trainee=name)
                self.sub_title = self._trainee_line()
                if self.config is not None and self.config.trainee and self.config.trainee != name:
                    from simulator.ui.safe import notify

                    notify(self, f"Your config file names the trainee {self.config.trainee}: the app starts with "
                           "that name again next time. Change it there to keep this one.", title="Name")

        self.push_screen(NameScreen(self.trainee), remember)

    def _save(self, **changes: Any) -> None:
        import attrs

        from simulator.application.config import save_settings

        if self.settings is None or self.settings_file is None:
            return  # not loaded yet: nothing to keep it in
        settings: Settings = attrs.evolve(self.settings, **changes)
        self.settings = settings
        try:
            save_settings(settings, self.settings_file)
        except OSError as err:
            from simulator.ui.safe import notify

            notify(self, f"Could not save your settings: {err.strerror or err}", severity="warning")

    # --- actions ----------------------------------------------------------

    def action_help(self) -> None:
        from simulator.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_theme(self) -> None:
        other = THEME_PAIRS.get(self.theme) or (LIGHT_THEME if self.current_theme.dark else DARK_THEME)
        self.theme = other
        self._save(theme=other)
        if self.config is not None and self.config.theme and self.config.theme != other:
            from simulator.ui.safe import notify

            notify(self, f"Your config file sets the theme {self.config.theme}: the app starts with it again next "
                   "time. Change it there to keep this one.", title="Theme")

    def deliver_screenshot(self, filename: str | None = None, path: str | None = None,
                           time_format: str | None = None) -> str | None:
        """The palette's screenshot goes to Downloads, or to the exports folder when there is no Downloads
        (Textual's own choice fails then); the folder is made if need be."""
        from simulator.application.config import screenshot_dir

        if path is None:
            folder = screenshot_dir(self.config.export_dir if self.config is not None else None)
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                from simulator.ui.safe import notify

                notify(self, f"Could not make {folder} for the screenshot: {err.strerror or err}",
                       title="Screenshot", severity="error")
                return None
            path = str(folder)
        return super().deliver_screenshot(filename, path, time_format)

    def action_change_name(self) -> None:
        self.ask_name()

    def action_toggle_author(self) -> None:
        if not self.author_mode and not self.may_author:
            from simulator.ui.safe import notify

            notify(self, "The author preview shows each case's answer key, so only trainers can turn it on.",
                   severity="warning")
            return
        self.author_mode = not self.author_mode

    @property
    def may_author(self) -> bool:
        """Whether the author preview (the answer key) may be shown: always in the terminal, and to trainers
        only when the app is served to a centre."""
        return self.identity is None or self.identity.is_trainer

    def watch_author_mode(self, on: bool) -> None:
        from simulator.ui.author.mode import show_panels
        from simulator.ui.safe import notify

        show_panels(self, on)
        notify(self, f"Author preview {'on: the key shows beside the case' if on else 'off'} ({TOGGLE_KEY}).")

    def action_jump_to_stage(self) -> None:
        from simulator.ui.author.mode import ask_jump

        ask_jump(self, self.library, self.jump_to_stage)

    def on_author_panel_new_version(self, message: AuthorPanel.NewVersion) -> None:
        """Opening the case again, or jumping, plays the file's new version."""
        from simulator.ui.author.reload import library_with

        if self.library is not None:
            self.library = library_with(self.library, message.loaded)
        if message.switched and self.session is not None and self.history is not None:
            # The session carries on in the new version, and so does its record in the history.
            self.history.follow_version(self.session)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "change_name" and self.identity is not None:
            return False  # the name is the sign-in's: not offered, not done
        if action == "jump_to_stage":
            if not self.author_mode:
                return False  # hidden from the footer and the palette
            from simulator.ui.screens.case import CaseScreen

            return isinstance(self.screen, CaseScreen)
        return True

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from simulator.ui.commands import Palette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(Palette(id="--command-palette"))

    def search_themes(self) -> None:
        """The palette of themes (the system command "Theme"), as the command palette: chosen once."""
        from textual.theme import ThemeProvider

        from simulator.ui.commands import Palette

        self.push_screen(Palette(providers=[ThemeProvider], placeholder="Search for themes…"))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.identity is None:
            yield SystemCommand("Change trainee name", "Set the name shown on your debriefs", self.ask_name)


def make_app(
    scenario_dirs: Iterable[str | os.PathLike[str]] = (),
    *,
    bundled: bool = True,
    settings_file: Path | None = None,
    on_session: SessionHook | None = None,
    author: bool = False,
    db_path: str | os.PathLike[str] | None = None,
    keep_history: bool = True,
    config_file: Path | None = None,
    twins: bool = True,
    identity: Identity | None = None,
    downloads: bool | None = None,
) -> CaseReviewApp:
    """The one factory: the command line and the tests build the app here."""
    return CaseReviewApp(scenario_dirs, bundled=bundled, settings_file=settings_file, on_session=on_session,
                         author=author, db_path=db_path, keep_history=keep_history, config_file=config_file,
                         twins=twins, identity=identity, downloads=downloads)


def config_vocabulary() -> Vocabulary:
    """What a config file may name (every key binding, the themes), for `case-review config --check`."""
    from simulator.ui.keymap import vocabulary

    return vocabulary()


def run_app(args: argparse.Namespace) -> int:
    from simulator.application.centre import identity_from_env

    # Served to a centre, the process is given its trainee's name and role (`case-review serve`).
    identity = identity_from_env()
    author = getattr(args, "author", False) and (identity is None or identity.is_trainer)
    app = make_app(getattr(args, "scenarios", None) or (), author=author,
                   db_path=getattr(args, "app_db", None), twins=not getattr(args, "no_twins", False),
                   identity=identity)
    app.collect_after_first_frame = True
    try:
        app.run()
    finally:
        gc.enable()  # whatever happened to the app (even before its first frame), the process collects again
    return app.return_code or 0
