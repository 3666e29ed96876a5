"""How an answer unit is scored and when a question is answered: named features and fitted weights.

A unit (a sentence, a clause window, a list item, a legal provision) is described by the
interpretable FEATURES below; a logistic model fitted with scikit-learn on the train split of the
answer-blind question set (`tools/train_answerer.py`) turns them into the probability that the unit
answers the question, and the best unit leads the answer. A second logistic model over
CONFIDENCE_FEATURES (the best unit's probability, how far it stands above the next, how well the
library covers the question at all...) gives the probability that the answer is right; the question
is answered when it reaches `threshold`, chosen on the dev split. Weights, threshold and the
reliability table live in `data/answer_model.json`; nothing else in the answerer is tuned.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from importlib import resources
from itertools import repeat
from operator import mul

FEATURES = (
    "coverage",             # rarity-weighted share of the question held by the unit or (discounted) its context
    "own_coverage",         # ... by the unit itself, names, translations and synonyms included
    "exact_coverage",       # ... by the unit itself, the question's own stems only
    "context_coverage",     # ... by the unit with the sentences around it and the document title
    "passage_coverage",     # ... by the whole passage
    "best_passage_coverage",  # the best passage's coverage: how well the library covers the question at all
    "rank_reciprocal",      # 1 / the passage's rank
    "score_ratio",          # the passage's score / the best passage's score
    "type_fit",             # holds what the question asks for (a number, a date, a name, a definition)
    "type_miss",            # the question asks for a number or a date and the unit holds none
    "counted_noun",         # a number of the unit is followed by what "how many" asks to count
    "definition_cue",       # "X is ...", "X: ...", "X (ACR)" for a definition question
    "actor_cue",            # "... by <question word>", or a person's name, for a who-question
    "entity_count",         # entities of the asked kind the unit names (capped at 3), for a list question
    "reason_cue",           # "because", "in order to", "a fin de" for a why-question
    "action_cue",           # "calls upon", "urges", "shall", "deberá" for a what-does-X-ask question
    "constraint_met",       # share of the question's years, numbers, ordinals and countries met
    "constraint_unmet",     # the question sets such constraints and the unit and its context miss them
    "year_conflict",        # the question asks for a year the unit lacks while it gives another
    "doc_named",            # the question names the unit's document
    "doc_named_other",      # the question names another document
    "language_match",       # the question and the unit's document share a language
    "front_matter",         # the unit stands on a cover, title page or table of contents
    "short",                # fewer than 6 words (a unit has at most 60: longer ones are cut to windows)
    "lower_start",          # a whole sentence that starts in lower case: a fragment
    "clause_run",           # a run of clauses, or an item, cut from a longer sentence
    "heading_like",         # mostly capitals, bullet debris or a structural heading
    "dated_caption",        # ends "(place, month year)": a photo caption, or a dated item of a list of activities
    "masthead",             # a UN document's masthead or adoption line: symbol, distribution, plenary meeting
    "link_or_caption",      # a web address, "Available at", a graph or table caption or its note
    "head_match",           # share of the words of a "Head: ..." unit's head that the question holds
    "doc_year_match",       # the question names the year of the unit's document
    "slot_proximity",       # 1 / (1 + words between the asked-for number, date or name and a main question word)
    "no_final_stop",        # does not end as a sentence does
    "pronoun_start",        # starts "It", "This", "They": leans on the sentence before
    "first_in_passage",     # the passage's first unit
    "subject_first",        # one of the question's rarer words stands in the unit's first eight words
    "unknown_share",        # share of an English question's words the library never uses (nor a synonym)
    "unknown_share_other",  # ... of a Spanish or undecided question's words (often words the glossary lacks)
    "novelty",              # share of the unit's terms the question does not hold: what it adds
    "density",              # own coverage per log length: the question's words close together
    "lead_of_next",         # the next sentence opens with "It"/"This" and goes on about this one
    "missing_rare",         # rarity of the rarest question word the unit and its context lack (1: the rarest of all)
    "relative_coverage",    # coverage / the best coverage among the question's units
    "relative_own_coverage",
    "relative_exact_coverage",
    "relative_density",
)


CONFIDENCE_FEATURES = (
    "top_probability",      # the best unit's probability of answering
    "margin",               # ... minus the best probability of a unit on another page
    "top_coverage",         # the best unit's coverage of the question
    "top_exact_coverage",   # ... by the question's own stems
    "best_passage_coverage",
    "unknown_share",
    "unknown_share_other",
    "constraint_unmet",     # the best unit misses a year, number, ordinal or country the question names
    "type_miss",            # ... or the kind of answer asked for
    "type_fit",             # the best unit holds what the question asks for (a number, a date, a name...)
    "missing_rare",         # ... or the question's rarest words
    "question_words",       # log of the number of content words of the question
)


def _logistic(intercept: float, weights: dict[str, float], features: dict[str, float]) -> float:
    z = intercept + sum(map(mul, map(weights.get, features, repeat(0.0)), features.values()))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass
class AnswerModel:
    """Logistic weights over FEATURES (unit) and CONFIDENCE_FEATURES (question), and the threshold."""

    weights: dict[str, float]
    intercept: float
    threshold: float
    confidence_weights: dict[str, float] | None = None
    confidence_intercept: float = 0.0
    reliability: list[dict] | None = None

    @classmethod
    def load(cls, name: str = "answer_model.json") -> AnswerModel:
        data = json.loads(resources.files("ssc_search.data").joinpath(name).read_text("utf-8"))
        return cls.from_dict(data, name)

    @classmethod
    def from_dict(cls, data: dict, name: str = "the answer model") -> AnswerModel:
        unknown = (set(data["weights"]) - set(FEATURES)) | \
            (set(data.get("confidence_weights") or ()) - set(CONFIDENCE_FEATURES))
        if unknown:
            raise ValueError(f"{name}: unknown features {sorted(unknown)}; retrain with tools/train_answerer.py")
        return cls(data["weights"], data["intercept"], data["threshold"], data.get("confidence_weights"),
                   data.get("confidence_intercept", 0.0), data.get("reliability"))

    def probability(self, features: dict[str, float]) -> float:
        """Probability that a unit answers its question."""
        return _logistic(self.intercept, self.weights, features)

    def confidence(self, features: dict[str, float]) -> float:
        """Probability that the answer led by the best unit is right (its own probability when no
        confidence model was fitted)."""
        if not self.confidence_weights:
            return features["top_probability"]
        return _logistic(self.confidence_intercept, self.confidence_weights, features)

    def to_dict(self) -> dict:
        return {"features": list(FEATURES), "weights": self.weights, "intercept": self.intercept,
                "confidence_features": list(CONFIDENCE_FEATURES), "confidence_weights": self.confidence_weights,
                "confidence_intercept": self.confidence_intercept, "threshold": self.threshold,
                "reliability": self.reliability}


def confidence_features(units, info_words: int) -> dict[str, float]:
    """The question-level features of a ranked list of units (best first)."""
    if not units:
        return {f: 0.0 for f in CONFIDENCE_FEATURES} | {"question_words": math.log1p(info_words)}
    top = units[0]
    other = next((u.probability for u in units[1:]
                  if (u.hit.doc_id, u.hit.page) != (top.hit.doc_id, top.hit.page)), 0.0)
    f = top.features
    return {"top_probability": top.probability, "margin": top.probability - other,
            "top_coverage": f["coverage"], "top_exact_coverage": f["exact_coverage"],
            "best_passage_coverage": f["best_passage_coverage"], "unknown_share": f["unknown_share"],
            "unknown_share_other": f["unknown_share_other"],
            "constraint_unmet": f["constraint_unmet"], "type_miss": f["type_miss"], "type_fit": f["type_fit"],
            "missing_rare": f["missing_rare"],
            "question_words": math.log1p(info_words)}
