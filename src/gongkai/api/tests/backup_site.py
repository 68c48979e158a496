"""A small site for the backup round trip, run in a fresh process per step (test_backup_roundtrip):

    python -m gongkai.api.tests.backup_site source ARCHIVE OUT.json   migrate, seed, index,
                                                                      snapshot, gongkai backup
    python -m gongkai.api.tests.backup_site target ARCHIVE OUT.json   gongkai restore, snapshot

The snapshot is what a visitor sees: the home page, each item page, the search page and the
search API's answers, and the bytes of every upload; per-request tokens are blanked.
"""

import hashlib
import io
import json
import re
import sys
from pathlib import Path
from typing import Any

import segno

QUERY = "农村公路养护"
TITLES = ("关于下达农村公路养护资金的通知", "农村公路养护工作情况的报告")
NONCE = re.compile(r'(nonce|value)="[A-Za-z0-9+/=_-]{20,}"')


def seed() -> None:
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.disclosure import services
    from gongkai.disclosure.tests.conftest import content
    from gongkai.orgs.credit_code import check_character
    from gongkai.orgs.models import Membership
    from gongkai.orgs.roles import Level, Role
    from gongkai.orgs.services import organization_create
    from gongkai.search import indexer

    def make_credit_code(serial: int) -> str:
        body = f"11360735{serial:08d}0"
        return body + check_character(body)

    users = get_user_model().objects
    operator = users.create_superuser("operator", password="operator-password-1")
    county = organization_create(
        actor=operator, name="石城县人民政府", level=Level.COUNTY, credit_code=make_credit_code(1), slug="shicheng"
    )
    dept = organization_create(
        actor=operator,
        name="石城县交通运输局",
        level=Level.DEPARTMENT,
        credit_code=make_credit_code(2),
        slug="shicheng-jtj",
        parent=county,
    )
    people = {}
    for name, org, role in (("editor", dept, Role.EDITOR), ("reviewer", county, Role.REVIEWER)):
        people[name] = users.create_user(name, password=f"{name}-password-1")
        Membership.objects.create(user=people[name], org=org, role=role)
    people["approver"] = users.create_user("approver", password="approver-password-1")
    Membership.objects.create(user=people["approver"], org=county, role=Role.APPROVER)
    for number, title in enumerate(TITLES, start=1):
        item, _ = services.publication_create_draft(
            actor=people["editor"],
            org=dept,
            content=content(title=title, doc_number=f"石交字〔2025〕{number}号", body_html=f"<p>{title}。</p>"),
        )
        image = io.BytesIO()
        segno.make(f"{title}：资金分配表").save(image, kind="png", scale=2)
        upload = SimpleUploadedFile(f"附件{number}.png", image.getvalue(), "image/png")
        services.attachment_add(actor=people["editor"], publication=item, upload=upload)
        services.publication_submit(actor=people["editor"], publication=item)
        services.publication_decide(actor=people["reviewer"], publication=item, decision="approve")
        services.publication_decide(actor=people["approver"], publication=item, decision="approve")
        services.publication_publish(actor=people["approver"], publication=item)
    indexer.apply_pending()
    indexer.close_index()


def snapshot() -> dict[str, Any]:
    from django.conf import settings
    from django.test import Client

    client = Client()

    def page(url: str) -> str:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return NONCE.sub(r'\1=""', response.content.decode())

    api = client.get("/api/v1/search", {"q": QUERY}).json()
    pages = {url: page(url) for url in ["/", f"/search/?q={QUERY}", *(hit["url"] for hit in api["results"])]}
    media = Path(settings.MEDIA_ROOT)
    uploads = {
        p.relative_to(media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(media.rglob("*"))
        if p.is_file()
    }
    return {"search": api, "pages": pages, "uploads": uploads}


def main(step: str, archive: str, out: str) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    if step == "source":
        call_command("migrate", verbosity=0)
        seed()
        result = snapshot()
        call_command("backup", archive)
    else:
        call_command("restore", archive)
        result = snapshot()
    Path(out).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:4])
