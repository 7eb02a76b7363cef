// Plans, tasks and campaigns (API.md · "Plans, tasks, campaigns"). The day's and the week's plan
// and the ward's running campaigns are kept on the phone (IndexedDB, one copy per day), so the
// first screen and the logging form work offline with what was last fetched that day.
import { query } from './api.js';
import { cached, online as call } from './client.js';
import { kept } from './snapshots.js';

const pending = new Map();  // the plan requests under way: a second ask waits for the same answer

/**
 * The user's plan for `day` ('YYYY-MM-DD'), or for the 7 days from it with `days: 7`, routed
 * from `position` ({lat, lon}) when given: {data, fetchedAt, fresh}; offline, the copy kept
 * that day. Asks made while the same one is under way share its answer.
 */
export function myPlan(user, day, { days = 1, position = null } = {}) {
  const what = days > 1 ? `plan-week:${day}` : `plan:${day}`;
  const path = `/me/plan${query({ date: day, days: days > 1 ? days : null, lat: position?.lat, lon: position?.lon })}`;
  const key = `${user.id} ${path}`;
  if (!pending.has(key)) {
    pending.set(key, cached(user, what, path).finally(() => pending.delete(key)));
  }
  return pending.get(key);
}

/** The ward's campaigns running on `day` as the phone last kept them: the logging form never
 * waits for the network (with no signal it would wait out the request's timeout). They are
 * fetched again in the background for the next form. */
export async function runningCampaigns(user, day) {
  cached(user, `campaigns:${day}`, `/wards/${user.ward_id}/campaigns${query({ on: day })}`).catch(() => {});
  const listed = await kept(user.id, `campaigns:${day}`);
  if (listed) return listed.data;
  return (await kept(user.id, `plan:${day}`))?.data.campaigns || [];
}

export const assignGroups = (user, wardId, body) => call(user, `/wards/${wardId}/officer-assignments`, { method: 'POST', body });
export const tasks = (user, wardId, status) => call(user, `/wards/${wardId}/tasks${query({ status })}`);
export const createTask = (user, wardId, body) => call(user, `/wards/${wardId}/tasks`, { method: 'POST', body });
export const campaigns = (user, wardId) => call(user, `/wards/${wardId}/campaigns`);
export const createCampaign = (user, wardId, body) => call(user, `/wards/${wardId}/campaigns`, { method: 'POST', body });
export const campaign = (user, id) => call(user, `/campaigns/${id}`);
export const planReport = (user, wardId) => call(user, `/wards/${wardId}/plan-report`);
