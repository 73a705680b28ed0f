"""`case-review serve`: the app served to browsers, one app process per browser session (docs/serving.md).

Import the modules themselves (``from simulator.serve.server import CentreServer``); this face re-exports nothing.
"""
