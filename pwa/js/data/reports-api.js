// The report endpoints that answer JSON: closed months (chốt số liệu) of a ward.
import { ApiError, NetworkError } from './api.js';
import { authedAs } from './session.js';

async function call(token, path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${token}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store', credentials: 'omit',
    });
  } catch (error) {
    throw new NetworkError(error?.message || 'network error');
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export function listClosures(userId, wardId) {
  return authedAs(userId, (token) => call(token, `/wards/${wardId}/closures`));
}

export function closeMonth(userId, wardId, month) {
  return authedAs(userId, (token) => call(token, `/wards/${wardId}/closures/${month}`, { method: 'PUT' }));
}

export function reopenMonth(userId, wardId, month, reason) {
  return authedAs(userId, (token) => call(token, `/wards/${wardId}/closures/${month}/reopen`,
    { method: 'POST', body: { reason } }));
}

export function listWards(userId) {
  return authedAs(userId, (token) => call(token, '/wards'));
}
