// When the phone talks to the server: send the outbox, then refresh what it keeps for offline
// use (the ward, its groups, the user's recent events). Runs on start-up, on `online`, when the
// app comes back to the screen, on a timer, when the service worker asks, and on the "Đồng bộ
// ngay" button. Events refused because their month was closed go again once it is reopened.
import { loadAreas, saveAreas } from './areas.js';
import { announce, changes } from './changes.js';
import * as eventsApi from './events-api.js';
import { mergeFromServer, pruneSent } from './events.js';
import * as outbox from './outbox.js';
import { LoginRequired, currentSession, deviceId, revokePending, withLock } from './session.js';

export const KEEP_SENT_DAYS = 60;
const PULL_EVERY_MS = 10 * 60 * 1000;
const TICK_MS = 30 * 1000;
const MAX_PAGES = 20;
const DAY_MS = 24 * 60 * 60 * 1000;

let running = null;
let queued = null;
let retryTimer = null;

export function isSyncing() {
  return running !== null;
}

/**
 * One sync run. `manual` (the button) and `force` (start-up, back online) skip the back-off
 * wait. Resolves to {ok, sent?, skipped?, loginRequired?, error?}; never rejects.
 */
export function syncNow(options = {}) {
  if (running && (options.manual || options.force)) {
    // Asked for on purpose (a sign-in, the button, back online) while a run is under way: that
    // run may be another user's or may have started before the change; run once more after it.
    if (!queued) queued = running.then(() => { queued = null; return syncNow(options); });
    return queued;
  }
  if (!running) {
    announce('syncing');
    running = withLock('outreach-sync', () => run(options)).finally(() => {
      running = null;
      announce('sync');
    });
  }
  return running;
}

async function run({ manual = false, force = false }) {
  const session = await currentSession();
  if (!session) return { ok: false, skipped: 'signed-out' };
  if (session.needsLogin) return { ok: false, loginRequired: true };
  const userId = session.user.id;
  const state = await outbox.syncState(userId);
  const { waiting } = await outbox.counts(userId);
  if (!manual && !force && Date.now() < outbox.retryAt(state, waiting)) return { ok: false, skipped: 'backoff' };
  const pullDue = manual || force || !state.lastPullAt || Date.now() - state.lastPullAt > PULL_EVERY_MS;
  if (!waiting && !pullDue) return { ok: true, skipped: 'nothing' };
  try {
    if (pullDue) await takeBackReopened(session.user);
    const device = await deviceId();
    const summary = await outbox.flush(userId, async (payloads) => (
      await eventsApi.sendEvents(session.user, payloads, device, waiting)).results);
    // A refusal may mean the ward changed (a group moved away): fetch its groups now too.
    const pulled = pullDue || summary.refused > 0;
    if (pulled) await pull(session.user);
    await outbox.recordSuccess(userId, { pulled });
    revokePending().catch(() => {});
    return { ok: true, ...summary };
  } catch (error) {
    if (error instanceof LoginRequired) return { ok: false, loginRequired: true };
    const next = await outbox.recordFailure(userId, error);
    scheduleRetry(next.nextAttemptAt);
    return { ok: false, error };
  }
}

/** Events refused because their month was closed go again, unedited, once it is reopened. */
async function takeBackReopened(user) {
  if (!user.ward_id || !(await outbox.heldAsClosed(user.id))) return;
  const { months } = await eventsApi.closedMonths(user, user.ward_id);
  await outbox.releaseReopened(user.id, months);
}

function scheduleRetry(at) {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => syncNow(), Math.max(0, at - Date.now()) + 50);
}

/** Fetch the ward, its groups and the user's recent events; store them for offline use. */
export async function pull(user) {
  const wards = await eventsApi.wards(user);
  const kept = await loadAreas(user.id);
  let groups = kept?.groups || [];
  let points = kept?.points || [];
  if (user.ward_id) {
    groups = await eventsApi.groups(user, user.ward_id);
    points = await eventsApi.supportPoints(user, user.ward_id);
  }
  await saveAreas(user.id, wards, groups, points);
  if (!user.ward_id || !['officer', 'volunteer', 'commander'].includes(user.role)) return;
  const askedAt = Date.now();
  const since = askedAt - KEEP_SENT_DAYS * DAY_MS;
  const from = new Date(since).toISOString();
  const items = [];
  let cursor;
  let complete = false;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const answer = await eventsApi.listEvents(user, { user_id: user.id, from, limit: 500, cursor });
    items.push(...answer.items);
    cursor = answer.next_cursor;
    if (!cursor) {
      complete = true;
      break;
    }
  }
  await mergeFromServer(user.id, items, since, complete, askedAt);
  await pruneSent(user.id, KEEP_SENT_DAYS);
}

/** Sync now, when back online, when the app comes back to the screen, and every half minute. */
export function startAutoSync() {
  window.addEventListener('online', () => retryAtOnce({ force: true }));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') retryAtOnce();
  });
  setInterval(() => syncNow(), TICK_MS);
  changes.addEventListener('change', (event) => {
    // A change logged here goes out at once unless the server is being given a rest.
    if (event.detail.what !== 'outbox' || event.detail.remote) return;
    if (running) running.then(() => syncNow());
    else syncNow();
  });
  return syncNow({ force: true });
}

/** Back online or back on the screen: no back-off wait (the server may well be back too). */
async function retryAtOnce(options = {}) {
  const session = await currentSession();
  if (session) await outbox.clearBackoff(session.user.id);
  return syncNow(options);
}

/** What the screens show about syncing, for the signed-in user. */
export async function syncStatus(userId) {
  const [counts, state] = await Promise.all([outbox.counts(userId), outbox.syncState(userId)]);
  return { ...counts, ...state, retryAt: outbox.retryAt(state, counts.waiting), syncing: running !== null };
}
