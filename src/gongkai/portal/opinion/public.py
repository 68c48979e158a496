"""Public pages of press conferences, 政策吹风会 and 在线访谈: per org, only those whose transcript
passed the org's review and is public as an interpretation (先审后发)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.disclosure import interpretations
from gongkai.opinion import selectors
from gongkai.opinion.models import PressKind
from gongkai.orgs import selectors as orgs
from gongkai.portal._shared import id_or_404


def press_list(request: HttpRequest, slug: str) -> HttpResponse:
    org = orgs.organization_by_slug(slug)
    kind = request.GET.get("kind", "")
    kind = kind if kind in PressKind.values else ""
    items = selectors.press_list_public(org=org, kind=kind, limit=200)
    return render(
        request,
        "portal/opinion/press_list.html",
        {"org": org, "items": items, "kind": kind, "kinds": PressKind.choices},
    )


def press_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = orgs.organization_by_slug(slug)
    press = selectors.press_get_public(pk=id_or_404(pk))
    if not press.org.path.startswith(org.path):
        press = selectors.press_get_public(pk=0)  # another org's site: not found here
    policy = interpretations.public_ref(press.policy_id or 0)
    return render(
        request,
        "portal/opinion/press_detail.html",
        {
            "org": org,
            "press": press,
            "speakers": list(press.speakers.all()),
            "policy": policy,
            "interpretation_id": press.interpretation_id,
        },
    )
