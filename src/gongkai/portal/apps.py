from collections.abc import Callable

from django.apps import AppConfig

# A pk no real row has, whose digits cannot occur elsewhere in a URL of ours.
_PROBE_PK = 987_654_321_012


def reverse_by_pk(name: str) -> Callable[..., str]:
    """reverse(name, args=[pk]) for an integer pk, spliced into a template made once per URL
    configuration and script prefix: reverse() costs about 60 µs, which the indexer paid for
    each of a million documents (a tenth of its time per document)."""
    from django.conf import settings
    from django.urls import get_script_prefix, get_urlconf, reverse

    templates: dict[tuple[str, object, str], tuple[str, str]] = {}

    def resolve(*, pk: object) -> str:
        if type(pk) is not int or pk < 0:
            return reverse(name, args=[pk])  # what reverse makes of anything else (or its error)
        key = (settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())
        template = templates.get(key)
        if template is None:
            before, probe, after = reverse(name, args=[_PROBE_PK]).rpartition(str(_PROBE_PK))
            if not probe:  # the route does not write the pk as digits
                return reverse(name, args=[pk])
            template = templates[key] = (before, after)
        return f"{template[0]}{pk}{template[1]}"

    return resolve


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"
    verbose_name = "门户"

    def ready(self) -> None:
        # The portal owns its URL names; code below it (search hits, notifications) asks
        # core.urls.public_url(kind, ...) and gets the link from the resolvers registered here.
        from django.urls import reverse

        from gongkai.core.urls import UrlResolver, register_url_resolver

        resolvers: dict[str, UrlResolver] = {
            "publication": reverse_by_pk("portal:publication"),
            "consultation": lambda *, pk: reverse("portal:consultation_detail", args=[pk]),
            # The 意见采纳情况 section of the consultation's page.
            "consultation_feedback": lambda *, pk: reverse("portal:consultation_detail", args=[pk]) + "#feedback-h",
            "mailbox_reply": lambda *, pk: reverse("portal:mailbox_item", args=[pk]),
            # An org's 依申请公开 tracking page (links in the applicant's e-mails and SMS).
            "foi_track": lambda *, slug: reverse("portal:foi_track", args=[slug]),
            # Where a 领导信箱 writer reads the reply with their message number and password.
            "mailbox_track": lambda: reverse("portal:mailbox_track"),
            "annual_report": lambda *, org, year: reverse("portal:report_page", args=[org, year]),
            # An org's site in the cluster and one of its columns (inspections read them from the database).
            # The org's 信息公开专栏: what the inspection's database source models (its columns are
            # the 主动公开目录), and where an HTTP inspection of a cluster member starts.
            "org_site": lambda *, slug: reverse("portal:org_xxgk", args=[slug]),
            "catalog_node": lambda *, slug, code: reverse("portal:catalog_node", args=[slug, code]),
            # 重大行政决策 (the decision's public page with its steps) and a published 建议提案 reply.
            "decision": lambda *, pk: reverse("portal:decisions_decision", args=[pk]),
            "proposal_reply": lambda *, pk: reverse("portal:decisions_reply", args=[pk]),
            # 办事指南 (a service item's published guide), 政府公报 issues, open datasets.
            "guide": lambda *, pk: reverse("portal:guide_detail", args=[pk]),
            "gazette_issue": lambda *, pk: reverse("portal:gazette_issue", args=[pk]),
            "dataset": lambda *, pk: reverse("portal:dataset_detail", args=[pk]),
            # Uploads, served by views that check they are public (portal.downloads).
            "publication_attachment": lambda *, pk, attachment: reverse(
                "portal:publication_attachment", args=[pk, attachment]
            ),
            "consultation_attachment": lambda *, pk, attachment: reverse(
                "portal:consultation_attachment", args=[pk, attachment]
            ),
            "guide_form": lambda *, pk, form: reverse("portal:guide_form", args=[pk, form]),
        }
        for kind, fn in resolvers.items():
            register_url_resolver(kind, fn)

        # The admin's third-party apps in Chinese (axes and django-otp ship no zh-hans catalogue).
        from gongkai.portal import admin_labels

        admin_labels.apply()
