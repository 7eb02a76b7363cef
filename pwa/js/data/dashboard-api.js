// The dashboard's and the province view's client (API.md · metrics): every answer is kept on the
// phone, so the screens open offline with the figures they last showed ({data, fetchedAt, fresh}).
import { query } from './api.js';
import { cached, online } from './client.js';

export function wardMetrics(user, wardId, range) {
  return cached(user, `metrics:${wardId}:${range.from}:${range.to}`, `/wards/${wardId}/metrics${query(range)}`);
}

export function filingStats(user, wardId, range) {
  return cached(user, `filing:${wardId}:${range.from}:${range.to}`, `/wards/${wardId}/filing-stats${query(range)}`);
}

/** The province's wards ranked for `month` ('YYYY-MM'), or for the latest month with figures;
 * of one service group (`group`), or all together. */
export function provinceRanking(user, month, group) {
  return cached(user, `ranking:${user.province_id}:${month || 'latest'}:${group || 'all'}`,
    `/provinces/${user.province_id}/ranking${query({ month, service_group: group })}`);
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
