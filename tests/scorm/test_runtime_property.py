"""For generated modules, what the runtime records agrees with the authored answers.

Each example builds both packages, runs them in Chromium against scorm-again and
answers every item; the interactions the runtime holds must carry each item's id,
the correct-response pattern of its answer, and the right result and score.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser

from coprod_content.model import Module, QuizRef
from coprod_content.scorm import build
from tests.scorm.conftest import VERSIONS, Tab, new_context
from tests.scorm.lms import Learner, Lms, Site, first_launch, interactions
from tests.scorm.test_runtime import PATTERN, WRONG
from tests.strategies import modules


@st.composite
def answered(draw: st.DrawFn) -> tuple[Module, list[bool]]:
    module = draw(modules())
    responses = draw(
        st.lists(st.booleans(), min_size=len(module.quiz.items), max_size=len(module.quiz.items))
    )
    return module, responses


@settings(max_examples=12)
@given(case=answered())
def test_runtime_patterns_agree_with_the_answers(
    case: tuple[Module, list[bool]], browser: Browser, site: Site
) -> None:
    module, responses = case
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
            for item, response in zip(module.quiz.items, responses, strict=True):
                learner.answer(item.id, response)
            lms.unload()
            cmi = lms.cmi()
            assert list(interactions(version, cmi)) == [
                {
                    "id": item.id,
                    "type": "true-false",
                    "response": PATTERN[version][response],
                    "result": "correct" if response == item.answer else WRONG[version],
                    "pattern": PATTERN[version][item.answer],
                }
                for item, response in zip(module.quiz.items, responses, strict=True)
            ]
            correct = sum(r == i.answer for r, i in zip(responses, module.quiz.items, strict=True))
            passed = correct * 100 >= module.mastery_score * len(responses)
            status = "passed" if passed else "failed"
            raw = f"{round(correct * 100 / len(responses), 2):g}"
            if version == "scorm12":
                assert (cmi["core"]["lesson_status"], cmi["core"]["score"]["raw"]) == (status, raw)
            else:
                assert (cmi["success_status"], cmi["score"]["raw"]) == (status, raw)
            assert lms.failed_calls() == []
        assert tab.problems() == []
    finally:
        context.close()
