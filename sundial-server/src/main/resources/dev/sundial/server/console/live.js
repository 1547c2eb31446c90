// The live panel: polls GET /api/v1/status every POLL_MS while the page is visible and shows the
// ingest rate (points accepted between two polls over the server's time between them), points
// stored, bytes per point and queries running, with a sparkline of the recent rates.

import { compact, int } from './format.js';
import { api } from './api.js';

const POLL_MS = 2000;
const KEEP = 60; // sparkline samples: two minutes

export function startLive({ onStatus }) {
  const rate = document.getElementById('live-rate');
  const points = document.getElementById('live-points');
  const bpp = document.getElementById('live-bpp');
  const queries = document.getElementById('live-queries');
  const spark = document.getElementById('live-spark');
  const rates = [];
  let previous = null;
  let timer = null;
  let stopped = false; // after a 401: until the token changes

  async function poll() {
    timer = null;
    if (stopped || document.hidden) {
      return;
    }
    try {
      const s = await api('/api/v1/status');
      onStatus(s);
      if (previous && s.uptime_s > previous.uptime_s) {
        const r = Math.max(0, (s.ingest.points - previous.ingest.points) / (s.uptime_s - previous.uptime_s));
        rates.push(r);
        if (rates.length > KEEP) {
          rates.shift();
        }
        rate.textContent = compact(r) + ' pts/s';
        drawSpark(spark, rates);
      }
      previous = s;
      points.textContent = s.stored ? compact(s.stored.points) : 'opening…';
      points.title = s.stored ? int(s.stored.points) + ' points in ' + int(s.stored.tables) + ' tables' : '';
      bpp.textContent = s.stored && s.stored.points ? s.stored.bytes_per_point.toFixed(2) + ' B' : '–';
      // rows still in memory count as points but have no table bytes until the next flush
      const inMemory = s.stored && s.stored.head_rows > 0;
      bpp.classList.toggle('provisional', inMemory);
      bpp.title = inMemory ? int(s.stored.head_rows) + ' rows are still in memory (and the WAL): their bytes count once flushed' : '';
      queries.textContent = int(s.queries_running);
    } catch (e) {
      if (e.status === 401) {
        stopped = true;
        return;
      }
      rate.textContent = 'offline';
    }
    schedule();
  }

  function schedule() {
    if (!timer && !stopped) {
      timer = setTimeout(poll, POLL_MS);
    }
  }

  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && !timer) {
      previous = null; // a gap while hidden is not a rate
      poll();
    }
  });
  window.addEventListener('sundial-token', () => {
    stopped = false;
    if (!timer) {
      poll();
    }
  });
  poll();
}

function drawSpark(canvas, values) {
  const ratio = window.devicePixelRatio || 1;
  const w = canvas.clientWidth || 96;
  const h = canvas.clientHeight || 24;
  if (canvas.width !== Math.round(w * ratio)) {
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(h * ratio);
  }
  const g = canvas.getContext('2d');
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, w, h);
  if (values.length < 2) {
    return;
  }
  const max = Math.max(...values, 1);
  const step = w / (KEEP - 1);
  const x0 = w - (values.length - 1) * step;
  g.beginPath();
  values.forEach((v, i) => {
    const x = x0 + i * step;
    const y = h - 2 - (v / max) * (h - 4);
    if (i === 0) {
      g.moveTo(x, y);
    } else {
      g.lineTo(x, y);
    }
  });
  g.strokeStyle = getComputedStyle(document.documentElement).getPropertyValue('--accent').trim();
  g.lineWidth = 1.5;
  g.stroke();
}
