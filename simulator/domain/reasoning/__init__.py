"""Reading a decision record: what a trainee's rationale says, judged transparently and deterministically.

No model and no network: words are stemmed (Snowball's English stemmer) and compared with the key's points,
the built-in thesaurus and the author's synonyms, a misspelt long word still counts (one edit, RapidFuzz),
and a word under a negation ("no concerns about the bruise") does not count as saying it. What counts is
written down as cue lists in ``lexicon.py`` so a trainer can see why a point did or did not count.
"""
