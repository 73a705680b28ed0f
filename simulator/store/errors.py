"""What can go wrong with the history database, as one small hierarchy.

Every error carries a message a trainee can read on one line; ``title`` is a
heading the app can put above it. Nothing here leaks a traceback or a raw
sqlite message on its own.
"""

from __future__ import annotations


class StoreError(Exception):
    title = "History problem"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DatabaseMissingError(StoreError):
    title = "No history yet"


class DatabaseUnreadableError(StoreError):
    """The file is damaged or not an SQLite database; it is left as it is."""

    title = "History file unreadable"


class ForeignDatabaseError(StoreError):
    """An SQLite file some other program owns; it is left as it is."""

    title = "Not a history file"


class NewerSchemaError(StoreError):
    """Written by a newer case-review; never migrated down."""

    title = "History from a newer version"


class DatabaseBusyError(StoreError):
    title = "History busy"


class UnsupportedLocationError(StoreError):
    """The history was named as a URL of a kind the store does not open (sqlite:///, http://): nothing is made."""

    title = "Not a history location"


class StoreAccessError(StoreError):
    """The file or its folder cannot be created, opened or written."""

    title = "History not writable"


class ReadOnlyHistoryError(StoreAccessError):
    """The history's file or folder cannot be written (a read-only folder, share or backup): it can be read
    where it is, but nothing can be saved in it."""

    title = "History read-only"


class NotFoundError(StoreError):
    title = "Not found"


class SessionClosedError(StoreError):
    """Events after a session is finished or abandoned would make its cached grade a lie."""

    title = "Session closed"


class InvalidValueError(StoreError):
    title = "Invalid value"


class DamagedRowError(StoreError):
    """One row cannot be read (a damaged byte, or a row written by another program): it is skipped, the rest
    is used, and the file is left as it is."""

    title = "Damaged history entry"


class SessionHeldError(StoreError):
    """Another window holds the session: one window at a time plays it."""

    title = "Open in another window"


class SessionConflictError(StoreError):
    """The session's log is not what this window expects: another window wrote to it."""

    title = "Changed in another window"


class DuplicateError(StoreError):
    """A row whose unique key is taken already (a trainee's name, say): the caller says what that means."""

    title = "Already there"
