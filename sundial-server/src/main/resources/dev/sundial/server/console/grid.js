// The results grid: column names with their types, values by type (numbers right-aligned, NULL
// shown apart from an empty string), at most MAX_ROWS rows drawn. Values are set as text, never as
// HTML: stored strings cannot inject markup.

import { int } from './format.js';

export const MAX_ROWS = 1000;

const NUMERIC = new Set(['DOUBLE', 'BIGINT']);

/** Draws `result` ({columns, rows}) into `table`; returns how many rows were drawn. */
export function renderGrid(table, result) {
  const head = document.createElement('thead');
  const tr = document.createElement('tr');
  const corner = document.createElement('th');
  corner.className = 'rownum';
  corner.textContent = '#';
  tr.append(corner);
  for (const c of result.columns) {
    const th = document.createElement('th');
    if (NUMERIC.has(c.type)) {
      th.className = 'num';
    }
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = c.name;
    const type = document.createElement('span');
    type.className = 'type';
    type.textContent = c.type;
    th.append(name, type);
    tr.append(th);
  }
  head.append(tr);

  const body = document.createElement('tbody');
  const shown = Math.min(result.rows.length, MAX_ROWS);
  const kinds = result.columns.map(c => (NUMERIC.has(c.type) ? 'num' : c.type === 'TIMESTAMP' ? 'ts' : c.type === 'BOOLEAN' ? 'bool' : ''));
  for (let r = 0; r < shown; r++) {
    const row = result.rows[r];
    const line = document.createElement('tr');
    const n = document.createElement('td');
    n.className = 'rownum';
    n.textContent = r + 1;
    line.append(n);
    for (let c = 0; c < kinds.length; c++) {
      const td = document.createElement('td');
      const v = row[c];
      if (v === null || v === undefined) {
        td.className = 'null';
        td.textContent = 'NULL';
      } else {
        td.className = kinds[c];
        td.textContent = kinds[c] === 'num' && typeof v !== 'string' ? formatNumber(v) : String(v);
        if (typeof v === 'string' && v.length > 60) {
          td.title = v;
        }
      }
      line.append(td);
    }
    body.append(line);
  }
  table.replaceChildren(head, body);
  return shown;
}

/** A message in place of rows ("INSERT 0 3"). */
export function renderMessage(table, message) {
  const body = document.createElement('tbody');
  const tr = document.createElement('tr');
  const td = document.createElement('td');
  td.className = 'message';
  td.textContent = message;
  tr.append(td);
  body.append(tr);
  table.replaceChildren(body);
}

function formatNumber(v) {
  if (typeof v === 'bigint') {
    return int(v);
  }
  // doubles keep the server's digits (shortest round-trip), integers get no grouping: they may be ids
  return String(v);
}
