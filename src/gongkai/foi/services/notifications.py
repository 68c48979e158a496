"""Messages to the applicant (issue 16): the acknowledgement of receipt and each signed letter
addressed to them (补正, 延期, 收费, 说明理由, 合理期限, the reply), by the channel they chose.

E-mail when the applicant chose 电子邮件 as the way to obtain the information (条例第二十九条第
（三）项: 获取信息的方式), with the letter's PDF attached; SMS, a short line without attachments,
when they asked for SMS reminders. Messages are queued in the action's transaction with a key per
event and channel, so a repeated event sends nothing twice (``gongkai.notify``). They carry the
registration number, never the tracking code (only its hash is stored).
"""

from __future__ import annotations

from django.conf import settings

from gongkai.core.urls import public_url
from gongkai.foi import selectors
from gongkai.foi.models import Application, Delivery, Letter, LetterKind
from gongkai.notify import services as notify
from gongkai.notify.models import Channel

PDF = "application/pdf"


def _channels(app: Application) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if app.delivery == Delivery.EMAIL and app.email:
        out.append((Channel.EMAIL, app.email))
    if app.notify_sms and app.phone:
        out.append((Channel.SMS, app.phone))
    return out


def _track_link(app: Application) -> str:
    try:
        path = public_url("foi_track", slug=app.org.slug)
    except LookupError:  # no portal in this deployment: the message names the page instead
        return "本机关网站的“依申请公开 · 进度查询”页面"
    return f"{getattr(settings, 'GONGKAI_PUBLIC_BASE_URL', '')}{path}"


def acknowledge(app: Application) -> None:
    """条例第三十一条: the application was received; its number and how to follow it."""
    link = _track_link(app)
    for channel, recipient in _channels(app):
        if channel == Channel.SMS:
            body = (
                f"【{app.org.name}】您的政府信息公开申请已收到，登记号{app.registration_number}，"
                f"可凭登记号和查询码在{link}查询进度。"
            )
        else:
            body = (
                f"您好：\n\n{app.org.name}已于{app.received_on:%Y年%m月%d日}收到您的政府信息公开申请，"
                f"登记号：{app.registration_number}。\n\n"
                f"本机关将在收到申请之日起20个工作日内答复（《中华人民共和国政府信息公开条例》第三十三条）。"
                f"您可以凭登记号和提交时获得的查询码在以下页面查询办理进度、下载答复书，或在答复前撤回申请：\n{link}\n\n"
                f"本邮件由系统发送，请勿直接回复。\n{app.org.name}"
            )
        notify.queue(
            channel=channel,
            recipient=recipient,
            subject=f"【{app.org.name}】政府信息公开申请已收到（{app.registration_number}）",
            body=body,
            idempotency_key=f"foi.received:{app.pk}:{channel}",
        )


def letter_signed(app: Application, letter: Letter) -> None:
    """A signed letter addressed to the applicant: sent by e-mail with its PDF, or announced by SMS."""
    if letter.kind not in selectors.APPLICANT_LETTER_KINDS:
        return
    link = _track_link(app)
    title = letter.get_kind_display()
    # The information provided with the reply is not mailed (files can be large): it waits on the
    # tracking page (selectors.applicant_reply_files, from the moment this reply is signed), and
    # the message says so.
    offered = letter.kind == LetterKind.REPLY and app.delivery in selectors.ELECTRONIC_DELIVERIES
    files = app.reply_attachments.count() if offered else 0
    provided = f"随答复书提供的政府信息（{files}个文件）请在查询页面下载。" if files else ""
    for channel, recipient in _channels(app):
        attachments: list[notify.Attachment] = []
        if channel == Channel.SMS:
            body = (
                f"【{app.org.name}】您的政府信息公开申请（登记号{app.registration_number}）已出具《{title}》，"
                f"请凭登记号和查询码在{link}查看下载。{provided}"
            )
        else:
            body = (
                f"您好：\n\n关于您的政府信息公开申请（登记号：{app.registration_number}），"
                f"{app.org.name}已出具《{title}》（{letter.number}），见附件。{provided}\n\n"
                f"您也可以凭登记号和查询码在以下页面查看办理过程并下载文书：\n{link}\n\n"
                f"本邮件由系统发送，请勿直接回复。\n{app.org.name}"
            )
            attachments.append(
                notify.Attachment(
                    name=f"{title}-{app.registration_number}.pdf",
                    media_type=PDF,
                    source="gongkai.foi.services.letters:letter_pdf",
                    kwargs={"letter_id": letter.pk},
                )
            )
        notify.queue(
            channel=channel,
            recipient=recipient,
            subject=f"【{app.org.name}】{title}（{app.registration_number}）",
            body=body,
            attachments=attachments,
            idempotency_key=f"foi.letter:{letter.pk}:{channel}",
        )
