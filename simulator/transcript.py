"""Kept only as another name for ``simulator.application.transcripts``: ``tests/library`` (rewritten on
another branch) imports it from here. Import ``simulator.application.transcripts`` instead."""

from simulator.application.transcripts import Transcript, TranscriptError, parse_transcript, read_transcript

__all__ = ["Transcript", "TranscriptError", "parse_transcript", "read_transcript"]
