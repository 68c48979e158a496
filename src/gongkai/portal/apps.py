from django.apps import AppConfig


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
            "publication": lambda *, pk: reverse("portal:publication", args=[pk]),
            "consultation": lambda *, pk: reverse("portal:consultation_detail", args=[pk]),
            # The 意见采纳情况 section of the consultation's page.
            "consultation_feedback": lambda *, pk: reverse("portal:consultation_detail", args=[pk]) + "#feedback-h",
            "mailbox_reply": lambda *, pk: reverse("portal:mailbox_item", args=[pk]),
            "annual_report": lambda *, org, year: reverse("portal:report_page", args=[org, year]),
            # An org's site in the cluster and one of its columns (inspections read them from the database).
            "org_site": lambda *, slug: reverse("portal:org", args=[slug]),
            "catalog_node": lambda *, slug, code: reverse("portal:catalog_node", args=[slug, code]),
        }
        for kind, fn in resolvers.items():
            register_url_resolver(kind, fn)
