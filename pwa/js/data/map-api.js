// The coverage map's client: the ward's groups, its figures (shared with the dashboard), the
// period's event points and the tile setting, each kept for offline use; a group's latest events
// only online.
import { query } from './api.js';
import { cached, online } from './client.js';

export { wardChannels, wardMetrics } from './dashboard-api.js';

/** The groups in force on the period's last day (DESIGN.md §8): a group stopped before it is not drawn. */
export function groups(user, wardId, range) {
  const last = new Date(`${range.to}T00:00:00Z`);
  last.setUTCDate(last.getUTCDate() - 1);
  const on = last.toISOString().slice(0, 10);
  return cached(user, `groups:${wardId}:${on}`, `/wards/${wardId}/groups${query({ on })}`);
}

export function eventPoints(user, wardId, range) {
  return cached(user, `points:${wardId}:${range.from}:${range.to}`,
    `/wards/${wardId}/event-points${query(range)}`, { timeoutMs: 60000 });
}

export const mapSettings = (user) => cached(user, 'map-settings', '/map-settings');

export function recentEvents(user, wardId, groupId) {
  return online(user, `/events${query({ ward_id: wardId, group_id: groupId, limit: 3 })}`);
}
