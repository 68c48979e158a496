from django.db.models import QuerySet

from gongkai.core.errors import NotFound
from gongkai.disclosure.models import Publication
from gongkai.orgs.models import Organization


def publication_list_recent(*, org: Organization | None = None, limit: int = 10) -> QuerySet[Publication]:
    """The newest public items, of one org's whole subtree or of every org."""
    qs = Publication.objects.select_related("org")
    if org is not None:
        qs = qs.filter(org__path__startswith=org.path)
    return qs.order_by("-published_on", "-id")[:limit]


def publication_get_public(*, pk: int) -> Publication:
    item = Publication.objects.select_related("org").filter(pk=pk).first()
    if item is None:
        raise NotFound("未找到该信息，或该信息未公开。")
    return item
