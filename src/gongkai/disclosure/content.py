"""What an editor writes: the revisioned content and metadata of a publication.

A plain data shape shared by the services (which validate and store it) and the selectors
(which read a revision back into it for forms and the API), so neither imports the other.
"""

import datetime
from dataclasses import dataclass, field

from gongkai.disclosure.models import DisclosureMode, Kind


@dataclass
class Content:
    title: str
    kind: str = Kind.OTHER
    body_html: str = ""
    topic: str = ""
    doc_number: str = ""
    written_on: datetime.date | None = None
    formed_on: datetime.date | None = None
    disclosure_mode: str = DisclosureMode.PROACTIVE
    withholding_ground: str = ""
    keywords: str = ""
    is_major_policy: bool = False
    interprets_id: int | None = None
    interpretation_form: str = ""
    catalog_node_ids: list[int] = field(default_factory=list)
    co_issuer_ids: list[int] = field(default_factory=list)


# The fields a revision stores under the same names as Content (interprets is an id apart).
REVISION_FIELDS = (
    "title",
    "kind",
    "topic",
    "doc_number",
    "written_on",
    "formed_on",
    "disclosure_mode",
    "withholding_ground",
    "keywords",
    "body_html",
    "is_major_policy",
    "interpretation_form",
)
