"""Export one session: the format, and the file to write. Dismisses with
(format name, path) for the history screen to write, or None.

When the app is served (``download=True``) there is no path to type: the
export goes to the browser as a download under the name suggested for the
format, and nothing is written on the server."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from simulator.reports.format_names import FORMAT_INFO
from simulator.ui.keymap import key_for
from simulator.ui.notices import NoticeBar, NoticeHost
from simulator.ui.screens.base import DismissedOnce
from simulator.ui.widgets.choice_list import ChoiceList
from simulator.ui.widgets.footer import AppFooter

FORMAT_LABELS = {"md": "Markdown", "html": "Web page (HTML)", "json": "JSON", "xapi": "xAPI statements",
                 "cpd": "CPD record"}


class ExportScreen(DismissedOnce, NoticeHost, ModalScreen[tuple[str, Path] | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "export", "Export", tooltip="Write the file", id="export.export"),
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
    ]
    AUTO_FOCUS = "#formats"

    def __init__(self, heading: Content, default_path: Callable[[str], Path], initial: str = "html", *,
                 download: bool = False) -> None:
        super().__init__(classes="dialog-screen")
        self.download = download
        self.heading = heading
        self.default_path = default_path
        self.format = initial
        self._suggested = str(default_path(initial))

    def compose(self) -> ComposeResult:
        with Vertical(id="export", classes="dialog"):
            yield Static(Content.assemble(("Export: ", "bold"), self.heading), classes="title")
            # The choices scroll rather than push the buttons off a short terminal.
            with VerticalScroll(id="export-body"):
                yield Label("Format  (enter or space to choose)", classes="question")
                yield ChoiceList([(name, Content.assemble((FORMAT_LABELS[name], "bold"), f": {description}"))
                                  for name, (_, description) in FORMAT_INFO.items()], chosen=[self.format],
                                 id="formats")
                if self.download:
                    yield Label("Downloads to your browser as", classes="question")
                    yield Static(self._download_name(), id="download-name", markup=False)
                else:
                    yield Label("File to write", classes="question")
                    yield Input(self._suggested, id="export-path")
            with Horizontal(classes="buttons"):
                key = key_for(self.app, "export.export", "ctrl+s")
                yield Button(f"Download ({key})" if self.download else f"Export ({key})", id="export-button",
                             variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)
            yield NoticeBar()
        yield AppFooter()

    @on(ChoiceList.OptionSelected, "#formats")
    def _format_chosen(self) -> None:
        chosen = self.query_one("#formats", ChoiceList).chosen
        if not chosen:
            return
        self.format = chosen[0]
        if self.download:
            self._suggested = str(self.default_path(self.format))
            self.query_one("#download-name", Static).update(self._download_name())
            return
        path = self.query_one("#export-path", Input)
        if path.value == self._suggested:  # the trainee has not typed a path of their own: follow the format
            self._suggested = str(self.default_path(self.format))
            path.value = self._suggested

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-button")
    def action_export(self) -> None:
        if self.download:
            self.dismiss((self.format, Path(self._download_name())))
            return
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            self.query_one("#export-path", Input).focus()
            return
        self.dismiss((self.format, Path(text).expanduser()))

    def _download_name(self) -> str:
        """The suggested file's name alone: the browser decides the folder."""
        return Path(self._suggested).name

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
