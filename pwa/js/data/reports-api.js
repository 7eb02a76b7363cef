// The reports screen's client: closing a month and reopening it (API.md · closures); the report
// files themselves come through downloads.js. Online only.
import { online } from './client.js';

export const closures = (user, wardId) => online(user, `/wards/${wardId}/closures`);
export const closeMonth = (user, wardId, month) => online(user, `/wards/${wardId}/closures/${month}`, { method: 'PUT' });
export const reopenMonth = (user, wardId, month, reason) => online(user, `/wards/${wardId}/closures/${month}/reopen`,
  { method: 'POST', body: { reason } });
