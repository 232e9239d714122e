/**
 * The report's inline script (plain ES5, no external references): chart tooltips driven by each
 * chart's `data-chart` payload, and click-to-sort on `table.sortable` headers (empty cells stay
 * last). The page is fully readable without it.
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
})();
`;
