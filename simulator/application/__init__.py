"""The application layer: what the shells (the app, the command line, and the server to come) do with the
services below them. Session control, the library, transcripts, resume planning, stored sessions, recording,
exports and the trainee's history each have a module here; the store, the reports and the scenario loader
know nothing of one another, and this layer is where they meet.

Import the modules themselves (``from simulator.application.session import Session``): this package face
re-exports nothing, so importing one module never loads the others.
"""
