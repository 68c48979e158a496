"""新闻发布会、政策吹风会、在线访谈: plan, record that it was held (speakers with their posts,
transcript, media), and publish the transcript as the interpretation of the policy explained.

- 002 三: 通过政策吹风会、在线访谈和新闻发布会等多种形式 开展解读.
- 002 四 / 004（十）: 主要负责同志应出席新闻发布会进行宣讲解读 — speakers carry a rank so the
  figures can count them.
- Regulations §5.1: link each interpretation to its source document; 谁起草、谁解读. The transcript
  becomes a disclosure interpretation (kind 政策解读, form 新闻发布会 or 在线访谈) through
  disclosure's services, which enforce that rule and put it through the org's review
  (先审后发) before it is public, so it counts in 解读率 and in the figures by form.
"""

import datetime
import html
from dataclasses import dataclass, field

from django.db import transaction

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.core.transitions import Context
from gongkai.disclosure import interpretations
from gongkai.disclosure import permissions as disclosure_permissions
from gongkai.disclosure import selectors as disclosure_selectors
from gongkai.disclosure import services as disclosure
from gongkai.disclosure.richtext import sanitize_html
from gongkai.opinion import permissions
from gongkai.opinion.models import PressEvent, PressKind, PressState, Speaker, SpeakerRank
from gongkai.opinion.services._common import MAX_SPEAKERS, MAX_TEXT, MAX_TITLE, check_moment, text, user_of
from gongkai.opinion.transitions import PRESS, PressAction
from gongkai.orgs.models import Organization

MAX_TRANSCRIPT = 200_000
# Which disclosure 解读形式 a press event's transcript counts as (政策吹风会 is a press briefing).
FORM_OF_KIND = {
    PressKind.PRESS_CONFERENCE: "press_conference",
    PressKind.BRIEFING: "press_conference",
    PressKind.ONLINE_INTERVIEW: "online_interview",
}


@dataclass
class SpeakerInput:
    name: str
    post: str
    rank: str


@dataclass
class PressInput:
    kind: str
    title: str
    planned_at: datetime.datetime | None
    venue: str = ""
    policy_id: int | None = None
    speakers: list[SpeakerInput] = field(default_factory=list)


def _check_speakers(speakers: list[SpeakerInput], errors: dict[str, list[str]]) -> list[SpeakerInput]:
    if len(speakers) > MAX_SPEAKERS:
        errors["speakers"] = [f"发布人最多{MAX_SPEAKERS}位。"]
        return []
    problems = []
    for i, s in enumerate(speakers, 1):
        s.name, s.post = text(s.name, 100), text(s.post, 200)
        if not s.name or len(s.name) > 40:
            problems.append(f"第{i}位发布人：请填写姓名（40字以内）。")
        if not s.post or len(s.post) > 100:
            problems.append(f"第{i}位发布人：请填写职务（100字以内）。")
        if s.rank not in SpeakerRank.values:
            problems.append(f"第{i}位发布人：请选择身份。")
    if problems:
        errors["speakers"] = problems
    return speakers


def _set_speakers(press: PressEvent, speakers: list[SpeakerInput]) -> None:
    press.speakers.all().delete()
    Speaker.objects.bulk_create(
        [Speaker(press_event=press, name=s.name, post=s.post, rank=s.rank, order=i) for i, s in enumerate(speakers)]
    )


@transaction.atomic
def press_plan(*, actor: Actor, org: Organization, data: PressInput) -> PressEvent:
    if not permissions.can_plan_press(actor, org):
        raise PermissionDenied("您不是该机构的工作人员。")
    errors: dict[str, list[str]] = {}
    if data.kind not in PressKind.values:
        errors["kind"] = ["请选择发布形式。"]
    title = text(data.title, 1000)
    if not title or len(title) > MAX_TITLE:
        errors["title"] = [f"请填写主题（{MAX_TITLE}字以内）。"]
    planned_at = data.planned_at
    if not isinstance(planned_at, datetime.datetime):
        errors["planned_at"] = ["请填写计划时间。"]
    policy_id = None
    if data.policy_id:
        ref = interpretations.policy_ref(org, int(data.policy_id))
        if ref is None:
            errors["policy_id"] = ["未找到可解读的政策文件：须是本机构或下属机构的政策文件（谁起草、谁解读）。"]
        else:
            policy_id = ref.pk
    speakers = _check_speakers(list(data.speakers), errors)
    venue = text(data.venue, 1000)
    if len(venue) > 200:
        errors["venue"] = ["地点不能超过200字。"]
    if errors or not isinstance(planned_at, datetime.datetime):
        raise ValidationFailed("发布活动信息有误，未保存。", code="press_invalid", fields=errors)
    press = PressEvent.objects.create(
        org=org,
        kind=data.kind,
        title=title,
        planned_at=planned_at,
        venue=venue,
        policy_id=policy_id,
        state=PressState.PLANNED,
        created_by=user_of(actor),
    )
    _set_speakers(press, speakers)
    audit_record(actor=actor, action="press_event.planned", obj=press, after={"kind": data.kind, "policy": policy_id})
    return press


