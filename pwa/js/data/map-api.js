// The coverage map's client: the ward's groups, its figures (shared with the dashboard), the
// period's event points and the tile setting, each kept for offline use; a group's latest events
// only online.
import { query } from './api.js';
import { cached, online } from './client.js';

export { wardChannels, wardMetrics } from './dashboard-api.js';

export const groups = (user, wardId) => cached(user, `groups:${wardId}`, `/wards/${wardId}/groups`);

export function eventPoints(user, wardId, range) {
  return cached(user, `points:${wardId}:${range.from}:${range.to}`,
    `/wards/${wardId}/event-points${query(range)}`, { timeoutMs: 60000 });
}

export const mapSettings = (user) => cached(user, 'map-settings', '/map-settings');

export function recentEvents(user, wardId, groupId) {
  return online(user, `/events${query({ ward_id: wardId, group_id: groupId, limit: 3 })}`);
}
