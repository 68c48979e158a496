import pytest

from gongkai.workdays import loader, services


@pytest.fixture(autouse=True)
def _fresh_calendar_and_listeners():
    """Each test starts without a cached calendar and without listeners left by another."""
    loader.invalidate()
    saved = {label: list(callbacks) for label, callbacks in services._listeners.items()}
    yield
    loader.invalidate()
    services._listeners.clear()
    services._listeners.update(saved)


# A hypothetical 2027 schedule an administrator might enter once the State Council
# announces it (the chinesecalendar package installed here stops at 2026).
SCHEDULE_2027_CSV = """date,kind,name
# 元旦
2027-01-01,holiday,元旦
2027-01-02,holiday,元旦
2027-01-03,holiday,元旦
# 春节
2027-02-05,休,春节
2027-02-06,休,春节
2027-02-07,休,春节
2027-02-08,休,春节
2027-02-09,休,春节
2027-02-10,休,春节
2027-02-11,休,春节
2027-02-12,休,春节
2027-02-20,班,春节
2027-04-05,holiday,清明节
2027-05-01,holiday,劳动节
2027-05-02,holiday,劳动节
2027-05-03,holiday,劳动节
2027-05-04,holiday,劳动节
2027-05-05,holiday,劳动节
2027-05-08,workday,劳动节
2027-06-09,holiday,端午节
2027-09-15,holiday,中秋节
2027-10-01,holiday,国庆节
2027-10-02,holiday,国庆节
2027-10-03,holiday,国庆节
2027-10-04,holiday,国庆节
2027-10-05,holiday,国庆节
2027-10-06,holiday,国庆节
2027-10-07,holiday,国庆节
2027-10-09,workday,国庆节
"""


@pytest.fixture
def schedule_2027_csv(tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text(SCHEDULE_2027_CSV, encoding="utf-8")
    return path
