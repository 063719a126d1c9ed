// The dashboard's charts. Each chart's numbers come from its element's data-chart attribute (JSON, the
// same numbers as its table); clicking a bar, point or funnel stage opens the rows behind it.
// Tooltips render inside the canvas (renderMode "richText"): ECharts' HTML tooltips carry inline style
// attributes, which the CSP refuses.
(function () {
  "use strict";

  // ECharts' own palette, set explicitly: an option's colour left undefined draws nothing.
  const PALETTE = ["#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272", "#fc8452"];
  const TREND_COLOURS = ["#5470c6", "#fac858", "#91cc75"];
  const RED = ["#c62828"];
  const UNITS = { count: "个", items: "项", amount: "万元", days: "天", percent: "%" };
  const ROW_HEIGHT = 26;

  function format(value, unit) {
    if (value === null || value === undefined) {
      return "—";
    }
    const digits = unit === "amount" ? 2 : unit === "days" || unit === "percent" ? 1 : 0;
    return value.toLocaleString("zh-CN", { maximumFractionDigits: digits }) + " " + (UNITS[unit] || "");
  }

  function tooltip(trigger) {
    return {
      trigger: trigger,
      renderMode: "richText",
      confine: true,
    };
  }

  function funnelOption(spec) {
    const series = spec.series[0];
    return {
      color: PALETTE,
      tooltip: Object.assign(tooltip("item"), {
        formatter: (p) => p.name + "：" + format(p.value, series.unit),
      }),
      series: [{
        type: "funnel",
        name: series.name,
        sort: "none",
        minSize: "8%",
        left: "10%",
        width: "80%",
        label: { show: true, position: "inside", formatter: (p) => p.name + " " + p.value },
        data: spec.categories.map((name, i) => ({ name: name, value: series.values[i] })),
      }],
    };
  }

  function barsOption(spec) {
    const many = spec.series.length > 1;
    return {
      color: spec.palette === "red" ? RED : PALETTE,
      legend: { show: many, top: 0, type: "scroll" },
      // A single series prints its values at the bars' ends: leave them room.
      grid: { left: 8, right: many ? 24 : 88, top: many ? 32 : 8, bottom: 8, containLabel: true },
      tooltip: Object.assign(tooltip("axis"), { axisPointer: { type: "shadow" } }),
      // Counts of projects are whole numbers: no 0.5 on their axis.
      xAxis: { type: "value", minInterval: spec.series.every((s) => s.unit === "count" || s.unit === "items") ? 1 : 0 },
      yAxis: { type: "category", inverse: true, data: spec.categories, axisLabel: { width: 110, overflow: "truncate" } },
      series: spec.series.map((s) => ({
        type: "bar",
        name: s.name,
        data: s.values,
        label: { show: !many, position: "right", formatter: (p) => format(p.value, s.unit) },
        tooltip: { valueFormatter: (v) => format(v, s.unit) },
      })),
    };
  }

  function trendOption(spec) {
    return {
      color: TREND_COLOURS,
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      tooltip: tooltip("axis"),
      xAxis: { type: "category", data: spec.categories },
      yAxis: { type: "value", name: "万元" },
      series: spec.series.map((s) => ({
        type: s.type,
        name: s.name,
        data: s.values,
        symbolSize: 8,
        tooltip: { valueFormatter: (v) => format(v, s.unit) },
      })),
    };
  }

  const OPTIONS = { funnel: funnelOption, bars: barsOption, trend: trendOption };

  function draw(element) {
    if (element.dataset.drawn) {
      return;
    }
    const spec = JSON.parse(element.dataset.chart);
    if (spec.kind === "bars") {
      // One row per unit: the chart grows with the number of units instead of squeezing them.
      const legend = spec.series.length > 1 ? 40 : 16;
      element.style.height = Math.max(160, spec.categories.length * ROW_HEIGHT * Math.min(spec.series.length, 2) + legend) + "px";
    }
    const chart = echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(Object.assign({ aria: { enabled: true }, animation: false }, OPTIONS[spec.kind](spec)));
    chart.on("click", (params) => {
      const series = spec.series[params.seriesIndex] || spec.series[0];
      const link = series.links[params.dataIndex];
      if (link) {
        window.location.assign(link);
      }
    });
    element.dataset.drawn = "1";
  }

  function drawAll(root) {
    root.querySelectorAll("[data-chart]").forEach(draw);
  }

  function disposeAll(root) {
    root.querySelectorAll("[data-chart]").forEach((element) => {
      const chart = echarts.getInstanceByDom(element);
      if (chart) {
        chart.dispose();
      }
      // ECharts sizes its container through element.style; a copy of that attribute (htmx copies the
      // page into its history cache) is an inline style the CSP refuses.
      element.removeAttribute("style");
      delete element.dataset.drawn;
    });
  }

  document.addEventListener("DOMContentLoaded", () => drawAll(document));
  // The filters refresh the panels through htmx: drop the old charts, draw the new ones.
  document.addEventListener("htmx:beforeHistorySave", (event) => disposeAll(event.detail.historyElt));
  document.addEventListener("htmx:beforeSwap", (event) => disposeAll(event.detail.target));
  document.addEventListener("htmx:afterSettle", (event) => drawAll(event.detail.target));
  document.addEventListener("htmx:historyRestore", () => drawAll(document));
  window.addEventListener("resize", () => {
    document.querySelectorAll("[data-chart]").forEach((element) => {
      const chart = echarts.getInstanceByDom(element);
      if (chart) {
        chart.resize();
      }
    });
  });
}());
