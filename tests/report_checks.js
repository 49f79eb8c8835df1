// Measures a report page in the browser once its charts are drawn, and writes what it found as JSON into
// an element of id "report-checks" (read back by tests/test_readable.py through Chromium's --dump-dom).
// Per chart: its title, the narrowest bar, each axis's tick labels, each legend's labels (and symbols without a
// label), and any text that sticks out of the chart's SVG (which an exported PNG would cut). Per table: whether
// a heading names it and the share of its width the evidence columns get.
(function () {
  function box(el) { var r = el.getBoundingClientRect(); return {x: r.left, y: r.top, w: r.width, h: r.height}; }
  function texts(root, selector) {
    return Array.prototype.map.call(root.querySelectorAll(selector), function (t) { return t.textContent; });
  }
  function measure() {
    var out = {charts: [], tables: []};
    document.querySelectorAll(".report-chart").forEach(function (chart) {
      var svg = chart.querySelector("svg.marks");
      var item = {title: texts(chart, ".role-title-text text").join(" "), drawn: !!svg, minBar: null,
                  nBars: 0, axes: [], legends: [], outside: []};
      if (svg) {
        var frame = box(svg);
        // bars: the rect marks a bar mark draws (aria-roledescription "bar"; a heatmap's cells are "rect")
        chart.querySelectorAll('g.mark-rect.role-mark path[aria-roledescription="bar"]').forEach(function (p) {
          var b = p.getBBox();
          if (b.height > 0) {
            item.nBars += 1;
            item.minBar = item.minBar === null ? b.width : Math.min(item.minBar, b.width);
          }
        });
        chart.querySelectorAll("g.role-axis").forEach(function (axis) {
          item.axes.push({labels: texts(axis, ".role-axis-label text"), title: texts(axis, ".role-axis-title text").join(" ")});
        });
        chart.querySelectorAll("g.role-legend").forEach(function (legend) {
          var labels = texts(legend, ".role-legend-label text");
          var symbols = legend.querySelectorAll(".role-legend-symbol path").length;
          item.legends.push({labels: labels, symbols: symbols, title: texts(legend, ".role-legend-title text").join(" ")});
        });
        svg.querySelectorAll("text").forEach(function (t) {
          if (!t.textContent) return;
          var b = box(t);
          if (b.w === 0) return;
          if (b.x < frame.x - 1 || b.y < frame.y - 1 || b.x + b.w > frame.x + frame.w + 1 || b.y + b.h > frame.y + frame.h + 1) {
            item.outside.push(t.textContent);
          }
        });
      }
      out.charts.push(item);
    });
    document.querySelectorAll("table.report-table").forEach(function (table) {
      var caption = table.querySelector("caption");
      var heads = Array.prototype.slice.call(table.querySelectorAll("thead th"));
      var total = box(table).w, evidence = 0;
      heads.forEach(function (th) { if (/evidence|sentence/.test(th.textContent)) evidence += box(th).w; });
      out.tables.push({caption: caption ? caption.textContent : "", columns: heads.map(function (th) { return th.textContent; }),
                       widths: heads.map(function (th) { return Math.round(box(th).w); }),
                       width: total, evidenceShare: total ? evidence / total : 0, height: box(table).h});
    });
    out.pageHeight = document.documentElement.scrollHeight;
    var pre = document.createElement("pre");
    pre.id = "report-checks";
    pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  }
  setTimeout(function () {
    try { measure(); } catch (err) {
      var pre = document.createElement("pre");
      pre.id = "report-checks";
      pre.textContent = JSON.stringify({error: String(err)});
      document.body.appendChild(pre);
    }
  }, 4000);
})();
