"""For generated modules, what the runtime records agrees with the authored answers.

Each example builds both packages, runs them in Chromium against scorm-again and
answers every item (every kind, any response); the interactions the runtime holds
must carry each item's id, type, the learner's response and the correct-response
pattern in each version's format, written out here from the SCORM rules: 1.2 names
choice n by the n-th letter and joins with ",", 2004 uses choice ids joined by "[,]";
true/false is t/f in 1.2 and true/false in 2004.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser

from coprod_content.model import Module, QuizItem, QuizRef, TrueFalse
from coprod_content.scorm import build
from tests.scorm.conftest import VERSIONS, Tab, new_context
from tests.scorm.lms import Learner, Lms, Site, first_launch, interactions
from tests.scorm.test_runtime import WRONG
from tests.strategies import modules, responses

TF_TOKENS = {
    "scorm12": {"true": "t", "false": "f"},
    "scorm2004": {"true": "true", "false": "false"},
}


@st.composite
def answered(draw: st.DrawFn) -> tuple[Module, list[tuple[str, ...]]]:
    module = draw(modules())
    return module, [draw(responses(item)) for item in module.quiz.items]


def right_ids(item: QuizItem) -> set[str]:
    if isinstance(item, TrueFalse):
        return {"true" if item.answer else "false"}
    return {item.answer} if isinstance(item.answer, str) else set(item.answer)


def written(version: str, item: QuizItem, ids: set[str]) -> str:
    """Option ids as the SCORM version writes a response or pattern, in authored order."""
    if isinstance(item, TrueFalse):
        (only,) = ids
        return TF_TOKENS[version][only]
    order = [c.id for c in item.choices]
    if version == "scorm12":
        return ",".join("abcdefgh"[order.index(i)] for i in order if i in ids)
    return "[,]".join(i for i in order if i in ids)


@settings(max_examples=12)
@given(case=answered())
def test_runtime_patterns_agree_with_the_answers(
    case: tuple[Module, list[bool]], browser: Browser, site: Site
) -> None:
    module, chosen = case
    quiz_block = next(b for s in module.sections for b in s.blocks if isinstance(b, QuizRef))
    context, outside = new_context(browser)
    try:
        tab = Tab(context, outside)
        lms = Lms(tab.page, site)
        for version in VERSIONS:
            package = build(module, version)  # type: ignore[arg-type]
            learner = Learner(
                lms.launch(version, site.add(package), first_launch(version, package))
            )
            learner.open(next(s.id for s in module.sections for b in s.blocks if b is quiz_block))
            for item, response in zip(module.quiz.items, chosen, strict=True):
                learner.choose(item.id, response)
            lms.unload()
            cmi = lms.cmi()
            rights = [
                set(r) == right_ids(i) for i, r in zip(module.quiz.items, chosen, strict=True)
            ]
            assert list(interactions(version, cmi)) == [
                {
                    "id": item.id,
                    "type": "true-false" if isinstance(item, TrueFalse) else "choice",
                    "response": written(version, item, set(response)),
                    "result": "correct" if right else WRONG[version],
                    "pattern": written(version, item, right_ids(item)),
                }
                for item, response, right in zip(module.quiz.items, chosen, rights, strict=True)
            ]
            correct = sum(rights)
            passed = correct * 100 >= module.mastery_score * len(chosen)
            status = "passed" if passed else "failed"
            raw = f"{round(correct * 100 / len(chosen), 2):g}"
            if version == "scorm12":
                assert (cmi["core"]["lesson_status"], cmi["core"]["score"]["raw"]) == (status, raw)
            else:
                assert (cmi["success_status"], cmi["score"]["raw"]) == (status, raw)
            assert lms.failed_calls() == []
        assert tab.problems() == []
    finally:
        context.close()
