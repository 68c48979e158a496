"""Letters of a case: numbering and signing notices, editing drafts, rendering the files.

Composing the text is ``gongkai.foi.letters``; this module stores, numbers and freezes it.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from gongkai.core.actors import Actor
from gongkai.core.errors import Conflict, NotFound, ValidationFailed
from gongkai.core.transitions import Context
from gongkai.foi import letters as compose
from gongkai.foi import selectors
from gongkai.foi.models import Application, Consultation, Letter, LetterKind
from gongkai.foi.remedies import missing_from
from gongkai.foi.services import notifications
from gongkai.foi.services._common import AppContext, next_serial, signed_in_user
from gongkai.foi.transitions import APPLICATION, LETTER, Action, LetterAction
from gongkai.orgs.models import Organization

_LETTER_WORDS = {
    LetterKind.REPLY: "依申请答复",
    LetterKind.CORRECTION: "依申请补正",
    LetterKind.EXTENSION: "依申请延期",
    LetterKind.CONSULTATION: "依申请征询",
    LetterKind.FEE: "依申请收费",
    LetterKind.REASONS_REQUEST: "依申请说明理由",
    LetterKind.REASONABLE_PERIOD: "依申请合理期限",
    LetterKind.THIRD_PARTY_NOTICE: "依申请告知第三方",
}


def letter_number(org: Organization, kind: str, year: int, serial: int) -> str:
    """文书编号 per org, year and kind of letter, e.g. 县卫健委依申请答复〔2025〕7号."""
    return f"{org.short_name or org.name}{_LETTER_WORDS[LetterKind(kind)]}〔{year}〕{serial}号"


def sign(letter: Letter, actor: Actor, on: datetime.date) -> Letter:
    """Number and freeze a letter, inside the case's action; files are rendered after commit."""
    return LETTER.apply_nested(actor, letter, LetterAction.SIGN, on=on)


@LETTER.effect(LetterAction.SIGN)
def _sign(ctx: Context[Letter]) -> Letter:
    letter, on = ctx.obj, ctx.data["on"]
    serial = next_serial(letter.application.org, on.year, letter.kind)
    number = letter_number(letter.application.org, letter.kind, on.year, serial)
    ctx.update(year=on.year, serial=serial, number=number, signed_on=on, signed_by=signed_in_user(ctx.actor))
    ctx.after["number"] = number
    letter_id = letter.pk

    def render() -> None:
        letter_render_files(letter_id=letter_id)

    ctx.on_commit(render)
    # The applicant's copy by the channel they chose (e-mail with the PDF, or an SMS line).
    notifications.letter_signed(letter.application, letter)
    return letter


def send_notice(
    app: Application,
    kind: str,
    body: str,
    actor: Actor,
    on: datetime.date,
    *,
    recipient: str | None = None,
    consultation: Consultation | None = None,
) -> Letter:
    """A notice (补正、延期、征询、收费) is signed as it is sent."""
    letter = Letter.objects.create(
        application=app,
        kind=kind,
        recipient=recipient or app.applicant_name,
        title=LetterKind(kind).label,
        body=body,
        consultation=consultation,
    )
    return sign(letter, actor, on)


def letter_edit(*, actor: Actor, letter: Letter, body: str) -> Letter:
    """Edit a draft letter before it is signed; the appeal rights must stay in a reply."""
    return APPLICATION.apply(actor, letter.application_id, Action.EDIT_LETTER, letter_id=letter.pk, body=body)


@APPLICATION.effect(Action.EDIT_LETTER)
def _edit_letter(ctx: AppContext) -> Letter:
    app = ctx.obj
    letter = Letter.objects.select_for_update().filter(application=app, pk=ctx.data["letter_id"]).first()
    if letter is None:
        raise ValidationFailed("未找到该文书。", fields={"letter": ["未找到该文书。"]})
    if letter.status != Letter.Status.DRAFT:
        raise APPLICATION.refuse(app, ctx.transition, "文书已签发，不能修改。")
    body = str(ctx.data.get("body") or "").strip()
    if not body:
        raise ValidationFailed("正文不能为空。", fields={"body": ["正文不能为空。"]})
    if letter.kind == LetterKind.REPLY:
        # 条例第五十一条; 行政复议法第二十条、第二十三条第二款; 行政诉讼法第四十五条、第四十六条: the
        # remedies paragraphs (periods, 复议机关, 复议前置) stay verbatim — mentioning the words
        # 行政复议/行政诉讼 is not enough.
        missing = missing_from(body, letter.outcome, selectors.review_body_of(app.org).name)
        if missing:
            raise ValidationFailed(
                "答复书须完整保留救济途径的告知（期限、行政复议机关及是否须先申请行政复议），不得删改：" + missing[0],
                code="remedies_missing",
                fields={"body": ["缺少或改动了救济途径的告知。"]},
            )
    ctx.before["letter"] = {"id": letter.pk, "body": letter.body}
    letter.body = body
    letter.save(update_fields=["body"])
    ctx.after["letter"] = {"id": letter.pk, "body": body}
    return letter


def letter_content(letter: Letter) -> compose.LetterContent:
    return compose.LetterContent(
        title=letter.title,
        number=letter.number,
        recipient=letter.recipient,
        body=letter.body,
        signer=letter.application.org.name,
        date=letter.signed_on,
    )


def letter_render_files(*, letter_id: int) -> Letter:
    """Render and store the DOCX and PDF of a signed letter (idempotent; run after commit)."""
    with transaction.atomic():
        letter = Letter.objects.select_for_update(of=("self",)).select_related("application__org").get(pk=letter_id)
        if letter.status != Letter.Status.SIGNED:
            raise Conflict("草稿不生成正式文书。", code="letter_not_signed")
        if letter.docx is not None and letter.pdf is not None:
            return letter
        content = letter_content(letter)
        letter.docx = compose.render_docx(content)
        letter.pdf = compose.render_pdf(content)
        letter.save(update_fields=["docx", "pdf"])
        return letter


def letter_pdf(*, letter_id: int) -> bytes:
    """The signed letter's PDF for an e-mail attachment (``gongkai.notify`` calls this at delivery;
    it renders the files now if the after-commit rendering has not run yet)."""
    letter = letter_render_files(letter_id=letter_id)
    return bytes(letter.pdf or b"")


def applicant_letter_pdf(*, org: Organization, application_id: int, letter_id: int) -> Letter:
    """A letter addressed to the applicant, with its files, for the download link the tracking
    page handed out (the caller checked the link's signature)."""
    app = Application.objects.filter(pk=application_id, org=org).first()
    if app is None:
        raise NotFound("未找到该文书。")
    letter = selectors.applicant_letter(app, letter_id)
    return letter_render_files(letter_id=letter.pk)
