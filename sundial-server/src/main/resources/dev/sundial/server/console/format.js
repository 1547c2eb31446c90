// Number and size formatting shared by the panels.

const INT = new Intl.NumberFormat('en-US');

export function int(n) {
  return typeof n === 'bigint' ? INT.format(n) : INT.format(Math.round(n));
}

/** 1536 → "1.5 KiB". */
export function bytes(n) {
  if (n < 1024) {
    return n + ' B';
  }
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = -1;
  do {
    v /= 1024;
    u++;
  } while (v >= 1024 && u < units.length - 1);
  return (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)) + ' ' + units[u];
}

/** 1234567 → "1.23 M"; below 10,000 the whole number. */
export function compact(n) {
  if (Math.abs(n) < 10000) {
    return INT.format(Math.round(n));
  }
  const units = [['T', 1e12], ['G', 1e9], ['M', 1e6], ['k', 1e3]];
  for (const [suffix, size] of units) {
    if (Math.abs(n) >= size) {
      const v = n / size;
      return (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)) + ' ' + suffix;
    }
  }
  return String(n);
}

/** Elapsed milliseconds: "0.42 ms", "12 ms", "3.1 s". */
export function ms(n) {
  if (n < 1) {
    return n.toFixed(2) + ' ms';
  }
  if (n < 1000) {
    return (n < 10 ? n.toFixed(1) : n.toFixed(0)) + ' ms';
  }
  return (n / 1000).toFixed(n < 10000 ? 2 : 1) + ' s';
}

export function plural(n, word) {
  return int(n) + ' ' + word + (n === 1 || n === 1n ? '' : 's');
}
