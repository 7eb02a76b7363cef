// The dashboard's and the province view's client (API.md · metrics): every answer is kept on the
// phone, so the screens open offline with the figures they last showed ({data, fetchedAt, fresh}).
import { query } from './api.js';
import { cached, online } from './client.js';

export function wardMetrics(user, wardId, range) {
  return cached(user, `metrics:${wardId}:${range.from}:${range.to}`, `/wards/${wardId}/metrics${query(range)}`);
}

/** One ward (its name, province): the national desk's drill-in, which has no list of wards. */
export function wardById(user, wardId) {
  return cached(user, `ward:${wardId}`, `/wards/${wardId}`);
}

export function filingStats(user, wardId, range) {
  return cached(user, `filing:${wardId}:${range.from}:${range.to}`, `/wards/${wardId}/filing-stats${query(range)}`);
}

/** The province's wards ranked for `month` ('YYYY-MM'), or for the latest month with figures;
 * of one service group (`group`), or all together. */
export function provinceRanking(user, month, group, provinceId = user.province_id) {
  return cached(user, `ranking:${provinceId}:${month || 'latest'}:${group || 'all'}`,
    `/provinces/${provinceId}/ranking${query({ month, service_group: group })}`);
}

/** Import a province's table (CSV or XLSX, as the province prints it) for a month and service
 * group: every line answered. Online only. */
export function importFilingTable(user, file, month, group) {
  const form = new FormData();
  form.append('file', file, file.name || 'bang.csv');
  form.append('month', month);
  form.append('service_group', group);
  return online(user, `/provinces/${user.province_id}/filing-stats/import`, { method: 'POST', form, timeoutMs: 60000 });
}

/** Import a province's level-2 e-ID figures (CSV or XLSX: ward, month, eligible, activated):
 * every line answered. Online only. */
export function importEidTable(user, file) {
  const form = new FormData();
  form.append('file', file, file.name || 'dinh-danh.csv');
  return online(user, `/provinces/${user.province_id}/eid-stats/import`, { method: 'POST', form, timeoutMs: 60000 });
}

/** Every province's rate for `month` (one service group, or all), ranked, with the nation's line. */
export function nationalPicture(user, month, serviceGroup) {
  return cached(user, `national:${month || 'latest'}:${serviceGroup || 'all'}`,
    `/national${query({ month, service_group: serviceGroup })}`);
}

/** What outreach goes with next month's change, across a province's wards (an association). */
export function whatWorks(user, provinceId, month) {
  return cached(user, `what-works:${provinceId}:${month || 'latest'}`,
    `/provinces/${provinceId}/what-works${query({ month })}`);
}

/** What each support point, QR board and platform yielded in `range` (API.md · Support points). */
export function wardChannels(user, wardId, range) {
  return cached(user, `channels:${wardId}:${range.from}:${range.to}`, `/wards/${wardId}/channels${query(range)}`);
}
