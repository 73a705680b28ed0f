"""The history: profiles, sessions and the append-only event log in SQLite.

Plain fields in, plain records out (``records``); it knows nothing of scenario files or reports. Import the
modules themselves (``from simulator.store.database import Store``): this package face re-exports nothing,
so reading a record never loads SQLite.
"""
