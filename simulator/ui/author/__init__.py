"""Author preview (`--author`, f2): the hidden state of a case shown while
playing it, a jump to any stage, and the scenario file reloaded as the
author edits it. Trainers only: a trainee's screens never import this."""

# The keys, here so the app can bind them without importing the preview itself.
TOGGLE_KEY = "f2"
JUMP_KEY = "f3"
