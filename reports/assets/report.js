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

  // the columns (0-based, data-desc="2 3 4") whose first click sorts descending: scores, best first
  function descFirst(table, col) {
    return (' ' + (table.getAttribute('data-desc') || '') + ' ').indexOf(' ' + col + ' ') >= 0;
  }

  function sortTable(table, col, th) {
    var desc = descFirst(table, col);
    var state = th.getAttribute('aria-sort');
    // the first click on a column sorts it its natural way (scores descending), the next reverses it
    var asc = state === 'none' || state === null ? !desc : state === 'descending';
    var heads = table.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) heads[i].setAttribute('aria-sort', 'none');
    th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var keyed = rows.map(function (r, i) {
      // on a score column a vetoed office sorts last either way, as it does in the ranking
      var last = desc && r.classList.contains('vetoed') ? 1 : 0;
      return { r: r, k: cellKey(r.cells[col]), i: i, last: last };
    });
    keyed.sort(function (x, y) {
      if (x.last !== y.last) return x.last - y.last;
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

  // the offices a table does not list (the overview lists the head of a large category): search-index.js
  function moreMatches(table, q) {
    var index = window.kaopingSearch && window.kaopingSearch[table.id];
    if (!index || q === '') return [];
    var out = [];
    for (var i = 0; i < index.length; i++) {
      var o = index[i];
      if ((o[0] + ' ' + o[1] + ' ' + o[2]).toLowerCase().indexOf(q) >= 0) out.push(o);
    }
    return out;
  }

  function showMore(box, found) {
    if (!box) return;
    while (box.firstChild) box.removeChild(box.firstChild);
    box.hidden = found.length === 0;
    if (found.length === 0) return;
    var head = doc.createElement('p');
    head.textContent = box.getAttribute('data-title') + ' ' + found.length;
    box.appendChild(head);
    var list = doc.createElement('ul');
    var shown = Math.min(found.length, 50);
    for (var i = 0; i < shown; i++) {
      var o = found[i];
      var li = doc.createElement('li');
      var a = doc.createElement('a');
      a.href = o[3];
      a.textContent = box.getAttribute('data-rank').replace('{rank}', o[2]) + ' ' + o[1];
      var id = doc.createElement('span');
      id.className = 'id';
      id.textContent = o[0];
      li.appendChild(a);
      li.appendChild(doc.createTextNode(' '));
      li.appendChild(id);
      list.appendChild(li);
    }
    box.appendChild(list);
  }

  Array.prototype.forEach.call(doc.querySelectorAll('input.table-filter'), function (input) {
    var table = doc.getElementById(input.getAttribute('data-table'));
    if (!table || !table.tBodies[0]) return;
    input.hidden = false;
    var hint = input.parentNode.querySelector('.hint');
    if (hint) hint.hidden = false;
    var rows = table.tBodies[0].rows;
    var none = doc.createElement('p');
    none.className = 'no-match muted';
    none.hidden = true;
    none.textContent = input.getAttribute('data-none') || '';
    table.parentNode.insertBefore(none, table.nextSibling);
    var more = doc.querySelector('.search-more[data-table="' + table.id + '"]');
    var region = doc.querySelector('select.region-filter[data-table="' + table.id + '"]');
    function apply() {
      var q = input.value.trim().toLowerCase();
      var r = region ? region.value : '';
      var shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var hide = (q !== '' && (rows[i].textContent || '').toLowerCase().indexOf(q) < 0) ||
          (r !== '' && rows[i].getAttribute('data-region') !== r);
        rows[i].hidden = hide;
        if (!hide) shown++;
      }
      var found = r === '' ? moreMatches(table, q) : [];
      showMore(more, found);
      none.hidden = shown > 0 || found.length > 0 || rows.length === 0;
    }
    input.addEventListener('input', apply);
    if (region) {
      region.hidden = false;
      region.addEventListener('change', apply);
    }
    // after Back the browser restores the box's text (and the region): filter by what it shows
    window.addEventListener('pageshow', apply);
    apply();
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
