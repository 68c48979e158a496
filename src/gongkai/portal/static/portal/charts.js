// Draws every chart container on the page (templates/portal/supervision/_chart.html) with the
// vendored Apache ECharts. The options come from Python (portal/supervision/charts.py) in a
// <script type="application/json"> element, because the content security policy allows no
// inline script. SVG renderer: crisp at any zoom, prints, and its output can be inspected.
// Containers stay hidden when this does not run, and the tables under them carry the figures.
(function () {
  "use strict";
  if (typeof window.echarts === "undefined") {
    return;
  }
  var charts = [];
  document.querySelectorAll(".ec-chart[data-chart]").forEach(function (el) {
    var source = document.getElementById(el.getAttribute("data-chart"));
    if (!source) {
      return;
    }
    var payload = JSON.parse(source.textContent);
    el.hidden = false;
    // CSSOM, not a style attribute: the policy refuses inline style attributes, not this.
    el.style.height = payload.height + "px";
    var chart = window.echarts.init(el, null, { renderer: "svg", locale: "ZH" });
    chart.setOption(payload.option);
    charts.push(chart);
  });
  // Reflow (WCAG 1.4.10): the charts follow the page's width, e.g. a phone turned sideways.
  function resizeAll() {
    charts.forEach(function (chart) {
      chart.resize();
    });
  }
  var pending = null;
  window.addEventListener("resize", function () {
    if (pending !== null) {
      window.clearTimeout(pending);
    }
    pending = window.setTimeout(function () {
      pending = null;
      resizeAll();
    }, 150);
  });
  // A printed page is narrower than most screens.
  window.addEventListener("beforeprint", resizeAll);
})();
