// The query history: newest first, kept in this browser (localStorage), at most LIMIT entries; a
// query run again moves to the top instead of appearing twice.

import { int, ms } from './format.js';

const KEY = 'sundial.history';
const LIMIT = 100;

export function entries() {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) || '[]');
    return Array.isArray(list) ? list.filter(e => e && typeof e.query === 'string') : [];
  } catch {
    return []; // an unreadable history is not worth an error: start a new one
  }
}

/** Records a run: {query, ok, rows?, ms?, error?}. */
export function add(run) {
  const list = entries().filter(e => e.query !== run.query);
  list.unshift({ ...run, at: Date.now() });
  localStorage.setItem(KEY, JSON.stringify(list.slice(0, LIMIT)));
}

export function clear() {
  localStorage.removeItem(KEY);
}

/** Draws the list into `ol`; a click loads the query with `pick(query)`, a double click runs it with `run(query)`. */
export function render(ol, pick, run) {
  ol.replaceChildren();
  const list = entries();
  if (list.length === 0) {
    const li = document.createElement('li');
    li.className = 'empty';
    li.textContent = 'Queries you run appear here.';
    ol.append(li);
    return;
  }
  for (const e of list) {
    const li = document.createElement('li');
    li.className = e.ok ? 'ok' : 'failed';
    const b = document.createElement('button');
    b.type = 'button';
    b.title = e.query;
    const code = document.createElement('code');
    code.textContent = e.query.replace(/\s+/g, ' ').trim();
    const meta = document.createElement('span');
    meta.className = 'meta';
    const when = new Date(e.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    meta.textContent = when + ' · ' + (e.ok ? (e.rows != null ? int(e.rows) + ' rows · ' : '') + ms(e.ms || 0) : 'failed');
    b.append(code, meta);
    b.addEventListener('click', () => pick(e.query));
    b.addEventListener('dblclick', () => run(e.query));
    li.append(b);
    ol.append(li);
  }
}
