"""What the report knows of a quiz item's answers: its options, and which responses are right.

A ``Key`` comes from the content of the item's version when that is known: ``quiz``
says what the options are, which are right and how a response is judged, exactly as
it does for the player and the packages (all or nothing over the options chosen).
When the version's content is not known (a version never released from this
repository, or statements without a version), the key comes from the activity
definition the statements carry instead, and a response is judged by the statement's
own ``result.success``, or, when it has none, against ``correctResponsesPattern``.

A definition is written by the learner's browser, so the choices it names are shown
only when enough learners answered the item (``shown``); true and false are the
quiz's own options and always are. Pure: no I/O.
"""

from __future__ import annotations

from typing import Literal, NamedTuple, assert_never, get_args

from coprod_content import quiz
from coprod_content.model import QuizItem
from coprod_content.report.tally import Answer, Item
from coprod_content.richtext import to_plain

XAPI_SEPARATOR = "[,]"
"""How xAPI joins the choices of one response (and of one correct response pattern)."""

Interaction = Literal["true-false", "choice"]
INTERACTIONS: dict[str, Interaction] = {name: name for name in get_args(Interaction)}
"""The interaction types the packages send, as ``quiz.Form`` names them."""


class Option(NamedTuple):
    """An option a learner can choose: its id, and its words ("" when not shown)."""

    id: str
    text: str


class Key:
    """How to read and judge the responses to one item in one version.

    Attributes:
        kind: the item's kind, when known (a choice definition does not say whether one
            or several choices may be made).
        options: the item's options in the order shown to learners; empty when not known.
        right: the ids (or, with no ``separator``, whole responses) that make up a right
            answer; empty when not known.
        separator: what joins the options of one response; None when the whole response
            is one token (an interaction type the packages do not send).
    """

    def __init__(
        self,
        *,
        kind: quiz.Kind | None,
        options: tuple[Option, ...],
        right: frozenset[str],
        separator: str | None,
        item: QuizItem | None = None,
        tokens: dict[str, str] | None = None,
        patterns: tuple[str, ...] = (),
    ) -> None:
        self.kind = kind
        self.options = options
        self.right = right
        self.separator = separator
        self._item = item
        self._ids = {token: option for option, token in (tokens or {}).items()}
        self._patterns = patterns

    def chosen(self, response: str) -> tuple[str, ...]:
        """The options (or unknown tokens) a response chooses, each once, in its order."""
        if self.separator is None:
            return (response,) if response else ()
        tokens = response.split(self.separator) if response else []
        return tuple(dict.fromkeys(self._ids.get(t, t) for t in tokens))

    def judge(self, answer: Answer) -> bool | None:
        """Whether ``answer`` is right; None when nothing says."""
        if self._item is not None:
            tokens = answer.response.split(self.separator) if answer.response else []
            return quiz.is_correct(self._item, [self._ids.get(t, t) for t in tokens])
        if answer.success is not None:
            return answer.success
        if not self._patterns:
            return None
        if self.separator is None:
            return answer.response in self._patterns
        given = answer.response.split(self.separator)
        return any(
            sorted(given) == sorted(p.split(self.separator)) and len(set(given)) == len(given)
            for p in self._patterns
        )


def from_content(item: QuizItem) -> Key:
    """The key of an item whose content is known: ``quiz`` decides."""
    form = quiz.form(item, "xapi")
    return Key(
        kind=quiz.kind(item),
        options=tuple(Option(o.id, to_plain(o.text)) for o in quiz.options(item)),
        right=frozenset(quiz.correct(item)),
        separator=form.separator,
        item=item,
        tokens=form.tokens,
    )


def from_statements(about: Item, shown: bool) -> Key:
    """The key an item's activity definition gives, when its content is not known.

    Args:
        about: the definition the statements carry.
        shown: whether enough learners answered for the definition's own words (its
            choices) to be shown.
    """
    interaction = INTERACTIONS.get(about.interaction or "")
    patterns = about.patterns
    if interaction is None:
        options = tuple(Option(p, "") for p in patterns) if shown else ()
        return Key(
            kind=None, options=options, right=frozenset(patterns), separator=None, patterns=patterns
        )
    right = frozenset(t for p in patterns[:1] for t in p.split(XAPI_SEPARATOR) if t)
    if interaction == "true-false":
        kind: quiz.Kind | None = "true-false"
        options = tuple(Option(o.id, to_plain(o.text)) for o in quiz.TRUE_FALSE)
    elif interaction == "choice":
        kind = None
        options = tuple(Option(i, words) for i, words in about.choices) if shown else ()
    else:
        assert_never(interaction)
    return Key(kind=kind, options=options, right=right, separator=XAPI_SEPARATOR, patterns=patterns)
