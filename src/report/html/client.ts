/**
 * The report page's script (plain browser JavaScript, run after the inlined Vega bundle). It draws a
 * series' chart only when its section comes near the viewport (IntersectionObserver), so a report
 * of thousands of series opens at once; filters the series list and the charts as the user types;
 * sorts the summary table by a clicked column; and draws every remaining chart before printing.
 * Each chart container gets `data-state="drawn"` (or `"failed"`, with the error in `title`).
 */
import { rowsFromColumns } from '../chartData.js';

const SCRIPT = String.raw`
(function () {
  'use strict';
  var spec = JSON.parse(document.getElementById('tsagentkit-spec').textContent);
  var columns = JSON.parse(document.getElementById('tsagentkit-data').textContent);
  var runtime = vega.parse(spec);
  var sections = Array.prototype.slice.call(document.querySelectorAll('article.series'));

  function draw(section) {
    var box = section.querySelector('.chart');
    if (!box || box.getAttribute('data-state') !== 'pending') return Promise.resolve();
    box.setAttribute('data-state', 'drawing');
    var rows = rowsFromColumns(columns[Number(section.getAttribute('data-index'))]);
    var view = new vega.View(runtime, { renderer: 'svg', container: box, hover: true, logLevel: vega.Error });
    view.data('history', rows.history).data('forecast', rows.forecast).data('backtest', rows.backtest).data('cutoffs', rows.cutoffs);
    view.width(Math.max(320, Math.floor(box.clientWidth)));
    return view.runAsync().then(function () {
      box.setAttribute('data-state', 'drawn');
    }, function (err) {
      box.setAttribute('data-state', 'failed');
      box.title = String(err && err.message || err);
      console.error('tsagentkit report: chart of ' + section.getAttribute('data-id') + ' failed', err);
    });
  }

  if ('IntersectionObserver' in window) {
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) { observer.unobserve(e.target); draw(e.target); }
      });
    }, { rootMargin: '400px 0px' });
    sections.forEach(function (s) { observer.observe(s); });
  } else {
    sections.forEach(draw);
  }
  window.addEventListener('beforeprint', function () { sections.forEach(draw); });

  var filter = document.getElementById('filter');
  var count = document.getElementById('shown-count');
  var tableRows = Array.prototype.slice.call(document.querySelectorAll('#summary-table tbody tr'));
  function applyFilter() {
    var q = filter.value.trim().toLowerCase();
    var shown = 0;
    tableRows.forEach(function (tr, i) {
      var hit = q === '' || tr.getAttribute('data-search').indexOf(q) >= 0;
      tr.hidden = !hit;
      sections[i].hidden = !hit;
      if (hit) shown++;
    });
    count.textContent = shown + ' of ' + tableRows.length + ' series';
  }
  filter.addEventListener('input', applyFilter);

  var tbody = document.querySelector('#summary-table tbody');
  Array.prototype.forEach.call(document.querySelectorAll('#summary-table th[data-sort]'), function (th) {
    th.addEventListener('click', function () {
      var numeric = th.getAttribute('data-sort') === 'number';
      var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      Array.prototype.forEach.call(th.parentNode.children, function (o) { o.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
      var idx = Array.prototype.indexOf.call(th.parentNode.children, th);
      var sorted = tableRows.slice().sort(function (a, b) {
        var x = a.children[idx].getAttribute('data-value');
        var y = b.children[idx].getAttribute('data-value');
        if (numeric) {
          var nx = x === '' ? Infinity : Number(x), ny = y === '' ? Infinity : Number(y);
          return (nx - ny) * dir || 0;
        }
        return x.localeCompare(y) * dir;
      });
      sorted.forEach(function (tr) { tbody.appendChild(tr); });
    });
  });
})();
`;

/** The script, with the shared `rowsFromColumns` (chartData.ts) defined ahead of it. */
export function clientScript(): string {
  return `${rowsFromColumns.toString()}\n${SCRIPT}`;
}
