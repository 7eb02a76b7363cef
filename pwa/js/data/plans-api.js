// Plans, tasks and campaigns (API.md · "Plans, tasks, campaigns"). The day's plan and the ward's
// running campaigns are kept on the phone (IndexedDB, one copy per day), so the first screen and
// the logging form work offline with what was last fetched that day.
import { query } from './api.js';
import { cached, online as call } from './client.js';
import { kept } from './snapshots.js';

/** The user's plan for `day` ('YYYY-MM-DD'): {data, fetchedAt, fresh}; offline, the copy kept that day. */
export function myPlan(user, day) {
  return cached(user, `plan:${day}`, `/me/plan${query({ date: day })}`);
}

/** The campaigns of the ward running on `day`, as last fetched ([] when never fetched). */
export async function runningCampaigns(user, day) {
  try {
    return (await cached(user, `campaigns:${day}`, `/wards/${user.ward_id}/campaigns${query({ on: day })}`)).data;
  } catch {
    return (await kept(user.id, `plan:${day}`))?.data.campaigns || [];
  }
}

export const tasks = (user, wardId, status) => call(user, `/wards/${wardId}/tasks${query({ status })}`);
export const createTask = (user, wardId, body) => call(user, `/wards/${wardId}/tasks`, { method: 'POST', body });
export const campaigns = (user, wardId) => call(user, `/wards/${wardId}/campaigns`);
export const createCampaign = (user, wardId, body) => call(user, `/wards/${wardId}/campaigns`, { method: 'POST', body });
export const campaign = (user, id) => call(user, `/campaigns/${id}`);
export const planReport = (user, wardId) => call(user, `/wards/${wardId}/plan-report`);
