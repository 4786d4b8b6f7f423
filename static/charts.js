// Draws the statistics charts of the dashboard (UI-12) with uPlot: every element carrying
// `data-chart` (JSON written by views/stats-widget.ts) gets the history line, the dashed mean
// (its value in the legend), the regression line and the ±stddev band. Runs on load and after
// every htmx swap (SSE region pushes and action answers), so a swapped widget is drawn again.
// A swap takes the old chart out of the page without telling uPlot, which keeps every plot in a
// set of its own and a window listener per plot: the plots drawn are kept here and destroyed once
// their element has left the page, else an open page would keep every chart it ever drew.
(function () {
  "use strict";

  var plots = [];

  /** Destroys the plots whose element a swap removed. */
  function sweep() {
    plots = plots.filter(function (entry) {
      if (entry.el.isConnected) return true;
      entry.plot.destroy();
      return false;
    });
  }

  function fmt(value) {
    return value === null || value === undefined || !isFinite(value) ? "" : value.toFixed(2);
  }

  function seriesOf(data) {
    var xs = data.times;
    var mean = xs.map(function () { return data.mean; });
    var line = data.regression === null ? xs.map(function () { return null; }) : xs.map(function (x) {
      return data.regression[0] * x + data.regression[1];
    });
    var dev = data.stddev === null ? 0 : data.stddev;
    var upper = xs.map(function () { return data.mean + dev; });
    var lower = xs.map(function () { return data.mean - dev; });
    return [xs, data.values, mean, line, upper, lower];
  }

  function draw(el) {
    if (typeof uPlot === "undefined") return;
    var data;
    try {
      data = JSON.parse(el.getAttribute("data-chart"));
    } catch (e) {
      return;
    }
    // Drawn again (load, then an htmx settle on the same node): the old chart in it is replaced.
    if (el.__uplot) {
      el.__uplot.destroy();
      plots = plots.filter(function (entry) { return entry.el !== el; });
    }
    el.textContent = "";
    var unit = data.unit ? " " + data.unit : "";
    var opts = {
      width: Math.max(240, el.clientWidth || 360),
      height: 200,
      scales: { x: { time: false } },
      axes: [{ label: "s" }, { label: data.unit || "" }],
      series: [
        {},
        { label: data.legend, stroke: "#2a6fdb", width: 2, value: function (u, v) { return fmt(v) + unit; } },
        { label: "mean " + fmt(data.mean) + unit, stroke: "#d08a00", dash: [6, 4], width: 1 },
        { label: "slope", stroke: "#7a2ad6", width: 1 },
        { label: "+stddev", stroke: "rgba(0,160,0,0.4)", width: 1 },
        { label: "-stddev", stroke: "rgba(0,160,0,0.4)", width: 1 },
      ],
      bands: [{ series: [4, 5], fill: "rgba(0,160,0,0.12)" }],
    };
    el.__uplot = new uPlot(opts, seriesOf(data), el);
    plots.push({ el: el, plot: el.__uplot });
  }

  function drawAll(root) {
    sweep();
    var scope = root && root.querySelectorAll ? root : document;
    var list = scope.querySelectorAll("[data-chart]");
    for (var i = 0; i < list.length; i++) draw(list[i]);
    if (scope !== document && scope.hasAttribute && scope.hasAttribute("data-chart")) draw(scope);
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSettle", function (event) { drawAll(event.target); });
  document.addEventListener("htmx:oobAfterSwap", function (event) { drawAll(event.target); });
  if (document.readyState !== "loading") drawAll(document);
})();
