// The last answers the managers' screens fetched, kept in IndexedDB (store kv) so a dashboard
// opens offline with the figures it last showed and the time they were fetched.
//
// Keys are per user ("snap:<userId>:<what>"), so one user's figures never show for another on a
// shared phone; a user keeps at most MAX_KEPT snapshots, the least recently fetched dropped first.
import * as api from './api.js';
import * as db from './db.js';
import { LoginRequired, authedAs, currentSession } from './session.js';

const MAX_KEPT = 24;

const indexKey = (userId) => `snap-index:${userId}`;
const snapKey = (userId, what) => `snap:${userId}:${what}`;

/**
 * Fetch `what` with `request(token)`; on success keep it and return {data, fetchedAt, fresh: true}.
 * When there is no answer (offline, server down) return the kept copy with fresh: false and the
 * error; with no kept copy, throw. An error answer from the server (403, 422) is thrown as is.
 */
export async function fetchKept(user, what, request) {
  try {
    const data = await authedAs(user.id, request);
    const fetchedAt = Date.now();
    // An answer arriving after its user signed out is shown to nobody and kept nowhere.
    if ((await currentSession())?.user.id !== user.id) throw new LoginRequired();
    await keep(user.id, what, { data, fetchedAt });
    return { data, fetchedAt, fresh: true };
  } catch (error) {
    if (error instanceof api.ApiError) throw error;
    const kept = await db.get('kv', snapKey(user.id, what));
    if (!kept) throw error;
    return { ...kept, fresh: false, error };
  }
}

/** The kept copy of `what`, or null. */
export async function kept(userId, what) {
  return (await db.get('kv', snapKey(userId, what))) ?? null;
}

async function keep(userId, what, value) {
  await db.put('kv', value, snapKey(userId, what));
  const index = ((await db.get('kv', indexKey(userId))) || []).filter((w) => w !== what);
  index.push(what);
  while (index.length > MAX_KEPT) await db.del('kv', snapKey(userId, index.shift()));
  await db.put('kv', index, indexKey(userId));
}

/** The user's choices on these screens (period, ward, map measure), kept across visits. */
export async function loadView(userId) {
  return (await db.get('kv', `view:${userId}`)) || {};
}

export async function saveView(userId, view) {
  await db.put('kv', view, `view:${userId}`);
}

/**
 * Sign-out on a shared phone: drop every figure, map and choice the user's screens kept, and
 * their sync state when nothing of theirs waits to be sent (`syncState`).
 */
export async function forgetUser(userId, { syncState = false } = {}) {
  const exact = [indexKey(userId), `view:${userId}`, ...(syncState ? [`sync:${userId}`] : [])];
  for (const key of await db.allKeys('kv')) {
    if (exact.includes(key) || String(key).startsWith(`snap:${userId}:`)) await db.del('kv', key);
  }
}
