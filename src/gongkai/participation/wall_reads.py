"""Public reads of the 答复公开栏 (re-exported by selectors): the letters on the wall, newest
first, through their own partial indexes (Message.Meta.indexes), so that a page costs the same
whether a province's wall holds two thousand letters or a million (bench/wall.py)."""

from django.db.models import QuerySet

from gongkai.core.errors import NotFound
from gongkai.orgs import selectors as orgs_selectors
from gongkai.orgs.models import Organization
from gongkai.participation.models import Message, MessageState

# Columns of a message the public may see: never the writer's name or contact.
PUBLIC_MESSAGE_FIELDS = (
    "id",
    "code",
    "org",
    "handling_org",
    "category",
    "public_subject",
    "public_body",
    "public_reply",
    "received_on",
    "answered_on",
    "state",
    "satisfaction",
)


def reply_wall(*, org: Organization | None = None) -> QuerySet[Message]:
    """答复公开栏: answered (or re-answered) public messages that passed review; masked texts only.
    Read through the wall's partial indexes (Message.Meta.indexes), the orgs by key afterwards:
    joined, SQLite would start from a subtree's orgs and sort all their letters."""
    qs = Message.objects.filter(on_wall=True, wants_public=True).exclude(state__constant=MessageState.DISMISSED)
    if org is not None:
        qs, _ = orgs_selectors.subtree_scope(qs, org)
    return qs.prefetch_related("org", "handling_org").only(*PUBLIC_MESSAGE_FIELDS).order_by("-answered_on", "-id")


def wall_message_get(*, pk: int) -> Message:
    item = reply_wall().filter(pk=pk).first()
    if item is None:
        raise NotFound("未找到该留言，或该留言不公开。")
    return item
