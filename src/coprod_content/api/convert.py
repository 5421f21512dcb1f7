"""The authored model -> API v1 wire schemas, field by field.

A ``Style`` says how a response is asked for: rich text as the typed tree or as HTML
(rendered by ``richtext.to_html``, the renderer the SCORM player uses), and whether
quiz answers and explanations are included. Every href is a path form that keeps the
style, as far as its target takes it (see ``urls``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, assert_never

from msgspec import UNSET

from coprod_content import changes as c
from coprod_content import model as m
from coprod_content import quiz
from coprod_content.api import wire as w
from coprod_content.api.urls import (
    BOTH,
    RICH,
    Style,
    href,
    image_name,
    module_href,
    path_form,
    query,
    query_form,
)
from coprod_content.richtext import to_html

DEFAULT_STYLE = Style()


def module_ref(
    module: m.Module, base: str | None = None, style: Style = DEFAULT_STYLE
) -> w.ModuleRef:
    """Which module, and which content version, a response belongs to.

    Args:
        base: the module's path; a released version's own path, by default the latest.
    """
    path = base or module_href(module.id)
    return w.ModuleRef(id=module.id, version=module.version, href=href(path, style, BOTH))


def links(
    module: m.Module, base: str | None = None, style: Style = DEFAULT_STYLE, versions: bool = False
) -> w.ModuleLinks:
    """Where each part of a module can be fetched (under ``base``, by default the latest).

    Args:
        versions: whether the server publishes the module's released versions.
    """
    listing = path_form(f"{module_href(module.id)}/versions") if versions else None
    base = base or module_href(module.id)
    return w.ModuleLinks(
        module=href(base, style, BOTH),
        sections=href(f"{base}/sections", style, RICH),
        pyramid=href(f"{base}/pyramid", style, RICH),
        activities=href(f"{base}/activities", style, RICH),
        quiz=href(f"{base}/quiz", style, BOTH),
        resources=href(f"{base}/resources", style, RICH),
        versions=listing,
    )


def module_list(modules: Sequence[m.Module], versions: bool = False) -> w.ModuleList:
    """``GET /v1/modules``: one summary per module."""
    return w.ModuleList(
        modules=tuple(
            w.ModuleSummary(
                id=mod.id,
                title=mod.title,
                version=mod.version,
                language=mod.language,
                description=mod.description,
                duration_minutes=mod.duration_minutes,
                links=links(mod, versions=versions),
            )
            for mod in modules
        )
    )


class Converter:
    """Converts the parts of one module in one ``Style``."""

    def __init__(
        self, module: m.Module, style: Style, base: str | None = None, versions: bool = False
    ) -> None:
        self.module, self.style, self.versions = module, style, versions
        self.base = base or module_href(module.id)
        self.ref = module_ref(module, self.base, style)

    def href(self, part: str, params: Sequence[str] = RICH) -> str:
        """The href of a part of this module (``""`` for the module itself)."""
        return href(self.base + part, self.style, params)

    def rich(self, text: m.RichText) -> w.RichTextOut:
        return to_html(text) if self.style.richtext == "html" else text

    def riches(self, texts: tuple[m.RichText, ...]) -> w.RichTextsOut:
        return tuple(self.rich(t) for t in texts)

    # --- whole responses ---

    def module_detail(self) -> w.ModuleDetail:
        mod = self.module
        return w.ModuleDetail(
            id=mod.id,
            title=mod.title,
            version=mod.version,
            language=mod.language,
            description=mod.description,
            base_iri=mod.base_iri,
            mastery_score=mod.mastery_score,
            duration_minutes=mod.duration_minutes,
            richtext=self.style.richtext,
            answers=self.style.answers,
            links=links(mod, self.base, self.style, self.versions),
            aims=w.Aims(
                summary=self.riches(mod.aims.summary),
                intro=self.rich(mod.aims.intro),
                items=self.riches(mod.aims.items),
            ),
            learning_outcomes=w.Outcomes(
                intro=self.rich(mod.learning_outcomes.intro),
                items=self.riches(mod.learning_outcomes.items),
            ),
            sections=tuple(self.section(s) for s in mod.sections),
            pyramid=self.pyramid(),
            activities=tuple(self.activity(a) for a in mod.activities),
            quiz=self.quiz(),
            resources=tuple(self.resource(r) for r in mod.resources),
        )

    def section_list(self) -> w.SectionList:
        sections = tuple(self.section(s) for s in self.module.sections)
        return w.SectionList(module=self.ref, richtext=self.style.richtext, sections=sections)

    def section_detail(self, section: m.Section) -> w.SectionDetail:
        return w.SectionDetail(
            module=self.ref, richtext=self.style.richtext, section=self.section(section)
        )

    def pyramid_detail(self) -> w.PyramidDetail:
        return w.PyramidDetail(
            module=self.ref, richtext=self.style.richtext, pyramid=self.pyramid()
        )

    def activity_list(self) -> w.ActivityList:
        activities = tuple(self.activity(a) for a in self.module.activities)
        return w.ActivityList(module=self.ref, richtext=self.style.richtext, activities=activities)

    def activity_detail(self, activity: m.Activity) -> w.ActivityDetail:
        return w.ActivityDetail(
            module=self.ref, richtext=self.style.richtext, activity=self.activity(activity)
        )

    def resource_list(self) -> w.ResourceList:
        resources = tuple(self.resource(r) for r in self.module.resources)
        return w.ResourceList(module=self.ref, richtext=self.style.richtext, resources=resources)

    def resource_detail(self, resource: m.Resource) -> w.ResourceDetail:
        return w.ResourceDetail(
            module=self.ref, richtext=self.style.richtext, resource=self.resource(resource)
        )

    def quiz_detail(self) -> w.QuizDetail:
        return w.QuizDetail(
            module=self.ref,
            richtext=self.style.richtext,
            answers=self.style.answers,
            quiz=self.quiz(),
        )

    def quiz_item_detail(self, item: m.QuizItem) -> w.QuizItemDetail:
        return w.QuizItemDetail(
            module=self.ref,
            richtext=self.style.richtext,
            answers=self.style.answers,
            item=self.quiz_item(item),
        )

    def change_list(self, since: str, found: Sequence[c.AnyChange]) -> w.ChangeList:
        """What changed in this version since the version ``since``."""
        changes = tuple(self.change(x) for x in found)
        return w.ChangeList(
            module=self.ref, richtext=self.style.richtext, since=since, changes=changes
        )

    def check_result(self, item: m.QuizItem, chosen: tuple[str, ...]) -> w.CheckResult:
        """The result of choosing the options ``chosen`` (as ``quiz.read_answer`` gives them)."""
        feedback = tuple(
            w.ChoiceFeedback(choice=o.id, text=self.rich(o.feedback))
            for o in quiz.options(item)
            if o.id in chosen and o.feedback is not None
        )
        return w.CheckResult(
            module=self.ref,
            richtext=self.style.richtext,
            item_id=item.id,
            correct=quiz.is_correct(item, chosen),
            answer=item.answer,
            feedback=feedback,
            explanation=self.rich(item.explanation),
        )

    # --- parts ---

    def section(self, section: m.Section) -> w.Section:
        return w.Section(
            id=section.id,
            title=section.title,
            href=self.href(f"/sections/{section.id}"),
            blocks=tuple(self.block(b) for b in section.blocks),
        )

    def block(self, block: m.Block) -> w.Block:
        if isinstance(block, m.Paragraph):
            return w.Paragraph(id=block.id, text=self.rich(block.text))
        if isinstance(block, m.BulletList):
            return w.BulletList(id=block.id, items=self.riches(block.items))
        if isinstance(block, m.Definition):
            return w.Definition(id=block.id, term=block.term, text=self.rich(block.text))
        if isinstance(block, m.Callout):
            return w.Callout(id=block.id, text=self.rich(block.text))
        if isinstance(block, m.LinkCard):
            return w.LinkCard(
                id=block.id, title=block.title, url=block.url, text=self.rich(block.text)
            )
        if isinstance(block, m.Image):
            return self.image(block)
        if isinstance(block, m.HelpPrompts):
            return self.help(block)
        if isinstance(block, m.ChallengeList):
            items = tuple(
                w.Challenge(id=c.id, term=c.term, text=self.rich(c.text)) for c in block.items
            )
            return w.ChallengeList(id=block.id, items=items)
        if isinstance(block, m.Recommendation):
            return w.Recommendation(
                id=block.id,
                number=block.number,
                title=block.title,
                intro=None if block.intro is None else self.rich(block.intro),
                points=self.riches(block.points),
            )
        if isinstance(block, m.PyramidFigure):
            return w.PyramidFigure(id=block.id, href=self.href("/pyramid"))
        if isinstance(block, m.ActivityRef):
            target = self.href(f"/activities/{block.activity}")
            return w.ActivityRef(id=block.id, activity=block.activity, href=target)
        if isinstance(block, m.QuizRef):
            return w.QuizRef(id=block.id, href=self.href("/quiz", BOTH))
        if isinstance(block, m.ResourceList):
            return w.ResourcesRef(id=block.id, href=self.href("/resources"))
        assert_never(block)

    def image(self, block: m.Image) -> w.Image:
        found = next(f for f in self.module.images if f.path == block.file)
        return w.Image(
            id=block.id,
            href=f"{self.base}/images/{image_name(found)}",
            media_type=found.media_type,
            alt=block.alt,
            decorative=block.decorative,
            caption=None if block.caption is None else self.rich(block.caption),
        )

    def help(self, block: m.HelpPrompts) -> w.HelpPrompts:
        return w.HelpPrompts(
            id=block.id,
            title=block.title,
            intro=self.rich(block.intro),
            prompts=self.riches(block.prompts),
        )

    def pyramid(self) -> w.Pyramid:
        pyramid = self.module.pyramid
        return w.Pyramid(
            id=pyramid.id,
            title=pyramid.title,
            href=self.href("/pyramid"),
            intro=self.riches(pyramid.intro),
            levels=tuple(
                w.PyramidLevel(
                    id=level.id,
                    number=level.number,
                    name=level.name,
                    description=self.rich(level.description),
                    example=self.rich(level.example),
                    note=None if level.note is None else self.rich(level.note),
                    is_coproduction=level.is_coproduction,
                )
                for level in pyramid.levels
            ),
        )

    def activity(self, activity: m.Activity) -> w.Activity:
        return w.Activity(
            id=activity.id,
            title=activity.title,
            href=self.href(f"/activities/{activity.id}"),
            purpose=self.rich(activity.purpose),
            steps=tuple(self.step(s) for s in activity.steps),
        )

    def step(self, step: m.Step) -> w.Step:
        if isinstance(step, m.Watch):
            video = w.Video(
                provider=step.video.provider,
                id=step.video.id,
                title=step.video.title,
                url=step.video.url,
                transcript=None
                if step.video.transcript is None
                else self.riches(step.video.transcript),
                captions=step.video.captions,
            )
            return w.Watch(id=step.id, intro=self.rich(step.intro), video=video)
        if isinstance(step, m.Reflect):
            return w.Reflect(
                id=step.id, intro=self.rich(step.intro), prompts=self.riches(step.prompts)
            )
        if isinstance(step, m.HelpPrompts):
            return self.help(step)
        assert_never(step)

    def quiz(self) -> w.Quiz:
        quiz = self.module.quiz
        return w.Quiz(
            id=quiz.id,
            title=quiz.title,
            href=self.href("/quiz", BOTH),
            intro=self.riches(quiz.intro),
            attempts=quiz.attempts,
            items=tuple(self.quiz_item(i) for i in quiz.items),
        )

    def resource(self, resource: m.Resource) -> w.Resource:
        return w.Resource(
            id=resource.id,
            title=resource.title,
            href=self.href(f"/resources/{resource.id}"),
            url=resource.url,
            description=self.rich(resource.description),
        )

    def quiz_item(self, item: m.QuizItem) -> w.QuizItem:
        href = self.href(f"/quiz/{item.id}", BOTH)
        check = query_form(f"{self.base}/quiz/{item.id}/check", query(self.style, RICH))
        answers = self.style.answers
        common: dict[str, Any] = {
            "id": item.id,
            "href": href,
            "check": check,
            "statement": self.rich(item.statement),
            "explanation": self.rich(item.explanation) if answers else UNSET,
        }
        if isinstance(item, m.TrueFalse):
            return w.TrueFalseItem(**common, answer=item.answer if answers else UNSET)
        if isinstance(item, m.SingleChoice):
            return w.SingleChoiceItem(
                **common, choices=self.choices(item), answer=item.answer if answers else UNSET
            )
        if isinstance(item, m.MultipleResponse):
            return w.MultipleResponseItem(
                **common, choices=self.choices(item), answer=item.answer if answers else UNSET
            )
        assert_never(item)

    def change(self, change: c.AnyChange) -> w.Change:
        """A change, with the rich text of quiz items in this style."""
        if isinstance(
            change,
            c.Added
            | c.Removed
            | c.Reworded
            | c.Restyled
            | c.Reordered
            | c.ChoicesReordered
            | c.LinkChanged
            | c.SettingChanged,
        ):
            return change  # no rich text in these
        if isinstance(change, c.QuizItemAdded):
            return w.QuizItemAdded(
                id=change.id,
                item_kind=change.item_kind,
                statement=self.rich(change.statement),
                choices=tuple(self.choice_text(x) for x in change.choices),
                answer=change.answer,
                explanation=self.rich(change.explanation),
            )
        if isinstance(change, c.QuizItemRemoved):
            return w.QuizItemRemoved(id=change.id, statement=self.rich(change.statement))
        if isinstance(change, c.AnswerFlipped):
            return w.AnswerFlipped(
                id=change.id,
                statement=self.rich(change.statement),
                was=change.was,
                now=change.now,
            )
        if isinstance(change, c.AnswerChanged):
            return w.AnswerChanged(
                id=change.id,
                statement=self.rich(change.statement),
                was=change.was,
                now=change.now,
            )
        if isinstance(change, c.StatementReworded):
            return w.StatementReworded(
                id=change.id,
                was=self.rich(change.was),
                now=self.rich(change.now),
                diff=change.diff,
            )
        if isinstance(change, c.ExplanationReworded):
            return w.ExplanationReworded(
                id=change.id,
                statement=self.rich(change.statement),
                was=self.rich(change.was),
                now=self.rich(change.now),
                diff=change.diff,
            )
        if isinstance(change, c.ChoiceAdded):
            return w.ChoiceAdded(id=change.id, choice=self.choice_text(change.choice))
        if isinstance(change, c.ChoiceRemoved):
            return w.ChoiceRemoved(id=change.id, choice=self.choice_text(change.choice))
        if isinstance(change, c.ChoiceReworded):
            return w.ChoiceReworded(
                id=change.id,
                was=self.choice_text(change.was),
                now=self.choice_text(change.now),
                diff=change.diff,
            )
        assert_never(change)

    def choice_text(self, choice: c.ChoiceText) -> w.ChoiceText:
        feedback = None if choice.feedback is None else self.rich(choice.feedback)
        return w.ChoiceText(id=choice.id, text=self.rich(choice.text), feedback=feedback)

    def choices(self, item: m.SingleChoice | m.MultipleResponse) -> tuple[w.Choice, ...]:
        return tuple(
            w.Choice(
                id=c.id,
                text=self.rich(c.text),
                feedback=UNSET
                if not self.style.answers
                else None
                if c.feedback is None
                else self.rich(c.feedback),
            )
            for c in item.choices
        )
