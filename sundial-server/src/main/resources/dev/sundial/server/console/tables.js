// The table list: per table its columns (types, TAG marks), rows, points and bytes, bytes per storage
// tier, rollup levels and options, from GET /api/v1/tables. Clicking a column name inserts it into
// the editor; "Sample rows" and "Chart" write a starting query.

import { bytes, int, plural } from './format.js';

const open = new Set(); // tables whose details are open, kept across reloads

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) {
    e.className = className;
  }
  if (text !== undefined) {
    e.textContent = text;
  }
  return e;
}

/** A name as SQL text: bare when it is a plain lowercase identifier, else double-quoted. */
export function ident(name) {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : '"' + name.replace(/"/g, '""') + '"';
}

/** A time-bucket query over a table's first numeric column, one line per value of its first tag. */
export function chartQuery(t) {
  const value = t.columns.find(c => c.kind === 'value' && (c.type === 'DOUBLE' || c.type === 'BIGINT'));
  const tag = t.columns.find(c => c.tag);
  const ts = ident(t.timestamp_column);
  const agg = value ? `avg(${ident(value.name)}) AS ${ident('avg_' + value.name)}` : 'count(*) AS rows';
  return `SELECT time_bucket('1h', ${ts}) AS bucket${tag ? ', ' + ident(tag.name) : ''}, ${agg}\nFROM ${ident(t.name)}\n`
    + `GROUP BY bucket${tag ? ', ' + ident(tag.name) : ''}\nORDER BY bucket`;
}

function facts(headers, rows) {
  const table = el('table', 'facts');
  if (headers) {
    const tr = el('tr');
    headers.forEach(h => tr.append(el('th', '', h)));
    table.append(el('thead'));
    table.tHead.append(tr);
  }
  const body = el('tbody');
  for (const r of rows) {
    const tr = el('tr');
    r.forEach((v, i) => tr.append(el(i === 0 ? 'th' : 'td', '', v)));
    body.append(tr);
  }
  table.append(body);
  return table;
}

function details(t, editor) {
  const d = el('details');
  d.dataset.table = t.name;
  d.open = open.has(t.name);
  d.addEventListener('toggle', () => (d.open ? open.add(t.name) : open.delete(t.name)));
  const summary = el('summary');
  summary.append(el('span', 'tname', t.name), el('span', 'tmeta', plural(t.rows, 'row') + ' · ' + bytes(t.bytes)));
  d.append(summary);

  const body = el('div', 'tbody');
  const cols = el('ul', 'columns');
  for (const c of t.columns) {
    const li = el('li');
    const name = el('span', 'cname', c.name);
    name.title = 'Insert into the editor';
    name.addEventListener('click', () => editor.insert(ident(c.name)));
    li.append(name);
    if (c.tag) {
      li.append(el('span', 'badge tag', 'TAG'));
    } else if (c.kind === 'timestamp') {
      li.append(el('span', 'badge time', 'TIME'));
    }
    li.append(el('span', 'ctype', c.type));
    cols.append(li);
  }
  body.append(cols);

  body.append(el('h4', '', 'Size'));
  const headNote = t.head_rows > 0 ? ` (${int(t.head_rows)} in memory)` : '';
  body.append(facts(null, [
    ['series', int(t.series)],
    ['rows', int(t.rows) + headNote],
    ['points', int(t.points)],
    ['bytes', bytes(t.bytes)],
    ['bytes / point', t.points ? t.bytes_per_point.toFixed(2) : '–'],
  ]));

  body.append(el('h4', '', 'Storage tiers'));
  body.append(facts(['tier', 'bytes', 'rows', 'parts'], Object.entries(t.tiers)
    .map(([tier, f]) => [tier, bytes(f.bytes), int(f.rows), int(f.partitions)])));

  const levels = Object.entries(t.levels || {});
  if (levels.length) {
    body.append(el('h4', '', 'Rollup levels'));
    body.append(facts(['level', 'bytes', 'cells', 'built through'], levels.map(([level, f]) => [level, bytes(f.bytes), int(f.rows),
      f.built_through ? f.built_through.replace('T', ' ').replace(/(:00)?(\.0+)?Z$/, 'Z') : 'not yet'])));
  }

  body.append(el('h4', '', 'Options'));
  body.append(facts(null, Object.entries(t.options)));

  const actions = el('div', 'actions');
  const sample = el('button', 'ghost', 'Sample rows');
  sample.type = 'button';
  sample.addEventListener('click', () => editor.setText(`SELECT *\nFROM ${ident(t.name)}\nORDER BY ${ident(t.timestamp_column)} DESC\nLIMIT 100`));
  const chart = el('button', 'ghost', 'Chart');
  chart.type = 'button';
  chart.addEventListener('click', () => editor.setText(chartQuery(t)));
  actions.append(sample, chart);
  body.append(actions);
  d.append(body);
  return d;
}

/** Draws the list into `host`; returns {table: [column names]} for completion. */
export function renderTables(host, list, editor) {
  host.replaceChildren();
  if (list.length === 0) {
    const p = el('p', 'empty');
    p.append('No tables yet. Write line protocol to ', el('code', '', '/write'), ' or run ', el('code', '', 'CREATE TABLE'), '.');
    host.append(p);
  }
  const names = {};
  for (const t of list) {
    host.append(details(t, editor));
    names[t.name] = t.columns.map(c => c.name);
  }
  return names;
}
