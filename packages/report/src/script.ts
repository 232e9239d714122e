/**
 * The report's inline script (plain ES5, no external references): chart tooltips driven by each
 * chart's `data-chart` payload, click-to-sort on `table.sortable` headers (empty cells stay
 * last), and the interactive charts (`figure.ichart`, drawn with the inlined uPlot when the page
 * carries it: drag to zoom, double-click to reset, live legend on hover, zoom and cursor shared
 * within a group; the instances are listed in `window.rooneyCharts`). The page is fully
 * readable without it.
 */
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  function pad(n) { return n < 10 ? '0' + n : String(n); }
  function when(t) {
    var d = new Date(t);
    return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate()) + ' ' +
      pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + ' UTC';
  }
  function num(v, decimals) {
    var parts = Math.abs(v).toFixed(decimals).split('.');
    var body = parts[0].replace(/\\B(?=(\\d{3})+(?!\\d))/g, ',') + (parts.length > 1 ? '.' + parts[1] : '');
    return (v < 0 && /[1-9]/.test(body) ? '-' : '') + body;
  }
  function format(v, f) {
    if (v === null || v === undefined) return 'n/a';
    if (f === 'currency') { var c = num(v, 2); return c.charAt(0) === '-' ? '-$' + c.slice(1) : '$' + c; }
    if (f === 'percent') return num(v * 100, 2) + '%';
    if (f === 'integer') return num(v, 0);
    var a = Math.abs(v);
    return num(v, Math.round(v) === v ? 0 : a >= 1 ? 2 : 4);
  }
  var tip = document.createElement('div');
  tip.className = 'chart-tooltip';
  document.body.appendChild(tip);
  function attach(svg) {
    var d = JSON.parse(svg.getAttribute('data-chart'));
    var layer = svg.querySelector('.hover-layer');
    var line = svg.querySelector('.hover-line');
    var dots = svg.querySelectorAll('.hover-dot');
    var target = svg.querySelector('.hover-target');
    if (!layer || !line || !target || d.x.length === 0) return;
    var p = d.p;
    function xPixel(v) { return d.vx[1] === d.vx[0] ? p[0] + p[2] / 2 : p[0] + (v - d.vx[0]) / (d.vx[1] - d.vx[0]) * p[2]; }
    function yPixel(v) { return p[1] + p[3] - (v - d.vy[0]) / (d.vy[1] - d.vy[0]) * p[3]; }
    function nearest(v) {
      var lo = 0, hi = d.x.length - 1;
      while (hi - lo > 1) { var mid = (lo + hi) >> 1; if (d.x[mid] <= v) lo = mid; else hi = mid; }
      return Math.abs(d.x[hi] - v) < Math.abs(d.x[lo] - v) ? hi : lo;
    }
    target.addEventListener('mousemove', function (event) {
      var box = svg.getBoundingClientRect();
      var px = (event.clientX - box.left) * d.W / box.width;
      var i = nearest(d.vx[0] + (px - p[0]) / p[2] * (d.vx[1] - d.vx[0]));
      var x = xPixel(d.x[i]);
      line.setAttribute('x1', x);
      line.setAttribute('x2', x);
      tip.textContent = '';
      var head = document.createElement('div');
      head.className = 'when';
      head.textContent = d.k === 'time' ? when(d.x[i]) : format(d.x[i], d.xf);
      tip.appendChild(head);
      var dot = 0;
      for (var s = 0; s < d.s.length; s++) {
        var series = d.s[s];
        var y = series.y[i];
        if (series.d) {
          var circle = dots[dot++];
          if (circle) {
            circle.setAttribute('visibility', y === null ? 'hidden' : 'visible');
            if (y !== null) { circle.setAttribute('cx', x); circle.setAttribute('cy', yPixel(y)); }
          }
        }
        var row = document.createElement('div');
        var swatch = document.createElement('span');
        swatch.className = 'swatch';
        swatch.style.background = series.c;
        row.appendChild(swatch);
        row.appendChild(document.createTextNode(series.n + ': ' + format(y, series.f)));
        tip.appendChild(row);
      }
      layer.setAttribute('visibility', 'visible');
      tip.style.display = 'block';
      var left = event.pageX + 14;
      if (event.clientX + 14 + tip.offsetWidth > document.documentElement.clientWidth) left = event.pageX - 14 - tip.offsetWidth;
      tip.style.left = left + 'px';
      tip.style.top = (event.pageY + 14) + 'px';
    });
    target.addEventListener('mouseleave', function () {
      layer.setAttribute('visibility', 'hidden');
      tip.style.display = 'none';
    });
  }
  var charts = document.querySelectorAll('svg[data-chart]');
  for (var c = 0; c < charts.length; c++) attach(charts[c]);
  function key(cell) {
    if (cell.className === 'empty') return null;
    var sort = cell.getAttribute('data-sort');
    return sort !== null ? Number(sort) : cell.textContent;
  }
  function compare(a, b) {
    var an = typeof a === 'number', bn = typeof b === 'number';
    if (an && bn) return a - b;
    if (an !== bn) return an ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  function sortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    for (var h = 0; h < headers.length; h++) (function (column, th) {
      th.addEventListener('click', function () {
        var direction = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
        for (var k = 0; k < headers.length; k++) headers[k].removeAttribute('aria-sort');
        th.setAttribute('aria-sort', direction === 1 ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = [];
        for (var r = 0; r < body.rows.length; r++) rows.push({ row: body.rows[r], index: r, key: key(body.rows[r].cells[column]) });
        rows.sort(function (a, b) {
          if (a.key === null || b.key === null) return (a.key === null ? 1 : 0) - (b.key === null ? 1 : 0) || a.index - b.index;
          return compare(a.key, b.key) * direction || a.index - b.index;
        });
        for (var n = 0; n < rows.length; n++) body.appendChild(rows[n].row);
      });
    })(h, headers[h]);
  }
  var tables = document.querySelectorAll('table.sortable');
  for (var t = 0; t < tables.length; t++) sortable(tables[t]);

  // Interactive charts (figure.ichart): drawn by the inlined uPlot when it is present; the static
  // SVG inside each figure stays for print and for readers without scripts.
  var live = [];
  window.rooneyCharts = live;
  var syncing = false;
  function rgba(hex, alpha) {
    var v = parseInt(hex.slice(1), 16);
    return 'rgba(' + ((v >> 16) & 255) + ',' + ((v >> 8) & 255) + ',' + (v & 255) + ',' + alpha + ')';
  }
  function decimalsFor(step) {
    if (!(step > 0) || !isFinite(step)) return 0;
    for (var d = 0; d < 8; d++) {
      var scaled = step * Math.pow(10, d);
      if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * Math.max(1, scaled)) return d;
    }
    return 8;
  }
  function axisLabel(v, f, step, largest) {
    if (v === null || v === undefined) return '';
    if (f === 'percent') return num(v * 100, decimalsFor(step * 100)) + '%';
    var unit = largest >= 1e9 ? 1e9 : largest >= 1e6 ? 1e6 : largest >= 1e4 ? 1e3 : 1;
    var suffix = unit === 1e9 ? 'B' : unit === 1e6 ? 'M' : unit === 1e3 ? 'k' : '';
    var text = num(v / unit, decimalsFor(step / unit));
    var symbol = f === 'currency' ? '$' : '';
    return text.charAt(0) === '-' ? '-' + symbol + text.slice(1) + suffix : symbol + text + suffix;
  }
  function widthOf(figure) { return Math.max(240, Math.floor(figure.clientWidth || 900)); }
  function build(figure) {
    var d = JSON.parse(figure.getAttribute('data-uplot'));
    var el = figure.querySelector('.ichart-live');
    var data = [d.x];
    var series = [{ label: d.k === 'time' ? 'time (UTC)' : 'x', value: function (u, v) { return v === null || v === undefined ? '' : d.k === 'time' ? when(v) : format(v, 'number'); } }];
    for (var k = 0; k < d.s.length; k++) (function (s) {
      data.push(s.y);
      series.push({
        label: s.n,
        stroke: s.c,
        width: s.m === 'points' ? 1 : 1.5,
        fill: s.m === 'area' ? rgba(s.c, 0.25) : undefined,
        spanGaps: s.m !== 'points',
        paths: s.m === 'points' ? function () { return null; } : s.m === 'step' ? uPlot.paths.stepped({ align: 1 }) : undefined,
        points: s.m === 'points' ? { show: true, size: 5, width: 1, stroke: s.c, fill: s.c } : { show: false },
        value: function (u, v) { return v === null || v === undefined ? '-' : format(v, s.f); }
      });
    })(d.s[k]);
    function range(u, min, max) {
      if (min === null || max === null || !isFinite(min) || !isFinite(max)) { min = d.r ? d.r.v : 0; max = min + 1; }
      if (d.r) { min = Math.min(min, d.r.v); max = Math.max(max, d.r.v); }
      if (d.z) { min = Math.min(min, 0); max = Math.max(max, 0); }
      if (min === max) { var spread = Math.abs(min) * 0.01 || 1; return [min - spread, max + spread]; }
      var pad = (max - min) * 0.05;
      return [d.z && min === 0 ? 0 : min - pad, d.z && max === 0 ? 0 : max + pad];
    }
    var axis = { stroke: '#6b7280', grid: { stroke: '#e5e7eb', width: 1 }, ticks: { stroke: '#e5e7eb', width: 1 } };
    var xAxis = { stroke: axis.stroke, grid: axis.grid, ticks: axis.ticks };
    if (d.k !== 'time') xAxis.values = function (u, splits, i, space, step) { return splits.map(function (v) { return axisLabel(v, 'number', step, 0); }); };
    var yAxis = { stroke: axis.stroke, grid: axis.grid, ticks: axis.ticks, size: 76,
      values: function (u, splits, i, space, step) {
        var largest = 0;
        for (var j = 0; j < splits.length; j++) largest = Math.max(largest, Math.abs(splits[j]));
        return splits.map(function (v) { return axisLabel(v, d.f, step, largest); });
      } };
    var options = {
      title: d.t,
      width: widthOf(figure),
      height: d.h,
      ms: 1,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts), 'Etc/UTC'); },
      scales: { x: { time: d.k === 'time' }, y: { range: range } },
      series: series,
      axes: [xAxis, yAxis],
      legend: { live: true },
      cursor: { drag: { x: true, y: false, setScale: true }, points: { size: 7 } },
      hooks: {
        setScale: [function (u, key) {
          if (key !== 'x' || syncing || !d.g) return;
          syncing = true;
          try {
            for (var c = 0; c < live.length; c++) {
              if (live[c].u !== u && live[c].g === d.g) live[c].u.setScale('x', { min: u.scales.x.min, max: u.scales.x.max });
            }
          } finally { syncing = false; }
        }],
        draw: [function (u) {
          if (!d.r) return;
          var ratio = window.devicePixelRatio || 1;
          var y = Math.round(u.valToPos(d.r.v, 'y', true));
          var ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = '#6b7280';
          ctx.lineWidth = ratio;
          ctx.setLineDash([5 * ratio, 4 * ratio]);
          ctx.beginPath();
          ctx.moveTo(u.bbox.left, y);
          ctx.lineTo(u.bbox.left + u.bbox.width, y);
          ctx.stroke();
          if (d.r.l) {
            ctx.fillStyle = '#374151';
            ctx.textAlign = 'left';
            ctx.textBaseline = 'bottom';
            ctx.font = (12 * ratio) + 'px system-ui, sans-serif';
            ctx.fillText(d.r.l, u.bbox.left + 6 * ratio, y - 4 * ratio);
          }
          ctx.restore();
        }]
      }
    };
    if (d.g) options.cursor.sync = { key: d.g, setSeries: false };
    var chart = new uPlot(options, data, el);
    figure.className += ' live';
    live.push({ u: chart, g: d.g, h: d.h, el: el, figure: figure });
  }
  if (typeof uPlot !== 'undefined') {
    var figures = document.querySelectorAll('figure.ichart[data-uplot]');
    for (var f = 0; f < figures.length; f++) {
      try { build(figures[f]); } catch (error) { console.error('rooney: interactive chart ' + f + ' failed: ' + (error && error.message)); }
    }
    var resizing = 0;
    window.addEventListener('resize', function () {
      clearTimeout(resizing);
      resizing = setTimeout(function () {
        for (var c = 0; c < live.length; c++) live[c].u.setSize({ width: widthOf(live[c].figure), height: live[c].h });
      }, 100);
    });
  }
})();
`;
