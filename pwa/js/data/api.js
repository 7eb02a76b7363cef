// The server's API (API.md): fetch, time-outs, and errors as two kinds the rest can act on.

export const BASE = '/api/v1';

/** The server answered with an error status; `body` is its JSON error ({code, status, message, errors}). */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

/** No answer: offline, the server down, a time-out, or the answer lost on the way. */
export class NetworkError extends Error {}

/** One call: JSON `body` or multipart `form`; resolves to the answer's JSON (null for a 204). */
export async function request(path, { method = 'GET', body, form, token, timeoutMs = 30000, headers = {} } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const allHeaders = { Accept: 'application/json', ...headers };
  if (token) allHeaders.Authorization = `Bearer ${token}`;
  if (body !== undefined) allHeaders['Content-Type'] = 'application/json';
  try {
    const response = await fetch(BASE + path, {
      method, headers: allHeaders, body: form || (body === undefined ? undefined : JSON.stringify(body)),
      signal: controller.signal, cache: 'no-store', credentials: 'omit',
    });
    const data = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new NetworkError(error?.message || 'network error');
  } finally {
    clearTimeout(timer);
  }
}

/** "?a=1&b=2" of the given parameters, leaving out those unset or empty ('' from an empty field). */
export function query(params = {}) {
  const pairs = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return pairs.length ? `?${new URLSearchParams(pairs)}` : '';
}

export function login(username, password, totp) {
  return request('/auth/login', { method: 'POST', body: { username, password, ...(totp ? { totp } : {}) } });
}

export function confirmTotp(token, code) {
  return request('/me/totp/confirm', { method: 'POST', token, body: { code } });
}

export function refresh(refreshToken) {
  return request('/auth/refresh', { method: 'POST', token: refreshToken });
}

export function logout(token) {
  return request('/auth/logout', { method: 'POST', token, timeoutMs: 10000 });
}
