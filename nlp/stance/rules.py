"""Ordered stance rules over one normalised post: tense, modality, negation and clause scope.

:func:`classify_rules` reads each deletion verb in its clause: perfective markers before it,
future/modal markers, negators in a short scope, conditionals, third-person subjects and the
verb's object (a Meta account vs. another thing). Post-level cues (return to the platform,
"percuma", questions of worth, calls to action) are regular expressions from
:mod:`nlp.stance.lexicon`. Rules apply in a fixed priority order: explicit weighing > staying >
deleted > intends > urges > weak question > bare imperative > weak first-person act > none.
The score is the confidence of the rule that fired. :mod:`nlp.stance.classify` decides per language
whether the rule's verdict stands or the supervised model (:mod:`nlp.stance.model`, which does not see
the rules' verdict) overrules it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from nlp.stance.lexicon import (
    _BOUNDARY,
    _CONSIDER_RE,
    _CONTRAST_RE,
    _DELETE_VERBS,
    _DONE_RE,
    _EN_FUTURE_RE,
    _FIRST_PERSON,
    _FUTURE,
    _FUTURE_TIME_RE,
    _HOWTO_RE,
    _HOWTO_STRICT_RE,
    _META_OBJECTS,
    _NEG_FILLERS,
    _NEGATORS,
    _NEWS_RE,
    _NO_REGRET_RE,
    _OTHER_OBJECTS,
    _PASSIVE_VERBS,
    _PAST_EN_VERBS,
    _PERF_FILLERS,
    _PERFECTIVE,
    _PHRASES,
    _RELATIVES,
    _RESULT_STATE_FIRST_RE,
    _RESULT_STATE_RE,
    _RULE_CHARS,
    _SECOND_PERSON,
    _STAY_RE,
    _STRONG_STAY_RE,
    _STRONG_URGE_RE,
    _THIRD_PERSON,
    _TOKEN_RE,
    _URGE_RE,
    _WEAK_STAY_RE,
)

_DOUBLE_NEGATION = frozenset({("no", "excuse"), ("no", "reason"), ("no", "reasons")})
_EN_BASE_VERBS = frozenset({"delete", "quit", "remove", "deactivate", "uninstall", "leave", "ditch"})


@dataclass(frozen=True)
class StanceResult:
    """A stance label with a confidence in [0, 1] and the name of the rule that decided it."""

    label: str
    score: float
    rule: str


class _Cues:
    """Lazily evaluated post-level cue regexes for one text."""

    __slots__ = ("_text", "_memo")
    _PATTERNS: ClassVar[dict[str, re.Pattern[str]]] = {}

    def __init__(self, text: str) -> None:
        self._text = text
        self._memo: dict[str, bool] = {}

    def _get(self, name: str) -> bool:
        hit = self._memo.get(name)
        if hit is None:
            hit = self._memo[name] = self._PATTERNS[name].search(self._text) is not None
        return hit

    stay = property(lambda self: self._get("stay"))
    consider = property(lambda self: self._get("consider"))
    urge = property(lambda self: self._get("urge"))
    news = property(lambda self: self._get("news"))
    howto = property(lambda self: self._get("howto"))
    future_time = property(lambda self: self._get("future_time"))


_Cues._PATTERNS.update(
    stay=_STAY_RE, consider=_CONSIDER_RE, urge=_URGE_RE, news=_NEWS_RE, howto=_HOWTO_RE, future_time=_FUTURE_TIME_RE
)


def _tokens(norm: str) -> list[str]:
    return _TOKEN_RE.findall(norm)


def _clause_bounds(tokens: Sequence[str], i: int) -> tuple[int, int]:
    start = i
    while start > 0 and not _BOUNDARY.match(tokens[start - 1]):
        start -= 1
    end = i
    while end + 1 < len(tokens) and not _BOUNDARY.match(tokens[end + 1]):
        end += 1
    return start, end


def _object_is_meta(tokens: Sequence[str], i: int, end: int) -> bool:
    """False when the verb's nearest object is something other than a Meta account."""
    window = [t for t in tokens[i + 1 : min(end, i + 5) + 1]]
    for tok in window:
        if tok in _META_OBJECTS and tok not in ("akun", "semua"):
            return True
        if tok in _OTHER_OBJECTS:
            return False
    # Object before the verb ("fb gue sudah gue hapus", "tiktok gue sudah gue hapus").
    start, _ = _clause_bounds(tokens, i)
    before = tokens[max(start, i - 6) : i]
    for tok in reversed(before):
        if tok in _OTHER_OBJECTS:
            return False
        if tok in _META_OBJECTS:
            return True
    return True


