// The console page: wires the editor, results, chart, table list, history, live panel and token box.
// State the end-to-end test (and a curious user) can read: document.body.dataset.state is
// loading | idle | running | done | error, and window.sundialConsole holds the editor and chart.

import { ApiError, api, sql } from './api.js';
import { chartSpec, drawChart, note, resetZoom, seriesOf } from './chart.js';
import { createEditor } from './editor.js';
import { int, ms, plural } from './format.js';
import { renderGrid, renderMessage } from './grid.js';
import * as history from './history.js';
import { startLive } from './live.js';
import { chartQuery, renderTables } from './tables.js';
import { setupToken } from './token.js';

const $ = id => document.getElementById(id);
const state = { chart: null, chartData: null, result: null, running: false };
window.sundialConsole = state;

const editor = createEditor($('editor'), () => run());
state.editor = editor;

function setState(s) {
  document.body.dataset.state = s;
}

function status(text, ok) {
  $('run-status').textContent = text;
  $('run-status').classList.toggle('ok', !!ok);
}

function showHistory() {
  history.render($('history'), q => editor.setText(q), q => {
    editor.setText(q);
    run();
  });
}

async function loadTables() {
  try {
    const body = await api('/api/v1/tables');
    editor.setTables(renderTables($('tables'), body.tables, editor));
    // a first visit starts with a query that runs: the chart query of the first table
    if (body.tables.length > 0 && !editor.cm.getValue().trim()) {
      editor.cm.setValue(chartQuery(body.tables[0]));
    }
  } catch (e) {
    const p = document.createElement('p');
    p.className = 'empty';
    p.textContent = e.status === 401 ? 'A token is needed to list tables.' : e.message;
    $('tables').replaceChildren(p);
  }
}

function showError(e, offset) {
  const box = $('error');
  box.replaceChildren(e.message);
  if (e.position > 0) {
    const where = editor.markError(offset, e.position);
    const span = document.createElement('span');
    span.className = 'where';
    // the server's message usually names the line and column already
    span.textContent = /\(line \d+, column \d+\)/.test(e.message) ? 'marked in the editor'
      : `at line ${where.line}, column ${where.column} (marked in the editor)`;
    box.append(span);
  }
  box.hidden = false;
}

function showChart(result) {
  const spec = chartSpec(result);
  if (state.chart) {
    state.chart.destroy();
    state.chart = null;
  }
  state.chartData = null;
  if (!spec) {
    $('chart-card').hidden = true;
    return;
  }
  const data = seriesOf(result, spec);
  if (data.x.length < 2 || data.lines.length === 0) {
    $('chart-card').hidden = true;
    return;
  }
  $('chart-card').hidden = false;
  state.chartData = data;
  state.chart = drawChart($('chart'), data);
  $('chart-note').textContent = note(data);
}

function showResult(body) {
  state.result = body;
  $('result-card').hidden = false;
  if (!body.columns) {
    renderMessage($('grid'), body.message || 'OK');
    $('result-note').textContent = '';
    $('chart-card').hidden = true;
    return;
  }
  const total = body.rows.length;
  const shown = renderGrid($('grid'), body);
  $('result-note').textContent = shown < total
    ? `showing the first ${int(shown)} of ${int(total)} rows`
    : plural(total, 'row');
  showChart(body);
  if (body.error) { // the query failed after rows were sent: they are a prefix of the answer
    showError(new ApiError(200, 'the query stopped after ' + plural(total, 'row') + ': ' + body.error), 0);
  }
}

async function run() {
  if (state.running) {
    return;
  }
  const { text, offset } = editor.current();
  if (!text.trim()) {
    editor.focus();
    return;
  }
  state.running = true;
  $('run').disabled = true;
  $('error').hidden = true;
  editor.clearError();
  setState('running');
  status('Running…');
  const started = performance.now();
  try {
    const body = await sql(text);
    const elapsed = body.elapsed_ms ?? performance.now() - started;
    showResult(body);
    const rows = body.columns ? body.row_count ?? body.rows.length : null;
    status((rows !== null ? plural(rows, 'row') : body.message) + ' · ' + ms(elapsed), true);
    history.add({ query: text.trim(), ok: true, rows, ms: elapsed });
    if (!body.columns && /^(CREATE|DROP|ALTER|INSERT|DELETE)/i.test(body.message || '')) {
      loadTables();
    }
    setState(body.error ? 'error' : 'done');
  } catch (e) {
    if (!(e instanceof ApiError)) {
      throw e;
    }
    status('Failed after ' + ms(performance.now() - started));
    showError(e, offset);
    history.add({ query: text.trim(), ok: false, error: e.message });
    setState('error');
  } finally {
    state.running = false;
    $('run').disabled = false;
    showHistory();
  }
}
state.run = run;

$('run').addEventListener('click', () => run());
$('chart-reset').addEventListener('click', () => state.chart && resetZoom(state.chart));
$('tables-refresh').addEventListener('click', loadTables);
$('history-clear').addEventListener('click', () => {
  history.clear();
  showHistory();
});

// the chart follows the width of its card and the system's light or dark scheme
new ResizeObserver(() => {
  if (state.chart) {
    state.chart.setSize({ width: Math.max(300, $('chart').clientWidth - 20), height: 320 });
  }
}).observe($('chart'));
matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => state.result && showChart(state.result));

setupToken();
window.addEventListener('sundial-token', loadTables);
startLive({ onStatus: s => ($('version').textContent = 'v' + s.version) });
showHistory();
loadTables();
setState('idle');
