"""The words the reading goes by, in one place so that a trainer can see why a record did or did not count.

Cues are plain English; they are stemmed when read, so `weigh` also finds "weighed" and "weighing". Cue phrases
that contain their own negation ("no role", "not reassured") are matched as written; single cue words are
turned round by a negation in front of them ("not safe" raises concern, "no concerns" lowers it).
"""

from __future__ import annotations

# --- the qualities of a defensible record (domain.md §6) -----------------------------------------------------

# What is known, and from whom: who said, saw or recorded it.
SOURCES = (
    "said", "says", "told", "tells", "tell", "reported", "reports", "according to", "confirmed", "confirms", "saw",
    "seen", "observed", "disclosed", "described", "records", "record", "checks", "checked", "school", "police",
    "gp", "health visitor", "hv", "nursery", "paediatrician", "doctor", "hospital", "teacher", "dsl", "idva",
    "letter", "email", "visit", "visited", "spoke", "called", "rang", "phoned", "interview", "chronology",
    "history", "notification", "referral", "clinic", "midwife", "probation", "housing", "asked",
)

# What is not yet known.
UNKNOWNS = (
    "not known", "unknown", "do not know", "does not know", "did not know", "not clear", "unclear", "not yet",
    "yet to", "establish", "find out", "awaiting", "waiting for", "still to", "unanswered", "unexplained",
    "no information", "not been seen", "gap", "gaps", "unverified", "uncertain", "uncertainty", "not tested",
    "untested", "whether", "to be tested", "to be confirmed", "not heard", "do not yet", "cannot be excluded",
    "not be excluded", "cannot rule out", "not ruled out", "unsure", "not sure", "question", "questions",
    "need to know", "have not", "has not", "hasn't", "haven't", "explore", "to be explored", "understand",
    "check whether", "to test", "test whether", "not yet clear",
)

# Weighing one thing against another.
WEIGHING = ("weigh", "balance", "on balance", "outweigh", "set against", "against this", "counterbalance",
            "mitigate", "on the other hand", "taken together", "alongside", "rather than", "instead of",
            "strength", "strengths", "protective factor", "protective factors")
TURNS = ("however", "but", "although", "though", "whereas", "despite", "even though", "while", "whilst",
         "nevertheless", "yet")

# The decision, and the threshold or route it meets.
ROUTES = (
    "threshold", "section 47", "s47", "section 17", "s17", "significant harm", "child in need", "cin",
    "early help", "universal", "level", "strategy discussion", "strategy meeting", "conference", "icpc",
    "police protection", "emergency protection", "epo", "care proceedings", "proceedings", "marac",
    "close", "closure", "nfa", "no further action", "step down", "stepping down", "reasonable cause", "statutory",
    "assessment", "endorse", "sign", "signed", "return", "escalate", "cp plan", "protection plan", "enquiry",
    "targeted", "specialist", "legal", "accommodat",
)
REASONS = (
    "because", "as", "so", "therefore", "given", "since", "due to", "which means", "meets", "met", "warrant",
    "justif", "means", "why", "reason", "on that basis", "on the basis", "for this reason", "that is why",
    "this is", "that is", "which is", "amounts to", "not enough", "enough",
    # The ground a route is taken on, named with it ("section 47 and an initial conference for neglect").
    "for neglect", "for abuse", "for physical abuse", "for emotional abuse", "for sexual abuse", "for harm",
    "for significant harm", "on the grounds", "grounds",
)

# The plan: who does what, by when.
PLAN_ACTS = (
    "will", "plan", "arrange", "book", "visit", "review", "meeting", "refer", "follow up", "lead", "responsible",
    "named", "agreed", "ensure", "make sure", "offer", "handover", "monitor", "attend", "convene", "request",
    "to see", "to speak", "to ring", "to check", "to do", "to provide", "to complete", "to support", "provide",
    "complete", "chair",
)
TIMES = (
    "today", "tomorrow", "tonight", "this afternoon", "this morning", "this evening", "by", "within", "week",
    "weeks", "day", "days", "hours", "hour", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "january", "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december", "weekly", "fortnightly", "daily", "immediately", "same day", "next", "month",
    "months", "end of", "before",
)

