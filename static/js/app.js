/* Small behaviours of the pages, with no inline scripts (a strict CSP allows only this file):
   the phone menu toggle, the "rebound" field of the look-back form, and charts.
   A chart is <div data-chart="ID"> with its ECharts-ready data in <script type="application/json" id="ID">
   ({title, unit, x, series:[{name, kind, data, dashed, connect}]}, see tracker/services/charts.py). */
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }

  function menu() {
    document.querySelectorAll("[data-toggle]").forEach(function (button) {
      button.addEventListener("click", function () {
        var target = document.getElementById(button.getAttribute("data-toggle"));
        var open = target.classList.toggle("open");
        button.setAttribute("aria-expanded", open ? "true" : "false");
      });
    });
  }

  function showWhen() {
    document.querySelectorAll("[data-show-when]").forEach(function (block) {
      var parts = block.getAttribute("data-show-when").split("=");
      var inputs = document.querySelectorAll('input[name="' + parts[0] + '"]');
      function update() {
        var checked = document.querySelector('input[name="' + parts[0] + '"]:checked');
        block.hidden = !(checked && checked.value === parts[1]);
      }
      inputs.forEach(function (input) { input.addEventListener("change", update); });
      update();
    });
  }

  var COLOURS = ["#0f766e", "#64748b", "#c2410c", "#94a3b8", "#b91c1c", "#2563eb", "#a16207"];
  var LEVEL_COLOURS = { red: "#dc2626", orange: "#ea580c", yellow: "#eab308", green: "#16a34a", grey: "#9ca3af" };

  function option(spec) {
    var series = spec.series.map(function (s, i) {
      var kind = s.kind === "scatter" ? "scatter" : (s.kind === "bar" ? "bar" : "line");
      var colour = LEVEL_COLOURS[s.colour] || s.colour || COLOURS[i % COLOURS.length];
      var item = { name: s.name, type: kind, data: s.data, itemStyle: { color: colour } };
      if (kind === "line") {
        item.showSymbol = !!s.connect;
        item.connectNulls = !!s.connect;
        item.lineStyle = { type: s.dashed ? "dashed" : "solid", width: s.dashed ? 1.5 : 2.5 };
      }
      if (kind === "scatter") { item.symbolSize = 3; item.itemStyle.opacity = 0.35; }
      if (s.stack) item.stack = s.stack;
      return item;
    });
    var horizontal = spec.orientation === "horizontal";
    var category = { type: "category", data: spec.x, axisLabel: { hideOverlap: true } };
    var value = { type: "value", name: spec.unit || "", scale: !!spec.scale, inverse: !!spec.inverse };
    return {
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", bottom: 0 },
      grid: { left: 8, right: 32, top: 32, bottom: 40, containLabel: true },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: series
    };
  }

  function draw(el, spec) {
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option(spec));
    // A click on a bar or a point opens the list behind it: the bar's own link (links[i],
    // e.g. one unit's funds), else its series' (one round's items, one level's targets).
    chart.on("click", function (params) {
      var line = spec.series[params.seriesIndex] || {};
      var href = (spec.links && spec.links[params.dataIndex]) || line.link;
      if (href) window.location.href = href;
    });
    el.setAttribute("data-rendered", String(spec.series.length));
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }

  /* Charts whose data is an API endpoint (the dashboard): fetched with the session cookie. */
  function remoteCharts() {
    // One request at a time: the charts share the session, and the session's idle clock is
    // written on every request (six parallel writes of one session race each other).
    var queue = Array.prototype.slice.call(document.querySelectorAll("[data-chart-src]"));
    function next() {
      var el = queue.shift();
      if (!el) return;
      fetch(el.getAttribute("data-chart-src"), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(function (spec) {
          if (!spec.series || !spec.series.length) {
            el.textContent = el.getAttribute("data-empty") || "—";
            el.setAttribute("data-rendered", "0");
            return;
          }
          draw(el, spec);
          var note = el.parentNode.querySelector(".chart-link");
          if (note && spec.link) {
            var a = document.createElement("a");
            a.href = spec.link;
            a.textContent = el.getAttribute("data-link-text") || "→";
            note.appendChild(a);
          }
        })
        .catch(function () { el.setAttribute("data-failed", "1"); })
        .then(next);
    }
    next();
  }

  function charts() {
    if (typeof window.echarts === "undefined") return;
    remoteCharts();
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-chart"));
      if (!source) return;
      draw(el, JSON.parse(source.textContent));
    });
  }

  function printButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  onReady(function () { menu(); showWhen(); printButtons(); charts(); });
  window.trackerCharts = { option: option, render: charts };
})();