def press_hold(
    *,
    actor: Actor,
    press: PressEvent | int,
    held_at: datetime.datetime | None,
    transcript_html: str,
    media_url: str = "",
    speakers: list[SpeakerInput] | None = None,
) -> PressEvent:
    """Record that it took place: when, who spoke (replacing the planned list when given), what was said."""
    return PRESS.apply(
        actor,
        press,
        PressAction.HOLD,
        held_at=held_at,
        transcript_html=transcript_html,
        media_url=media_url,
        speakers=speakers,
    )


@PRESS.effect(PressAction.HOLD)
def _hold(ctx: Context[PressEvent]) -> PressEvent:
    press, d = ctx.obj, ctx.data
    errors: dict[str, list[str]] = {}
    held_at = check_moment(d.get("held_at"), "held_at", "举行时间", errors)
    raw = str(d.get("transcript_html") or "")
    transcript = sanitize_html(raw[: MAX_TRANSCRIPT + 1])
    if len(raw) > MAX_TRANSCRIPT:
        errors["transcript_html"] = [f"文字实录不能超过{MAX_TRANSCRIPT}字符。"]
    elif not html.unescape(transcript).strip() or not transcript.strip():
        errors["transcript_html"] = ["请填写文字实录。"]
    url = text(d.get("media_url"), 501)
    if url and (not url.startswith(("https://", "http://")) or len(url) > 500):
        errors["media_url"] = ["音视频链接须是以http://或https://开头的网址（500字符以内）。"]
    speakers = d.get("speakers")
    if speakers is not None:
        _check_speakers(list(speakers), errors)
    elif not press.speakers.exists():
        errors["speakers"] = ["请登记至少一位发布人（姓名、职务、身份）。"]
    if speakers is not None and not speakers and "speakers" not in errors:
        errors["speakers"] = ["请登记至少一位发布人（姓名、职务、身份）。"]
    if errors or held_at is None:
        raise ValidationFailed("举行情况有误，未保存。", code="press_hold_invalid", fields=errors)
    if speakers is not None:
        _set_speakers(press, list(speakers))
    ctx.update(held_at=held_at, transcript_html=transcript, media_url=url)
    ctx.after.update({"held_at": held_at.isoformat(), "speakers": press.speakers.count()})
    return press


def press_publish_transcript(*, actor: Actor, press: PressEvent | int) -> PressEvent:
    """Hand the transcript to disclosure as an interpretation draft of the policy, and send it to
    the org's review at once when the actor drafts there (it is public only once approved and
    published, like every interpretation)."""
    result = PRESS.apply(actor, press, PressAction.PUBLISH_TRANSCRIPT)
    publication_id = result.interpretation_id
    refs = interpretations.refs([publication_id]) if publication_id else {}
    # Submitting is disclosure's own step (its own durable transaction); an editor who may not
    # submit leaves the draft for the org's usual review.
    ref = refs.get(publication_id or 0)
    if ref is not None and ref.state == "draft":
        item = disclosure_selectors.publication_get_for_staff(actor=actor, pk=ref.pk)
        if disclosure_permissions.can_submit(actor, item):
            disclosure.publication_submit(actor=actor, publication=item)
    return result


def _transcript_body(press: PressEvent) -> str:
    speakers = "".join(
        f"<li>{html.escape(s.name)}（{html.escape(s.post)}，{html.escape(s.get_rank_display())}）</li>"
        for s in press.speakers.all()
    )
    media = (
        f'<p>音视频：<a href="{html.escape(press.media_url)}">{html.escape(press.media_url)}</a></p>'
        if press.media_url
        else ""
    )
    return f"<p>发布人：</p><ul>{speakers}</ul>{media}{press.transcript_html}"


@PRESS.effect(PressAction.PUBLISH_TRANSCRIPT)
def _publish_transcript(ctx: Context[PressEvent]) -> PressEvent:
    press = ctx.obj
    if not press.policy_id:
        raise ValidationFailed(
            "须先关联所解读的政策文件。", code="policy_required", fields={"policy_id": ["请选择所解读的政策文件。"]}
        )
    held_on = press.held_at.date() if press.held_at else None
    content = disclosure.Content(
        title=f"{press.title}（{press.get_kind_display()}实录）"[:300],
        kind=interpretations.INTERPRETATION_KIND,
        body_html=_transcript_body(press)[: MAX_TRANSCRIPT + MAX_TEXT],
        written_on=held_on,
        formed_on=held_on,
        interprets_id=press.policy_id,
        interpretation_form=FORM_OF_KIND[PressKind(press.kind)],
        keywords=press.get_kind_display(),
    )
    # disclosure validates 谁起草、谁解读 (the policy is of this org's tree) and the drafter's role.
    publication, _ = disclosure.publication_create_draft(actor=ctx.actor, org=press.org, content=content)
    ctx.update(interpretation_id=publication.pk)
    ctx.after["interpretation"] = publication.pk
    return press


def press_cancel(*, actor: Actor, press: PressEvent | int, reason: str) -> PressEvent:
    return PRESS.apply(actor, press, PressAction.CANCEL, reason=reason)


@PRESS.effect(PressAction.CANCEL)
def _cancel(ctx: Context[PressEvent]) -> PressEvent:
    reason = text(ctx.data.get("reason"), 1000)
    if not reason or len(reason) > 200:
        raise ValidationFailed(
            "请填写取消原因。", code="reason_required", fields={"reason": ["请填写取消原因（200字以内）。"]}
        )
    ctx.update(cancel_reason=reason)
    ctx.after["reason"] = reason
    return ctx.obj
