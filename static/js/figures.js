// The office's program figures (templates/partner_portal/figures.html): one Chart.js
// chart per <canvas data-chart>, from the JSON the server wrote beside it. Right to
// left in Persian (axes mirrored, legends and tooltips RTL), numbers in the page's
// digits, Vazirmatn for the labels; a bar, a point or a slice leads to its list.
(function () {
  "use strict";

  function start() {
    if (typeof Chart === "undefined") return;
    var root = document.documentElement;
    var rtl = root.dir === "rtl";
    var lang = root.lang || "fa";
    var styles = getComputedStyle(document.body);
    var numbers = new Intl.NumberFormat(lang === "fa" ? "fa-IR" : "en", {
      maximumFractionDigits: 1,
    });
    var colours = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#d63384", "#0dcaf0", "#6c757d"];
    var reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

    Chart.defaults.font.family = styles.fontFamily;
    Chart.defaults.color = styles.color;
    if (reduced) Chart.defaults.animation = false;

    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.id.replace(/^figure-/, "") + "-data");
      if (!source) return;
      var data = JSON.parse(source.textContent);
      var kind = canvas.dataset.chart;
      var horizontal = kind === "hbar" || kind === "stacked";
      var several = data.series.length > 1;
      var type = kind === "doughnut" ? "doughnut" : kind === "line" ? "line" : "bar";

      var datasets = data.series.map(function (series, i) {
        var colour = colours[i % colours.length];
        return {
          label: series.label,
          data: series.values,
          links: series.links,
          backgroundColor: type === "doughnut" ? colours.slice(0, series.values.length)
            : type === "line" ? colour + "33" : several ? colour : colours[0],
          borderColor: type === "doughnut" ? styles.backgroundColor : colour,
          borderWidth: type === "line" ? 2 : 1,
          fill: type === "line",
          tension: 0.25,
          pointRadius: 4,
        };
      });

      var valueAxis = {
        beginAtZero: true,
        reverse: horizontal && rtl,
        stacked: kind === "stacked",
        ticks: { precision: 0, callback: function (v) { return numbers.format(v); } },
      };
      // Long names (a cluster, a field of study) are shortened on the axis of a
      // narrow chart; the tooltip and the table give them whole.
      var room = canvas.parentNode.clientWidth < 500 ? 16 : 32;
      var labelAxis = {
        reverse: !horizontal && rtl,
        stacked: kind === "stacked",
        position: horizontal ? (rtl ? "right" : "left") : "bottom",
        ticks: {
          autoSkip: !horizontal,
          callback: function (value) {
            var label = String(this.getLabelForValue(value));
            return label.length > room ? label.slice(0, room - 1) + "…" : label;
          },
        },
      };
      var scales = {};
      if (type !== "doughnut") {
        scales[horizontal ? "x" : "y"] = valueAxis;
        scales[horizontal ? "y" : "x"] = labelAxis;
        if (!horizontal) valueAxis.position = rtl ? "right" : "left";
      }

      new Chart(canvas, {
        type: type,
        data: { labels: data.labels, datasets: datasets },
        options: {
          indexAxis: horizontal ? "y" : "x",
          maintainAspectRatio: false,
          locale: lang === "fa" ? "fa-IR" : "en",
          scales: scales,
          plugins: {
            legend: {
              display: several || type === "doughnut",
              rtl: rtl,
              textDirection: rtl ? "rtl" : "ltr",
              position: type !== "doughnut" ? "top"
                : canvas.parentNode.clientWidth < 500 ? "bottom" : rtl ? "left" : "right",
            },
            tooltip: {
              rtl: rtl,
              textDirection: rtl ? "rtl" : "ltr",
              callbacks: {
                label: function (item) {
                  var value = numbers.format(item.raw);
                  return several ? item.dataset.label + ": " + value : value;
                },
              },
            },
          },
          onHover: function (event, elements) {
            event.native.target.style.cursor = elements.length ? "pointer" : "default";
          },
          onClick: function (event, elements) {
            if (!elements.length) return;
            var hit = elements[0];
            var links = this.data.datasets[hit.datasetIndex].links || [];
            if (links[hit.index]) window.location.href = links[hit.index];
          },
        },
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
