// The events area's client (API.md · events): sending the outbox, and what the phone keeps for
// offline use (the user's wards, their groups, their recent events). Online only: sync.js keeps
// the answers in IndexedDB itself.
import { query } from './api.js';
import { online } from './client.js';

export function sendEvents(user, events, deviceId, outboxSize) {
  // X-Outbox-Size: how many events wait on this phone, for the operators' figures.
  const headers = { 'X-Outbox-Size': String(outboxSize ?? events.length) };
  if (deviceId) headers['X-Device-Id'] = deviceId;
  return online(user, '/events/sync', { method: 'POST', body: { events }, timeoutMs: 60000, headers });
}

export const wards = (user) => online(user, '/wards');
export const groups = (user, wardId) => online(user, `/wards/${wardId}/groups`);
export const supportPoints = (user, wardId) => online(user, `/wards/${wardId}/support-points`);
export const listEvents = (user, params) => online(user, `/events${query(params)}`);
export const closedMonths = (user, wardId) => online(user, `/wards/${wardId}/closed-months`);