# What would change the decision.
CONDITIONS = ("if", "unless", "should", "in the event", "trigger", "would change", "would reconsider",
              "were to", "any further", "any new", "any more")
CONSEQUENCES = (
    "escalate", "reconvene", "strategy", "return", "re-refer", "rerefer", "come back", "back to", "again",
    "change", "reconsider", "review", "reopen", "re-open", "conference", "protection", "step up", "legal",
    "police", "contingency", "step down", "step up", "close", "closure", "end", "withdraw", "would",
)

# --- which way a record argues ------------------------------------------------------------------------------

# Words that argue for more protection; a negation in front turns them round.
# "Risk" and "concern" alone name a topic ("the risk against the strengths"); they argue only when said of
# someone or something ("at risk", "a serious risk", "concerned").
RAISES = (
    "at risk", "high risk", "serious risk", "significant risk", "real risk", "risk remains", "remains at risk",
    "concerning", "concerned", "worried", "worry", "worrying", "harm", "significant harm",
    "danger", "dangerous", "unsafe", "suspicious", "frightened", "scared", "afraid", "vulnerable", "escalating",
    "serious", "urgent", "exposed", "likely to suffer", "reasonable cause", "role",
)
# Words that argue for less; a negation in front turns them round. Only words that argue: "warm" or "love"
# describe (a warm house, GCP2's love and esteem) as often as they judge.
LOWERS = (
    "safe", "reassured", "reassuring", "reassurance", "coping", "copes", "well cared", "thriving", "settled",
    "fine", "plausible", "resolved", "ordinary", "overreact", "overreacting", "disproportionate", "doing well",
    "explained", "reduced",
    # Read with their negation ("not coping well", "not exaggerated" argue the other way).
    "coping well", "managing well", "exaggerated",
)
# Phrases that carry their own negation, read as written.
RAISES_AS_WRITTEN = (
    "not reassured", "not safe", "cannot protect", "can not protect", "not reduced", "not been tested",
    "not tested", "not satisfied", "needs more", "more not less", "not enough", "no confidence",
    "not convinced", "not sufficient", "insufficient", "has not reduced", "is not safe", "not consistent",
    # Not waiting argues for acting now: "no reason" here is no reason to hold back.
    "no reason to wait", "no reason to delay", "no reason to hold", "no need to wait", "cannot wait",
    "should not wait", "must not wait", "can't wait",
)
LOWERS_AS_WRITTEN = (
    "no role", "nothing for", "nothing to do", "nothing to suggest", "no reason", "no further action", "no evidence",
    "no concerns", "no real concerns", "no concern", "no significant harm", "not significant",
    "nothing left", "nothing is left", "risk has gone", "low risk", "no risk", "not at risk", "no harm",
    "no role for", "out of proportion", "not a child protection", "not child protection", "no child protection",
    "medium risk", "standard risk", "below the threshold", "below threshold", "risk is being managed",
    "risk is managed", "being managed", "is managed", "can manage", "well managed", "more than meet",
    "would be out of proportion", "dealt with", "no needs",
    # Said of a family or a child to argue the concern away (practice educators' probes, twin cases).
    "no safeguarding concerns", "no real safeguarding concerns", "nothing suggests", "risk is low",
    "risk is now low", "not a victim", "isn't a victim", "is not a victim", "not neglect", "no neglect",
    "don't see neglect", "do not see neglect",
    "not unusual", "no ongoing needs", "no ongoing concerns", "own choices", "his choices", "her choices",
    "concern has been dealt with", "concerns have been dealt with", "concern is dealt with",
    # The front door's own words for closing (an educator's failure transcripts): "not a safeguarding matter ...
    # doesn't meet the threshold ... NFA".
    "not a safeguarding matter", "not a safeguarding issue", "not a safeguarding concern", "not safeguarding",
    "not meet the threshold", "not meet threshold", "nfa", "no further involvement",
)
# Of those, the ones that argue against any help at all: a record that says them while choosing early help or
# an assessment argues against its own decision.
NO_HELP = (
    "no role", "nothing for", "nothing to do", "no reason", "no further action", "nothing left", "nothing is left",
    "no role for", "no needs", "can manage", "no ongoing needs", "no ongoing concerns", "nfa", "no further involvement",
)

