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
        }
        for kind, fn in resolvers.items():
            register_url_resolver(kind, fn)

        # The admin's third-party apps in Chinese (axes and django-otp ship no zh-hans catalogue).
        from gongkai.portal import admin_labels

        admin_labels.apply()
