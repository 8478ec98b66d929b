"""Keyword relevance for document and folder search. I/O-free.

The docs say only that results with keywords are "sorted by relevance to keyword search". We
score the share of keywords that start a word of the name, plus a bonus when the whole phrase
appears and another when the name is exactly the phrase; items matching no keyword drop out.
"""

from __future__ import annotations

import re
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
MAX_KEYWORDS_LENGTH = 400  # "This field is truncated to 400 characters."
_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    """Case-folded words of a text, for keyword matching."""
    return _WORD.findall(text.casefold())


def score(keywords: str, name: str) -> float:
    """How well a name matches: share of keywords prefixing a word, plus phrase bonuses."""
    terms = words(keywords)
    if not terms:
        return 0.0
    name_words = words(name)
    matched = sum(1 for term in terms if any(word.startswith(term) for word in name_words))
    if matched == 0:
        return 0.0
    phrase = " ".join(terms)
    normalised = " ".join(name_words)
    return matched / len(terms) + (1.0 if phrase in normalised else 0.0) + (1.0 if phrase == normalised else 0.0)


def rank(items: Sequence[T], keywords: str, name: Callable[[T], str]) -> list[T]:
    """Items matching the keywords, best first; ties keep their incoming order."""
    keywords = keywords[:MAX_KEYWORDS_LENGTH]
    scored = [(score(keywords, name(item)), index, item) for index, item in enumerate(items)]
    return [item for s, _, item in sorted((x for x in scored if x[0] > 0), key=lambda x: (-x[0], x[1]))]
