// The dashboard's and the province view's client (API.md · metrics): every answer is kept on the
// phone, so the screens open offline with the figures they last showed ({data, fetchedAt, fresh}).
import { query } from './api.js';
import { cached } from './client.js';

export function wardMetrics(user, wardId, range) {
  return cached(user, `metrics:${wardId}:${range.from}:${range.to}`, `/wards/${wardId}/metrics${query(range)}`);
}

export function filingStats(user, wardId, range) {
  return cached(user, `filing:${wardId}:${range.from}:${range.to}`, `/wards/${wardId}/filing-stats${query(range)}`);
}

/** The province's wards ranked for `month` ('YYYY-MM'), or for the latest month with figures. */
export function provinceRanking(user, month) {
  return cached(user, `ranking:${user.province_id}:${month || 'latest'}`,
    `/provinces/${user.province_id}/ranking${query({ month })}`);
}

/** What each support point, QR board and platform yielded in `range` (API.md · Support points). */
export function wardChannels(user, wardId, range) {
  return cached(user, `channels:${wardId}:${range.from}:${range.to}`, `/wards/${wardId}/channels${query(range)}`);
}
