// The report endpoints that answer JSON: closed months (chốt số liệu) of a ward.
import { request } from './api.js';
import { authedAs } from './session.js';

function call(userId, path, options = {}) {
  return authedAs(userId, (token) => request(path, { ...options, token }));
}

export function listClosures(userId, wardId) {
  return call(userId, `/wards/${wardId}/closures`);
}

export function closeMonth(userId, wardId, month) {
  return call(userId, `/wards/${wardId}/closures/${month}`, { method: 'PUT' });
}

export function reopenMonth(userId, wardId, month, reason) {
  return call(userId, `/wards/${wardId}/closures/${month}/reopen`, { method: 'POST', body: { reason } });
}

export function listWards(userId) {
  return call(userId, '/wards');
}
