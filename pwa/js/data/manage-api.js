// The "Quản lý" area's client: running the ward (API.md and the OpenAPI document). Online only.
import { query } from './api.js';
import { online as call } from './client.js';

// ---- groups -------------------------------------------------------------------------------------

export const groups = (user, wardId) => call(user, `/wards/${wardId}/groups`);
export const createGroup = (user, wardId, body) => call(user, `/wards/${wardId}/groups`, { method: 'POST', body });
export const updateGroup = (user, groupId, body) => call(user, `/groups/${groupId}`, { method: 'PATCH', body });

export function importGroups(user, wardId, file) {
  const form = new FormData();
  form.append('file', file, file.name || 'groups.csv');
  return call(user, `/wards/${wardId}/groups/import`, { method: 'POST', form, timeoutMs: 60000 });
}

// ---- users --------------------------------------------------------------------------------------

export const users = (user, wardId) => call(user, `/users${query({ ward_id: user.role === 'admin' ? wardId : null })}`);
export const createUser = (user, body) => call(user, '/users', { method: 'POST', body });
export const updateUser = (user, userId, body) => call(user, `/users/${userId}`, { method: 'PATCH', body });
export const endSessions = (user, userId) => call(user, `/users/${userId}/sessions`, { method: 'DELETE' });

// ---- targets and filing statistics ---------------------------------------------------------------

export const targets = (user, wardId) => call(user, `/wards/${wardId}/targets`);
export const setTarget = (user, wardId, body) => call(user, `/wards/${wardId}/targets`, { method: 'PUT', body });
export const deleteTarget = (user, wardId, key) => call(user, `/wards/${wardId}/targets${query(key)}`,
  { method: 'DELETE' });
export const filingMonth = (user, wardId, month) => call(user, `/wards/${wardId}/filing-stats/${month}`);
export const putFilingMonth = (user, wardId, month, rows) => call(user, `/wards/${wardId}/filing-stats/${month}`,
  { method: 'PUT', body: { rows } });
export const rateTargets = (user, wardId, month) => call(user, `/wards/${wardId}/rate-targets${query({ month })}`);
export const eidMonth = (user, wardId, month) => call(user, `/wards/${wardId}/eid-stats/${month}`);
export const putEidMonth = (user, wardId, month, body) => call(user, `/wards/${wardId}/eid-stats/${month}`,
  { method: 'PUT', body });
