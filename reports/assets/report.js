/*
 * kaoping report: sortable and searchable tables, and the interactive charts.
 * Plain browser JavaScript that works from file:// (no modules, no fetch,
 * no network). Without it every page is complete: tables are in the HTML and
 * every chart has its static SVG.
 */
(function () {
  'use strict';
  var doc = document;
  doc.documentElement.className += ' js';
  var lang = doc.documentElement.lang || 'zh-CN';
  var collator = typeof Intl !== 'undefined' ? new Intl.Collator(lang, { numeric: true }) : null;

  function cellKey(td) {
    if (!td) return '';
    var v = td.getAttribute('data-v');
    if (v !== null) return v === '' ? NaN : Number(v);
    return (td.textContent || '').trim();
  }

  function compare(a, b) {
    var an = typeof a === 'number', bn = typeof b === 'number';
    if (an && bn) {
      if (isNaN(a)) return isNaN(b) ? 0 : 1;
      if (isNaN(b)) return -1;
      return a - b;
    }
    a = String(a); b = String(b);
    return collator ? collator.compare(a, b) : (a < b ? -1 : a > b ? 1 : 0);
  }

  function sortTable(table, col, th) {
    var asc = th.getAttribute('aria-sort') !== 'ascending';
    var heads = table.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) heads[i].setAttribute('aria-sort', 'none');
    th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var keyed = rows.map(function (r, i) { return { r: r, k: cellKey(r.cells[col]), i: i }; });
    keyed.sort(function (x, y) {
      var c = compare(x.k, y.k);
      if (!asc) c = -c;
      return c || x.i - y.i;
    });
    var frag = doc.createDocumentFragment();
    keyed.forEach(function (x) { frag.appendChild(x.r); });
    body.appendChild(frag);
  }

  Array.prototype.forEach.call(doc.querySelectorAll('table.sortable'), function (table) {
    if (!table.tHead || !table.tBodies[0]) return;
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      th.tabIndex = 0;
      th.setAttribute('aria-sort', 'none');
      th.classList.add('sort');
      th.addEventListener('click', function () { sortTable(table, col, th); });
      th.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sortTable(table, col, th); }
      });
    });
  });

  Array.prototype.forEach.call(doc.querySelectorAll('input.table-filter'), function (input) {
    var table = doc.getElementById(input.getAttribute('data-table'));
    if (!table || !table.tBodies[0]) return;
    input.hidden = false;
    var hint = input.parentNode.querySelector('.hint');
    if (hint) hint.hidden = false;
    var rows = table.tBodies[0].rows;
    input.addEventListener('input', function () {
      var q = input.value.trim().toLowerCase();
      for (var i = 0; i < rows.length; i++) {
        rows[i].hidden = q !== '' && (rows[i].textContent || '').toLowerCase().indexOf(q) < 0;
      }
    });
  });

  // interactive charts: vega-embed from assets/, the spec embedded in the page
  if (typeof window.vegaEmbed !== 'function') return;
  Array.prototype.forEach.call(doc.querySelectorAll('figure.has-live'), function (fig) {
    var specEl = fig.querySelector('script.vl-spec');
    var live = fig.querySelector('.live');
    if (!specEl || !live) return;
    var spec;
    try { spec = JSON.parse(specEl.textContent); } catch (e) { return; }
    window.vegaEmbed(live, spec, { mode: 'vega-lite', actions: false, renderer: 'svg', defaultStyle: true })
      .then(function () {
        live.hidden = false;
        fig.classList.add('is-live');
      })
      .catch(function () { live.hidden = true; });
  });
})();
