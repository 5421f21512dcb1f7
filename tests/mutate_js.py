"""Each decision point of the player's JavaScript, mutated by hand, against the browser test
that pins it (``make mutation-js``; TESTING.md lists the results).

Python mutation tools cannot mutate JavaScript, so the decisions that set what an LMS or LRS
records (pass mark, score, saved-state encoding and trimming, status mapping, retry, the
verdict rule) are listed here, one plausible mistake each. For each, the script writes the
mistake into the source file, runs the named test (Chromium, scorm-again or the LRS), and
restores the file, whatever happens. A mutation is killed when that test fails. Run it in a
clean checkout: it rewrites files under ``src/`` while it runs.

Usage: ``.venv/bin/python -m tests.mutate_js [WORD ...]`` (only mutations whose name has a WORD).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
STATIC = "src/coprod_content"
PLAYER = f"{STATIC}/player/static/player.js"
SCORM = f"{STATIC}/scorm/static/scorm.js"
SCORM12 = f"{STATIC}/scorm/static/scorm12.js"
SCORM2004 = f"{STATIC}/scorm/static/scorm2004.js"
XAPI = f"{STATIC}/xapi/static/xapi.js"
TINCAN = f"{STATIC}/xapi/static/tincan.js"
CMI5 = f"{STATIC}/cmi5/static/cmi5.js"

BOUNDARY = "tests/scorm/test_boundaries.py::"
AT_MARK = BOUNDARY + "test_passed_exactly_at_the_mastery_score_and_failed_one_item_below"
XBOUNDARY = "tests/xapi/test_boundaries.py::"
QUIZ = "tests/scorm/test_quiz_runtime.py::"
KEEPS_PASS = QUIZ + "test_fail_then_pass_then_a_lower_attempt_keeps_the_pass_and_the_best_score"
RUNTIME = "tests/scorm/test_runtime.py::"
NOTES = RUNTIME + "test_notes_at_maximum_length_keep_suspend_data_within_the_limit"
UPGRADE = "tests/scorm/test_upgrade.py::"
CMI5_RUNTIME = "tests/xapi/test_cmi5_runtime.py::"


class Mutation(NamedTuple):
    name: str
    path: str
    old: str
    new: str
    test: str


MUTATIONS = [
    Mutation(
        "pass mark: at the mark is not enough (>= becomes >)",
        PLAYER,
        "return Math.round(n * 10000 / total) >= mark();",
        "return Math.round(n * 10000 / total) > mark();",
        AT_MARK + "[scorm12-at the mastery score]",
    ),
    Mutation(
        "pass mark: one item below counted as at the mark",
        PLAYER,
        "return Math.round(n * 10000 / total) >= mark();",
        "return Math.round((n + 1) * 10000 / total) >= mark();",
        AT_MARK + "[scorm2004-one item below]",
    ),
    Mutation(
        "pass mark: binary noise of an LMS fraction not absorbed",
        PLAYER,
        "Math.ceil(mastery * 100 - 1e-6)",
        "Math.ceil(mastery * 100)",
        XBOUNDARY
        + "test_cmi5_passed_exactly_at_the_mastery_score_and_failed_one_item_below"
        + "[at the mastery score]",
    ),
    Mutation(
        "pass mark: an LMS mark finer than the score rounded to nearest",
        PLAYER,
        "Math.ceil(mastery * 100 - 1e-6)",
        "Math.round(mastery * 100)",
        BOUNDARY + "test_scorm2004_an_lms_pass_mark_finer_than_the_score_is_never_rounded_down",
    ),
    Mutation(
        "score: raw percentage rounded to a whole number",
        PLAYER,
        "function pct(n) { return Math.round(n * 10000 / total) / 100; }",
        "function pct(n) { return Math.round(n * 100 / total); }",
        RUNTIME + "test_two_wrong_gives_the_score_and_fails_against_the_mastery_score[scorm12]",
    ),
    Mutation(
        "score: scaled score to two places",
        PLAYER,
        "function scaled(n) { return Math.round(n * 10000 / total) / 10000; }",
        "function scaled(n) { return Math.round(n * 100 / total) / 100; }",
        RUNTIME + "test_two_wrong_gives_the_score_and_fails_against_the_mastery_score[scorm2004]",
    ),
    Mutation(
        "score: the latest attempt's instead of the best",
        PLAYER,
        "quiz.best = Math.max(quiz.best, n);",
        "quiz.best = n;",
        KEEPS_PASS + "[scorm12]",
    ),
    Mutation(
        "status: a pass taken back by a later fail",
        PLAYER,
        "quiz.passed = quiz.passed || last.passed;",
        "quiz.passed = last.passed;",
        KEEPS_PASS + "[scorm2004]",
    ),
    Mutation(
        "state encoding: option bits shifted",
        PLAYER,
        "if (has(chosen[i], x.value)) mask += 1 << n;",
        "if (has(chosen[i], x.value)) mask += 1 << (n + 1);",
        KEEPS_PASS + "[scorm12]",
    ),
    Mutation(
        "state decoding: a response naming no option of the item restored",
        PLAYER,
        "if (!mask || mask >= 1 << boxes.length) return null;",
        "if (!mask) return null;",
        UPGRADE + "test_a_saved_response_naming_an_option_the_item_lacks_is_not_restored",
    ),
    Mutation(
        "state: another quiz's answers restored",
        PLAYER,
        'if (state.v === 2 && state.k === quizKey && typeof state.r === "string")',
        'if (state.v === 2 && typeof state.r === "string")',
        UPGRADE
        + "test_a_state_from_a_changed_quiz_keeps_the_pass_and_notes_and_starts_the_quiz_afresh",
    ),
    Mutation(
        "state trimming: a state of exactly the limit trimmed anyway",
        PLAYER,
        "if (data.length <= limit || !longest || !longest.value) return data;",
        "if (data.length < limit || !longest || !longest.value) return data;",
        BOUNDARY + "test_notes_filling_suspend_data_to_exactly_4096_characters_are_kept_whole",
    ),
    Mutation(
        "state trimming: a state over the limit saved as it is",
        PLAYER,
        "if (data.length <= limit || !longest || !longest.value) return data;",
        "return data;",
        BOUNDARY
        + "test_a_state_one_character_over_4096_loses_that_character_from_the_longest_note",
    ),
    Mutation(
        "notes trimming: a box keeps one character less than fits",
        PLAYER,
        "if (cost(text.slice(0, mid)) <= budget) low = mid; else high = mid - 1;",
        "if (cost(text.slice(0, mid)) < budget) low = mid; else high = mid - 1;",
        NOTES + "[quotes-scorm12]",
    ),
    Mutation(
        "notes trimming: an escaped character counted as one",
        PLAYER,
        "function cost(text) { return encode(text).length - 2; }",
        "function cost(text) { return JSON.stringify(text).length - 2; }",
        NOTES + "[snowman-scorm12]",
    ),
    Mutation(
        "retry: one attempt more than allowed",
        PLAYER,
        "more = quiz.attempt < cap;",
        "more = quiz.attempt <= cap;",
        QUIZ + "test_the_attempts_limit_holds_and_the_best_score_is_reported",
    ),
    Mutation(
        "retry: the earlier answers not cleared",
        PLAYER,
        "    quiz.attempt++;\n    clear();",
        "    quiz.attempt++;",
        KEEPS_PASS + "[scorm12]",
    ),
    Mutation(
        "SCORM 1.2 status: failed after a pass",
        SCORM12,
        '["cmi.core.lesson_status", passed ? "passed" : "failed"]',
        '["cmi.core.lesson_status", r.last && !r.last.passed ? "failed" : "passed"]',
        KEEPS_PASS + "[scorm12]",
    ),
    Mutation(
        "SCORM 1.2 status: a pass turned back to incomplete",
        SCORM12,
        'if (!r.finished) return keep || lms.set("cmi.core.lesson_status", "incomplete");',
        'if (!r.finished) return lms.set("cmi.core.lesson_status", "incomplete");',
        UPGRADE
        + "test_a_state_from_a_changed_quiz_keeps_the_pass_and_notes_and_starts_the_quiz_afresh",
    ),
    Mutation(
        "SCORM 1.2 exit: suspended after a pass",
        SCORM12,
        '["cmi.core.exit", r.passed ? "" : "suspend"]',
        '["cmi.core.exit", "suspend"]',
        RUNTIME + "test_all_right_passes_with_100[scorm12]",
    ),
    Mutation(
        "SCORM 2004 success: the LMS's passing score ignored",
        SCORM2004,
        "var mastery = scaled >= 0 && scaled <= 1 ? scaled * 100 : null;",
        "var mastery = null;",
        RUNTIME + "test_scorm2004_uses_the_lms_passing_score_when_it_sets_one",
    ),
    Mutation(
        "SCORM 2004 interactions: a wrong answer recorded as 'wrong'",
        SCORM2004,
        '[n + "result", item.correct ? "correct" : "incorrect"]',
        '[n + "result", item.correct ? "correct" : "wrong"]',
        KEEPS_PASS + "[scorm2004]",
    ),
    Mutation(
        "SCORM interactions: response tokens out of option order",
        SCORM,
        "return form.tokens[id]; }).join(form.separator)",
        "return form.tokens[id]; }).reverse().join(form.separator)",
        KEEPS_PASS + "[scorm12]",
    ),
    Mutation(
        "xAPI verdict: failed sent at once, before a retry could pass",
        XAPI,
        "if (!result.last.passed) { this.held = result; return; }",
        'if (!result.last.passed) { this.sent = true; this.send("failed", result); return; }',
        CMI5_RUNTIME + "test_fail_then_retry_then_pass_in_one_session_sends_only_passed",
    ),
    Mutation(
        "xAPI verdict: passed again in a later session of the registration",
        XAPI,
        "if (this.passed || this.sent) return;",
        "if (this.sent) return;",
        CMI5_RUNTIME + "test_passing_again_in_a_later_session_sends_no_second_passed",
    ),
    Mutation(
        "Tin Can: raw score as a percentage",
        TINCAN,
        "score: { scaled: r.scaled, raw: r.correct, min: 0, max: r.total },",
        "score: { scaled: r.scaled, raw: r.raw, min: 0, max: r.total },",
        XBOUNDARY
        + "test_tincan_passed_exactly_at_the_mastery_score_and_failed_one_item_below"
        + "[one item below]",
    ),
    Mutation(
        "cmi5: the LMS's masteryScore ignored",
        CMI5,
        "mastery: mastery() === null ? null : mastery() * 100,",
        "mastery: null,",
        XBOUNDARY + "test_cmi5_judges_against_the_lms_mastery_score_not_the_modules",
    ),
]


def run(mutation: Mutation) -> bool:
    """Whether the test fails with ``mutation`` in place (the file is restored after)."""
    file = ROOT / mutation.path
    original = file.read_text(encoding="utf-8")
    if original.count(mutation.old) != 1:
        raise SystemExit(f"{mutation.name}: the code to mutate is not in {mutation.path} once")
    file.write_text(original.replace(mutation.old, mutation.new), encoding="utf-8")
    try:
        done = subprocess.run(
            [str(ROOT / ".venv/bin/pytest"), "-q", "-p", "no:cacheprovider", mutation.test],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
    finally:
        file.write_text(original, encoding="utf-8")
    if done.returncode not in (0, 1):
        raise SystemExit(f"{mutation.name}: the test did not run\n{done.stdout}{done.stderr}")
    return done.returncode == 1


def main(words: list[str]) -> int:
    chosen = [m for m in MUTATIONS if not words or any(w in m.name for w in words)]
    killed = 0
    for mutation in chosen:
        dead = run(mutation)
        killed += dead
        print(f"{'killed' if dead else 'SURVIVED'}: {mutation.name} ({mutation.test})", flush=True)
    print(f"{killed} of {len(chosen)} mutations killed")
    return 0 if killed == len(chosen) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
