// Calls to the server's JSON API. Every call carries the token kept in this browser, if any; a 401
// answer is reported to the listener (which shows the token box) before the call fails.

const TOKEN_KEY = 'sundial.token';

/** An answer that is not 2xx: the server's message, and the SQL position when it gave one. */
export class ApiError extends Error {
  constructor(status, message, position) {
    super(message);
    this.status = status;
    this.position = position || 0;
  }
}

let unauthorized = () => {};

/** Called with the server's message whenever a call is answered 401. */
export function onUnauthorized(listener) {
  unauthorized = listener;
}

export function token() {
  return localStorage.getItem(TOKEN_KEY) || '';
}

/** Stores (or, when empty, forgets) the token and tells the page, which reloads what it shows. */
export function setToken(value) {
  if (value) {
    localStorage.setItem(TOKEN_KEY, value);
  } else {
    localStorage.removeItem(TOKEN_KEY);
  }
  window.dispatchEvent(new Event('sundial-token'));
}

/**
 * JSON.parse, keeping integers beyond 2^53 exact as BigInt (BIGINT columns) where the browser
 * gives the reviver the number's source text; elsewhere they stay (rounded) numbers.
 */
export function parseJson(text) {
  return JSON.parse(text, (key, value, context) => {
    if (typeof value === 'number' && !Number.isSafeInteger(value) && context && /^-?\d+$/.test(context.source)) {
      return BigInt(context.source);
    }
    return value;
  });
}

/** GET (or the given method) of a JSON endpoint; resolves to the parsed body, rejects with ApiError. */
export async function api(path, options = {}) {
  const headers = new Headers(options.headers || {});
  const t = token();
  if (t) {
    headers.set('Authorization', 'Bearer ' + t);
  }
  let response;
  try {
    response = await fetch(path, { ...options, headers, cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, 'cannot reach the server: ' + e.message);
  }
  const text = await response.text();
  let body = null;
  try {
    body = text ? parseJson(text) : null;
  } catch {
    body = { error: text.trim() || response.statusText };
  }
  if (response.status === 401) {
    const message = (body && body.error) || 'a token is required';
    unauthorized(message);
    throw new ApiError(401, message);
  }
  if (!response.ok) {
    throw new ApiError(response.status, (body && body.error) || response.statusText, body && body.position);
  }
  return body;
}

/** Runs one SQL statement through /api/v1/sql. */
export function sql(query) {
  return api('/api/v1/sql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ query }),
  });
}
