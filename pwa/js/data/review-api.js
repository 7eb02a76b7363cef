// The review screen's client (API.md · review): the ward's queue and a review. Online only.
import { query } from './api.js';
import { online } from './client.js';

export { groups, users } from './manage-api.js';

export const reviewQueue = (user, wardId, params) => online(user, `/wards/${wardId}/review-queue${query(params)}`);
export const reviewEvent = (user, eventId, body) => online(user, `/events/${encodeURIComponent(eventId)}/review`,
  { method: 'POST', body });