# Clauses that concede before the record turns: "although ...", or anything before "but".
CONCEDING = frozenset({"although", "though", "while", "whilst", "despite", "even"})
TURNING_BACK = frozenset({"but", "however", "yet", "still"})

# --- case-specific words ------------------------------------------------------------------------------------

# Words too common, or too general in a social worker's record, to show that a record is about this case.
_GENERIC_WORDS = """
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing done down during each few for from further had has have having he her
here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now
of off on once only or other our ours ourselves out over own same she should so some such than that the their
theirs them themselves then there these they this those through to too under until up very was we were what when
where which while who whom why will with would you your yours yourself yourselves one two three four five six
seven eight nine ten first second new old also still yet per via etc decision decide decided information
evidence case child children family families risk risks concern concerns review reviewed plan plans planning
considered consider considering available made make see seen cited cite keep kept threshold met meet meets need
needs needed assessment assess social care service services work worker workers time agency agencies support
supported help level further action actions note noted outcome discussion strategy section relevant appropriate
proportionate professional professionals current situation issue issues factor factors view views based given
agreed agree think thought feel felt believe important clear clearly ongoing going continue continued continuing
ensure place placed put need required require manager management team record recorded recording rationale reason
reasons reasoning therefore however although though whether without within across around able unable well good
better best bad poor right wrong things thing way ways point points matter matters day days week weeks month
months today tomorrow now later
"""
GENERIC = frozenset(_GENERIC_WORDS.split())

# --- a small thesaurus of practice words, widening the key's terms -----------------------------------------

THESAURUS: dict[str, tuple[str, ...]] = {
    "bruise": ("mark", "injury"),
    "non-mobile": ("not mobile", "immobile", "not yet rolling", "not rolling", "cannot move", "not crawling",
                   "non mobile", "not independently mobile", "can't move"),
    "strangulation": ("strangled", "strangle", "choked", "choking", "hands round her neck", "hands around her neck",
                      "throat", "neck"),
    "exploitation": ("exploited", "cse", "cce", "grooming", "groomed"),
    "missing": ("ran away", "runaway", "stayed out", "absent overnight"),
    "domestic abuse": ("domestic violence", "da", "dv", "coercive control"),
    "strategy discussion": ("strategy meeting", "strategy"),
    "section 47": ("s47", "s.47", "child protection enquiry", "cp enquiry"),
    "section 17": ("s17", "child in need", "cin"),
    "child in need": ("cin", "section 17", "s17"),
    "significant harm": ("serious harm",),
    "paediatrician": ("paediatric", "paed", "doctor", "medical", "consultant"),
    "police": ("officer", "detective"),
    "school": ("dsl", "teacher", "head teacher", "tutor"),
    "mother": ("mum", "mam", "mom"),
    "father": ("dad",),
    "grandmother": ("nan", "nana", "gran", "granny", "grandma"),
    "alone": ("on his own", "on her own", "by himself", "by herself", "without his mother", "without her mother",
              "without a parent", "apart from"),
    "seen": ("saw", "met", "spoke to", "talked to", "visited"),
    "chronology": ("history", "previous referrals", "earlier contacts", "records"),
    "pattern": ("repeated", "recurring", "cumulative", "again and again", "chronology"),
    "drink": ("drinking", "alcohol", "drunk", "intoxicated"),
    "drugs": ("cannabis", "substance", "substances"),
    "depression": ("low mood", "postnatal", "mental health", "depressed"),
    "conference": ("icpc", "child protection conference", "cp conference"),
    "early help": ("targeted support", "early intervention"),
    "close": ("nfa", "no further action", "closure"),
    "explanation": ("account", "story"),
    "safety plan": ("safety planning", "protective plan"),
    "wishes": ("views", "voice", "what she wants", "what he wants", "wants"),
}