def _third_person_subject(tokens: Sequence[str], i: int) -> bool:
    start, _ = _clause_bounds(tokens, i)
    before = tokens[max(start, i - 5) : i]
    for k in range(len(before) - 1, -1, -1):
        tok = before[k]
        if tok in _FIRST_PERSON:
            # "teman gue", "mantan gue": a possessive, the subject is the third party.
            return k > 0 and before[k - 1] in _THIRD_PERSON and before[k - 1] not in ("yang", "ada")
        if tok in _RELATIVES or tok in _SECOND_PERSON:
            return False
        if tok in _THIRD_PERSON:
            return True
    return False


def _negated(tokens: Sequence[str], i: int) -> bool:
    j = i - 1
    steps = 0
    while j >= 0 and steps < 4 and not _BOUNDARY.match(tokens[j]):
        tok = tokens[j]
        if tok in _NEGATORS:
            # "perlu enggak", "worth it enggak": a question tag, not a negation of the act.
            prev = tokens[j - 1] if j > 0 else ""
            if prev in ("perlu", "it", "apa", "atau", "mau", "ikut", "benar", "betul"):
                return False
            # Codebook, negation: "whether or not to delete" weighs; "no excuse/reason not to delete"
            # is a double negation; "have not deleted ... yet" is "not yet", never `staying`.
            if prev == "or" or (tok == "not" and tuple(tokens[max(0, j - 2) : j]) in _DOUBLE_NEGATION):
                return False
            return "yet" not in tokens[i + 1 : i + 5]
        if tok not in _NEG_FILLERS and tok not in _FIRST_PERSON:
            return False
        j -= 1
        steps += 1
    return False


def _marker_before(
    tokens: Sequence[str], i: int, markers: frozenset[str], fillers: frozenset[str], reach: int = 4
) -> bool:
    j = i - 1
    steps = 0
    while j >= 0 and steps < reach and not _BOUNDARY.match(tokens[j]):
        tok = tokens[j]
        if tok in markers:
            if tok == "just" and markers is _PERFECTIVE and tokens[i] in _EN_BASE_VERBS:
                # "just delete facebook" / "Just #DeleteFacebook" is an imperative; "just deleted" is perfective.
                return False
            if tok == "baru" and markers is _PERFECTIVE:
                # "tahun baru" is New Year; "selesai baru hapus" is "only then delete".
                nxt = tokens[j + 1] if j + 1 < len(tokens) else ""
                prev = tokens[j - 1] if j > 0 else ""
                return (
                    nxt == "saja"
                    or prev in _FIRST_PERSON
                    or prev in ("sudah", "akhirnya")
                    or j == 0
                    or bool(_BOUNDARY.match(prev))
                )
            return True
        if tok in _FUTURE and markers is _PERFECTIVE:
            return False
        if tok not in fillers and tok not in _META_OBJECTS and tok not in _FIRST_PERSON and tok not in _RELATIVES:
            return False
        j -= 1
        steps += 1
    return False


