"""The ECharts options built in Python: the figures a page's table shows, as numbers JSON can
carry, stacked only when there is more than one series, and described in Chinese for screen readers."""

import json
from decimal import Decimal
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder

from gongkai.portal.supervision.charts import bar_chart, column_chart


def test_a_stacked_bar_chart_keeps_units_in_order_with_a_legend():
    chart = bar_chart(
        "progress",
        "各单位任务进度（按状态）",
        [("县卫健委", [2, 1, 0, 3]), ("木兰乡", [0, 0, 1, 1])],
        series=["已办结", "已报送", "已退回", "办理中"],
    )
    option = chart.option
    assert option["yAxis"]["data"] == ["县卫健委", "木兰乡"] and option["yAxis"]["inverse"] is True
    assert [s["name"] for s in option["series"]] == ["已办结", "已报送", "已退回", "办理中"]
    assert chart.series_values == [[2, 0], [1, 0], [0, 1], [3, 1]]
    assert {s["stack"] for s in option["series"]} == {"total"} and option["legend"]["data"][0] == "已办结"
    assert "max" not in option["xAxis"] and option["xAxis"]["minInterval"] == 1  # counts
    assert option["aria"]["label"]["description"].startswith("各单位任务进度（按状态）。")
    assert (chart.dom_id, chart.data_id) == ("chart-progress", "chart-progress-data")
    assert (
        chart.height > bar_chart("one", "一个单位", [("木兰乡", [1, 0, 0, 0])], series=["甲", "乙", "丙", "丁"]).height
    )


def test_rates_are_numbers_on_a_fixed_axis_with_their_unit():
    chart = bar_chart(
        "rate-1", "依申请公开按期答复率（%）", [("石城县", [Decimal("66.7")])], series=["百分比"], maximum=100, unit="%"
    )
    # Through Django's encoder (json_script's), a Decimal would become the string "66.7".
    payload = json.loads(json.dumps(chart.payload, cls=DjangoJSONEncoder))
    series = payload["option"]["series"][0]
    assert series["data"] == [{"value": 66.7, "label": {"formatter": "66.7%"}}]
    assert "stack" not in series and "legend" not in payload["option"] and series["label"]["show"] is True
    assert payload["option"]["xAxis"]["max"] == 100 and chart.series_values == [[66.7]]
    assert "minInterval" not in payload["option"]["xAxis"]
    assert payload["height"] == chart.height


def test_a_bar_label_writes_the_figure_as_the_table_does():
    # JSON carries 50.0 as 50; the label keeps the table's "50.0%" and a score's "87.50".
    rates = bar_chart("r", "按期答复率（%）", [("甲", [Decimal("50.0")]), ("乙", [7])], series=["百分比"], unit="%")
    assert [d["label"]["formatter"] for d in rates.option["series"][0]["data"]] == ["50.0%", "7%"]
    scores = bar_chart("s", "考核得分", [("甲", [Decimal("87.50")])], series=["总分"])
    assert scores.option["series"][0]["data"][0]["label"]["formatter"] == "87.50"


def test_a_column_chart_writes_each_value_above_its_column():
    chart = column_chart("months", "2025年每月公开信息数", [("1月", 0), ("2月", 3)], series="公开信息数")
    option = chart.option
    assert option["xAxis"]["data"] == ["1月", "2月"] and option["series"][0]["data"] == [0, 3]
    assert option["series"][0]["label"]["show"] is True and option["animation"] is False
    assert option["series"][0]["name"] == "公开信息数"


def test_echarts_is_vendored_with_its_licences():
    # The pages load it from our static files only; the Apache licence and NOTICE travel with it.
    from django.contrib.staticfiles import finders

    for name in ("echarts.common.min.js", "LICENSE", "NOTICE", "LICENSE-d3", "README.md"):
        assert finders.find(f"portal/vendor/echarts/{name}"), name
    build = Path(finders.find("portal/vendor/echarts/echarts.common.min.js")).read_text(encoding="utf-8")
    assert 'version="6.1.0"' in build and "sourceMappingURL" not in build
    assert "6.1.0" in Path(finders.find("portal/vendor/echarts/README.md")).read_text(encoding="utf-8")
