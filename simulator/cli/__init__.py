"""The `case-review` command line: ``main`` builds the parser and runs a command (or the app); the commands
about scenarios and about trainees' sessions each have a module, and ``output`` is how they all speak.

Import the modules themselves (``from simulator.cli.main import main``): this package face re-exports nothing.
"""
