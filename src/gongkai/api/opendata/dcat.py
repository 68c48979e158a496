"""The catalogue as DCAT (W3C Data Catalog Vocabulary, https://www.w3.org/TR/vocab-dcat-3/) in
JSON-LD, with an inline @context so a processor needs no network to read it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from ninja import Router

from gongkai.api.opendata.packages import LICENCES, MEDIA_TYPES, resource_url
from gongkai.core.urls import public_url
from gongkai.opendata import selectors

router = Router(tags=["opendata"])
MAX_DATASETS = 5000

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct:issued": {"@type": "xsd:dateTime"},
    "dct:modified": {"@type": "xsd:dateTime"},
    "dcat:accessURL": {"@type": "@id"},
    "dcat:downloadURL": {"@type": "@id"},
    "dcat:landingPage": {"@type": "@id"},
    "dct:license": {"@type": "@id"},
    "dct:accrualPeriodicity": {"@type": "@id"},
}
# The EU frequency vocabulary DCAT-AP uses.
FREQUENCIES = {
    "daily": "http://publications.europa.eu/resource/authority/frequency/DAILY",
    "weekly": "http://publications.europa.eu/resource/authority/frequency/WEEKLY",
    "monthly": "http://publications.europa.eu/resource/authority/frequency/MONTHLY",
    "quarterly": "http://publications.europa.eu/resource/authority/frequency/QUARTERLY",
    "yearly": "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
    "irregular": "http://publications.europa.eu/resource/authority/frequency/IRREG",
}


def catalog_document(request: HttpRequest) -> dict[str, Any]:
    datasets = []
    for ds in selectors.catalogue().order_by("pk")[:MAX_DATASETS]:
        landing = request.build_absolute_uri(public_url("dataset", pk=ds.pk))
        licence_url = LICENCES.get(ds.licence, ("", "", ""))[2]
        distributions = []
        for r in selectors.resources_of(ds):
            url = resource_url(request, r)
            dist: dict[str, Any] = {
                "@id": f"{landing}#resource-{r.pk}",
                "@type": "dcat:Distribution",
                "dct:title": r.name,
                "dct:format": r.get_format_display(),
                "dcat:accessURL": url,
            }
            if r.format != "api":
                dist["dcat:downloadURL"] = url
                dist["dcat:mediaType"] = MEDIA_TYPES[r.format]
                dist["dcat:byteSize"] = r.size
            if licence_url:
                dist["dct:license"] = licence_url
            distributions.append(dist)
        item: dict[str, Any] = {
            "@id": landing,
            "@type": "dcat:Dataset",
            "dct:identifier": str(ds.pk),
            "dct:title": {"@value": ds.title, "@language": "zh-CN"},
            "dct:description": {"@value": ds.description, "@language": "zh-CN"},
            "dct:publisher": {"@type": "foaf:Organization", "foaf:name": ds.org.name},
            "dct:accessRights": ds.get_open_type_display(),
            "dct:accrualPeriodicity": FREQUENCIES[ds.update_frequency],
            "dcat:keyword": [k.strip() for k in ds.keywords.replace("，", ",").split(",") if k.strip()],
            "dcat:landingPage": landing,
            "dct:modified": ds.modified_at.isoformat(),
            "dcat:distribution": distributions,
        }
        if ds.published_at:
            item["dct:issued"] = ds.published_at.isoformat()
        if ds.topic:
            item["dcat:theme"] = ds.topic
        datasets.append(item)
    return {
        "@context": CONTEXT,
        "@id": request.build_absolute_uri(reverse("portal:opendata_catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": "政府数据开放目录",
        "dcat:dataset": datasets,
    }


@router.get("/opendata/catalog.jsonld", summary="DCAT 数据目录（JSON-LD）", response={200: dict[str, Any]})
def catalog(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        catalog_document(request), content_type="application/ld+json", json_dumps_params={"ensure_ascii": False}
    )
