// The review screen's client (API.md · review): the ward's queue and a review, online only; and
// the count on "Duyệt" of what waits for review, kept for offline like the managers' figures.
import { query } from './api.js';
import { announce } from './changes.js';
import { cached, online } from './client.js';

export { groups, users } from './manage-api.js';

export const reviewQueue = (user, wardId, params) => online(user, `/wards/${wardId}/review-queue${query(params)}`);
/** Accept or return an event; the count on "Duyệt" is then fetched again. */
export async function reviewEvent(user, eventId, body) {
  const updated = await online(user, `/events/${encodeURIComponent(eventId)}/review`, { method: 'POST', body });
  announce('review');
  return updated;
}

/**
 * How many of the ward's events of the last 30 days carry a data-quality signal and are not
 * reviewed yet: what "Duyệt" opens on (its default filters). The last count when offline.
 */
export async function waitingForReview(user, wardId) {
  const path = `/wards/${wardId}/review-queue${query({ review_status: 'none', reason: 'any', limit: 1 })}`;
  const { data } = await cached(user, `review-waiting:${wardId}`, path);
  return data.counts.any;
}
