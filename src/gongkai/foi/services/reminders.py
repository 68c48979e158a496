"""`gongkai foi scan`: refresh the stored due date of every open case and send each reminder once.

The scan takes no action on a case and moves no state: 视为放弃 after an expired 补正 or fee
deadline is a decision the officer signs (a reply with the 逾期不补正 / 逾期未缴费 outcome, through
the engine), and the scan reminds them of it. It writes only the derived due date (an open pause
moves it every working day) and its own Reminder rows, so it needs no actor and no transition.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from gongkai.foi import clock as clock_rules
from gongkai.foi import selectors
from gongkai.foi.models import OPEN_STATES, Application, Reminder, State
from gongkai.foi.services._common import refresh_stored_clock
from gongkai.foi.services._common import today as _today
from gongkai.orgs.models import Membership
from gongkai.orgs.roles import Role
from gongkai.workdays import selectors as workdays


@dataclass
class ScanResult:
    checked: int = 0
    reminders: list[tuple[str, str]] = field(default_factory=list)  # (registration number, kind)


REMINDER_TEXT = {
    "overdue": "已超过答复期限",
    "due_soon": "即将到期",
    "correction_expired": "补正期限已届满，请决定是否视为放弃",
    "fee_expired": "缴费期限已届满，请决定是否视为放弃",
    "consultation_expired": "征求意见期限已届满，请登记意见结果",
}


def _recipients(app: Application) -> list[str]:
    if app.assigned_to is not None and app.assigned_to.email:
        return [app.assigned_to.email]
    members = Membership.objects.filter(org_id__in=app.org.ancestor_ids(), role=Role.FOI_OFFICER).select_related("user")
    return sorted({m.user.email for m in members if m.user.email})


def _reminders_due(app: Application, today: datetime.date) -> list[tuple[str, datetime.date]]:
    """What to remind about, from the stored due date (refreshed just before)."""
    found: list[tuple[str, datetime.date]] = []
    if app.state == State.AWAITING_CORRECTION:
        deadline = selectors.correction_deadline(app)
        if deadline is not None and today > deadline:
            found.append(("correction_expired", deadline))
        return found
    if app.state == State.AWAITING_FEE:
        notice = selectors.fee_notice_of(app)
        if notice is not None and notice.pay_by is not None and today > notice.pay_by:
            found.append(("fee_expired", notice.pay_by))
    for consultation in app.consultations.filter(answered_on__isnull=True):
        if today > consultation.reply_due_on:
            found.append(("consultation_expired", consultation.reply_due_on))
    if app.due_on is not None and not app.clock_paused:
        if today > app.due_on:
            found.append(("overdue", app.due_on))
        elif workdays.working_days_between(today, app.due_on).working_days <= clock_rules.DUE_SOON_WORKING_DAYS:
            found.append(("due_soon", app.due_on))
    return found


def _mailer(subject: str, text: str, recipients: list[str]) -> Callable[[], None]:
    def send() -> None:
        send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True)

    return send


def foi_scan(*, today: datetime.date | None = None) -> ScanResult:
    """Refresh every open case's due date and send each reminder once (idempotent: a reminder
    is keyed by case, kind and the date it is about)."""
    today = today or _today()
    result = ScanResult()
    for app_id in Application.objects.filter(state__in=OPEN_STATES).values_list("pk", flat=True):
        with transaction.atomic():
            app = (
                Application.objects.select_for_update(of=("self",)).select_related("org", "assigned_to").get(pk=app_id)
            )
            refresh_stored_clock(app, today)
            result.checked += 1
            for kind, due in _reminders_due(app, today):
                recipients = _recipients(app)
                _, created = Reminder.objects.get_or_create(
                    application=app, kind=kind, due_on=due, defaults={"recipients": recipients}
                )
                if not created:
                    continue
                result.reminders.append((app.registration_number, kind))
                subject = f"【依申请公开】{app.registration_number} {REMINDER_TEXT[kind]}（{due:%Y-%m-%d}）"
                text = (
                    f"{app.org.name} 登记号 {app.registration_number}："
                    f"{REMINDER_TEXT[kind]}，相关日期 {due:%Y年%m月%d日}。"
                )
                if recipients:
                    transaction.on_commit(_mailer(subject, text, recipients))
    return result
