import datetime
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.disclosure.services import Content
from gongkai.orgs.roles import Role


@pytest.fixture
def staff(org_tree, make_user) -> dict[str, Any]:
    """An editor in 县卫健委; reviewer, approver and admin at the county (so over the department)."""
    return {
        "editor": make_user("editor", org=org_tree["dept"], role=Role.EDITOR),
        "reviewer": make_user("reviewer", org=org_tree["county"], role=Role.REVIEWER),
        "approver": make_user("approver", org=org_tree["county"], role=Role.APPROVER),
        "admin": make_user("admin", org=org_tree["county"], role=Role.ADMIN),
        "other_editor": make_user("other-editor", org=org_tree["township"], role=Role.EDITOR),
        "sibling_approver": make_user("sibling-approver", org=org_tree["sibling"], role=Role.APPROVER),
    }


def content(**overrides: Any) -> Content:
    values: dict[str, Any] = {
        "title": "石城县卫生健康委员会关于开展2025年基本公共卫生服务项目的通知",
        "kind": "notice",
        "body_html": "<p>各乡镇卫生院：</p><p>现将有关事项通知如下。</p>",
        "doc_number": "石卫字[2025]12号",
        "written_on": datetime.date(2025, 9, 20),
        "formed_on": datetime.date(2025, 9, 26),
        "topic": "卫生、体育\\卫生",
        "keywords": "公共卫生，通知",
    }
    values.update(overrides)
    return Content(**values)


def docx(text: str, name: str = "附件1.docx") -> SimpleUploadedFile:
    """A real Word document holding `text` (an upload that passes the content check)."""
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())