def classify_rules(norm: str) -> StanceResult:
    """Classify one already-normalised post (see :func:`nlp.normalise.normalise_text`)."""
    text = norm[:_RULE_CHARS]
    if "plug" in text or "rid of" in text or "keluar" in text:
        for pattern, replacement in _PHRASES:
            text = pattern.sub(replacement, text)
    tokens = _tokens(text)
    # Segmented hashtags keep their '#' on the first word: '#delete facebook' is a deletion verb too.
    tokens = [t[1:] if t.startswith("#") and t[1:] in _DELETE_VERBS else t for t in tokens]
    verbs = [i for i, t in enumerate(tokens) if t in _DELETE_VERBS]
    hashtag = "#hapus akun" in text or "#delete facebook" in text
    has_topic = (
        bool(verbs)
        or hashtag
        or bool(re.search(r"\b(?:facebook|instagram|whatsapp|messenger|meta|akun\w*|accounts?)\b", text))
    )
    if not has_topic:
        return StanceResult("none", 0.95, "no-topic")

    # Which verbs are about the author's own Meta account?
    own_verbs: list[int] = []
    third_party = False
    for i in verbs:
        _, end = _clause_bounds(tokens, i)
        if not _object_is_meta(tokens, i, end):
            continue
        # "hapus akun facebook kalian": an addressee's account is a call, not a report about others.
        addressed = any(t in _SECOND_PERSON for t in tokens[i + 1 : min(end, i + 4) + 1])
        if _third_person_subject(tokens, i) and not addressed:
            third_party = True
            continue
        own_verbs.append(i)
    first = any(t in _FIRST_PERSON for t in tokens)
    second = any(t in _SECOND_PERSON for t in tokens)
    question = "?" in text

    # Each post-level cue is searched once; they are the bulk of the cost.
    # Post-level cues are the bulk of the cost: each is searched at most once, and only when a
    # rule actually needs it.
    cue = _Cues(text)
    if verbs and not own_verbs and not cue.stay and not cue.consider:
        return StanceResult("none", 0.8, "other-object-or-third-party")

    # A personal marker right before one's own verb ("otw hapus", "mau hapus") outweighs a news word.
    personal = first or any(i > 0 and (tokens[i - 1] in _FUTURE or tokens[i - 1] in _PERFECTIVE) for i in own_verbs)
    news = cue.howto or (not personal and cue.news)
    # A comparison question ("bedanya apa") inside one's own weighing is part of the weighing.
    news_for_weighing = (
        _HOWTO_STRICT_RE.search(text) is not None or (not personal and cue.news) if cue.consider else news
    )
    if (
        cue.consider
        and (own_verbs or re.search(r"\b(?:facebook|instagram|whatsapp|meta)\b", text) or (first and verbs))
        and not (third_party and not first and not question)
        and not news_for_weighing
        and not _STRONG_STAY_RE.search(text)
        and not (not first and _STRONG_URGE_RE.search(text))
        and not _weighing_resolved(text)
    ):
        return StanceResult("considering", 0.85, "weighing")

    negated = [i for i in own_verbs if _negated(tokens, i)]
    if negated and own_verbs[-1] not in negated:
        # "kemarin bilang enggak bakal hapus, hari ini sudah nonaktifkan": the later act is the stance.
        last = own_verbs[-1]
        if any(_BOUNDARY.match(t) for t in tokens[negated[-1] : last]):
            negated = []
    if cue.stay and not negated and not _STAY_RE.search(_WEAK_STAY_RE.sub(" ", text)):
        # Only a "pointless" argument: a first-person perfective deletion in the same post wins.
        if any(_marker_before(tokens, i, _PERFECTIVE, _PERF_FILLERS) for i in own_verbs):
            pass
        else:
            return StanceResult("staying", 0.85, "staying-cue")
    elif cue.stay or negated:
        return StanceResult("staying", 0.85, "staying-cue" if not negated else "negated-act")

    conditional = {
        i for i in own_verbs if _marker_before(tokens, i, frozenset({"kalau", "if", "kalo"}), _NEG_FILLERS | _FUTURE, 4)
    }

    for i in own_verbs:
        if i in conditional:
            continue
        _, end = _clause_bounds(tokens, i)
        if _marker_before(tokens, i, _PERFECTIVE, _PERF_FILLERS):
            return StanceResult("deleted", 0.9, "perfective")
        if tokens[i] in _PAST_EN_VERBS and (i == 0 or tokens[i - 1] not in ("a", "the", "recover")) and not news:
            return StanceResult("deleted", 0.85, "english-past")
        if tokens[i] in _PASSIVE_VERBS and _marker_before(tokens, i, _PERFECTIVE, _PERF_FILLERS | {"sudah"}, 3):
            return StanceResult("deleted", 0.85, "passive-perfective")
        tail = " ".join(tokens[i : end + 3])
        done = _DONE_RE.search(tail)
        if (
            done
            # Only what precedes the tick counts: "hapus instagram ✅ whatsapp... nanti dulu".
            and not _FUTURE_TIME_RE.search(tail[: done.start()])
            and not any(t in _FUTURE for t in tokens[max(0, i - 3) : i])
        ):
            return StanceResult("deleted", 0.8, "done-marker")
        start_i, _ = _clause_bounds(tokens, i)
        planned = any(t in _FUTURE for t in tokens[max(0, i - 6) : i])
        if (
            _relative_help(tokens, i)
            and not planned
            and (first or not _URGE_RE.search(" ".join(tokens[start_i : i + 1])))
        ):
            return StanceResult("deleted", 0.8, "helped-relative")
    # Result state without a deletion verb: "akun fb gue resmi hilang", "facebook sudah bye".
    if not news and (_RESULT_STATE_RE.search(text) or _RESULT_STATE_FIRST_RE.search(text)):
        return StanceResult("deleted", 0.8, "result-state")

    if own_verbs and not news and _NO_REGRET_RE.search(text):
        for i in own_verbs:
            start, _ = _clause_bounds(tokens, i)
            if i not in conditional and not any(t in _FUTURE for t in tokens[start:i]):
                return StanceResult("deleted", 0.7, "no-regret")

    if own_verbs and not news:
        for i in own_verbs:
            if i in conditional:
                continue
            start, end = _clause_bounds(tokens, i)
            modal_before = any(t in _FUTURE for t in tokens[max(start, i - 5) : i])
            clause_text = " ".join(tokens[start : end + 1])
            # Vocatives ("guys") accompany own plans too; only real calls to action block ``intends``.
            urge_clause = (
                cue.urge
                and bool(_URGE_RE.search(clause_text.replace("guys", "")))
                and not any(t in _FIRST_PERSON for t in tokens[start:i])
            )
            imperative = (i == start and not tokens[i].endswith("ing")) and not first
            if urge_clause or imperative:
                continue
            if (modal_before or cue.future_time or _EN_FUTURE_RE.search(text)) and tokens[i] not in _PAST_EN_VERBS:
                return StanceResult("intends", 0.8, "future-marker")

    if (own_verbs or hashtag or re.search(r"\b(?:boikot|boycott)", text)) and (cue.urge or (second and not first)):
        return StanceResult("urges", 0.85, "call-to-action")

    if own_verbs and question and not news:
        return StanceResult("considering", 0.6, "question")
    if conditional and first and not news:
        # "kalau gue hapus fb, ..." weighs the consequences of one's own deletion.
        return StanceResult("considering", 0.6, "self-conditional")

    if own_verbs and not news:
        sentence_initial = [i for i in own_verbs if i == 0 or _BOUNDARY.match(tokens[i - 1])]
        if sentence_initial and not any(
            t in _FIRST_PERSON for i in sentence_initial for t in tokens[slice(*_clause_span(tokens, i))]
        ):
            return StanceResult("urges", 0.6, "imperative")
        if first:
            return StanceResult("deleted", 0.55, "bare-first-person-act")
        if tokens[own_verbs[0]].endswith("ing"):
            return StanceResult("intends", 0.55, "english-progressive")
    return StanceResult("none", 0.6, "fallback")


def _clause_span(tokens: Sequence[str], i: int) -> tuple[int, int]:
    start, end = _clause_bounds(tokens, i)
    return start, end + 1


def _weighing_resolved(text: str) -> bool:
    """True when the weighing comes before a contrast and a deletion act follows it ("ragu, tapi ... gue hapus")."""
    matches = list(_CONTRAST_RE.finditer(text))
    if not matches:
        return False
    head, tail = text[: matches[-1].start()], text[matches[-1].end() :]
    return (
        _CONSIDER_RE.search(head) is not None
        and _CONSIDER_RE.search(tail) is None
        and any(t in _DELETE_VERBS for t in _tokens(tail))
    )


def _relative_help(tokens: Sequence[str], i: int) -> bool:
    """'bantu mama hapus fb', 'helped my grandma delete her facebook'."""
    window = tokens[max(0, i - 5) : i]
    return any(t.startswith(("bantu", "help")) for t in window) and any(t in _RELATIVES for t in window)
