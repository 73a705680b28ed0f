"""The pure core: models, catalogue, rulebook, engine and scoring.

Nothing here imports Textual or touches the disk; a test enforces it.
"""
