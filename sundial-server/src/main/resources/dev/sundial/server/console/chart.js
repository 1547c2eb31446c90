// The line chart of a result that has a TIMESTAMP column and numeric columns: the first TIMESTAMP
// column is the x axis, each numeric column a line per group, where a group is the values of the
// VARCHAR columns (tags) of a row. Drawn with uPlot; drag to zoom into a time range, double-click
// or "Reset zoom" to see everything again.

import uPlot from '/console/vendor/uPlot.esm.js';
import { compact, int } from './format.js';

export const MAX_SERIES = 48;

const NUMERIC = new Set(['DOUBLE', 'BIGINT']);
const PALETTE = ['#e8890c', '#3b82f6', '#10b981', '#ef4444', '#8b5cf6', '#06b6d4', '#f59e0b', '#ec4899', '#84cc16', '#6366f1',
  '#14b8a6', '#f97316'];

export function color(i) {
  if (i < PALETTE.length) {
    return PALETTE[i];
  }
  return `hsl(${(i * 137.508) % 360}, 65%, 55%)`;
}

/** {x, ys, groups} column indexes when `result` can be drawn, else null. */
export function chartSpec(result) {
  const cols = result.columns;
  const x = cols.findIndex(c => c.type === 'TIMESTAMP');
  const ys = cols.map((c, i) => (NUMERIC.has(c.type) ? i : -1)).filter(i => i >= 0);
  const groups = cols.map((c, i) => (c.type === 'VARCHAR' ? i : -1)).filter(i => i >= 0);
  if (x < 0 || ys.length === 0 || result.rows.length < 2) {
    return null;
  }
  return { x, ys, groups };
}

/** ISO-8601 (up to 9 fraction digits) → epoch seconds; Date.parse is only sure of 3. */
function seconds(iso) {
  return Date.parse(iso.replace(/(\.\d{3})\d+/, '$1')) / 1000;
}

function number(v) {
  if (typeof v === 'number') {
    return v;
  }
  if (typeof v === 'bigint') {
    return Number(v);
  }
  return null; // NULL, "NaN", "Infinity": a gap in the line
}

/**
 * The aligned data uPlot draws: x (sorted distinct times, seconds) and one array per series,
 * null where a series has no value at that time. Series are the first MAX_SERIES in order of
 * appearance; `total` says how many there were.
 */
export function seriesOf(result, spec) {
  const cols = result.columns;
  const times = new Map();
  const series = new Map(); // key → {label, points: Map(time → value)}
  let total = 0;
  for (const row of result.rows) {
    const t = row[spec.x];
    if (t === null) {
      continue;
    }
    const s = seconds(t);
    if (Number.isNaN(s)) {
      continue;
    }
    times.set(s, true);
    const group = spec.groups.map(g => (spec.groups.length > 1 ? cols[g].name + '=' : '') + (row[g] === null ? 'NULL' : row[g])).join(', ');
    for (const y of spec.ys) {
      const label = group && spec.ys.length > 1 ? group + ' · ' + cols[y].name : group || cols[y].name;
      let entry = series.get(label);
      if (!entry) {
        total++;
        if (series.size >= MAX_SERIES) {
          continue;
        }
        entry = { label, points: new Map() };
        series.set(label, entry);
      }
      entry.points.set(s, number(row[y]));
    }
  }
  const x = [...times.keys()].sort((a, b) => a - b);
  const lines = [...series.values()].map(e => ({ label: e.label, values: x.map(t => (e.points.has(t) ? e.points.get(t) : null)) }));
  return { x, lines, total };
}

function css(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/** Draws the lines into `host` (emptied first); returns the uPlot instance. */
export function drawChart(host, data) {
  host.replaceChildren();
  const fg = css('--muted');
  const grid = css('--grid-line');
  const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  const opts = {
    width: Math.max(300, host.clientWidth - 20),
    height: 320,
    scales: { x: { time: true } },
    tzDate: ts => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'), // as the grid shows them: UTC
    cursor: { drag: { x: true, y: false, setScale: true } },
    legend: { show: true, live: true },
    series: [
      {},
      ...data.lines.map((l, i) => ({
        label: l.label,
        stroke: color(i),
        width: 1.75,
        spanGaps: true,
        points: { show: data.x.length <= 60 },
        value: (u, v) => (v == null ? '–' : Math.abs(v) >= 10000 ? compact(v) : +v.toPrecision(6)),
      })),
    ],
    axes: [axis, { ...axis, size: 64, values: (u, splits) => splits.map(v => (Math.abs(v) >= 10000 ? compact(v) : +v.toPrecision(6))) }],
  };
  return new uPlot(opts, [data.x, ...data.lines.map(l => l.values)], host);
}

export function resetZoom(chart) {
  const x = chart.data[0];
  if (x.length) {
    chart.setScale('x', { min: x[0], max: x[x.length - 1] });
  }
}

/** A note under the chart title: "3 series · 288 times" (and what was left out). */
export function note(data) {
  const shown = data.lines.length;
  return int(shown) + ' series' + (data.total > shown ? ` (first ${shown} of ${int(data.total)})` : '') + ' · ' + int(data.x.length)
    + ' times (UTC) · drag to zoom';
}
