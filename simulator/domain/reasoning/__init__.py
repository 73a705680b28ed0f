"""Reading a decision record: what a trainee's rationale says, judged transparently and deterministically.

No model and no network: words are stemmed (Snowball's English stemmer) and compared with the key's points,
the built-in thesaurus and the author's synonyms, a misspelt long word still counts (one edit, RapidFuzz),
and a word under a negation ("no concerns about the bruise") does not count as saying it. What counts is
written down as cue lists in ``lexicon.py`` so a trainer can see why a point did or did not count.
"""

from .points import PointMatch, Term, match_point, parse_terms
from .record import Quality, RecordReading, read_record
from .words import Text, read_text

__all__ = [
    "PointMatch",
    "Quality",
    "RecordReading",
    "Term",
    "Text",
    "match_point",
    "parse_terms",
    "read_record",
    "read_text",
]
