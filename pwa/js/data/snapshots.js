// The last answers the managers' screens fetched, kept in IndexedDB (store kv) so a dashboard
// opens offline with the figures it last showed and the time they were fetched (client.cached
// fetches and keeps them).
//
// Keys are per user ("snap:<userId>:<what>"), so one user's figures never show for another on a
// shared phone; a user keeps at most MAX_KEPT snapshots, the least recently fetched dropped first.
import * as db from './db.js';

const MAX_KEPT = 24;

const indexKey = (userId) => `snap-index:${userId}`;
const snapKey = (userId, what) => `snap:${userId}:${what}`;

/** The kept copy of `what` ({data, fetchedAt}), or null. */
export async function kept(userId, what) {
  return (await db.get('kv', snapKey(userId, what))) ?? null;
}

/** Keep `value` ({data, fetchedAt}) as `what`, dropping the user's oldest copy beyond MAX_KEPT. */
export async function keep(userId, what, value) {
  await db.put('kv', value, snapKey(userId, what));
  const index = ((await db.get('kv', indexKey(userId))) || []).filter((w) => w !== what);
  index.push(what);
  while (index.length > MAX_KEPT) await db.del('kv', snapKey(userId, index.shift()));
  await db.put('kv', index, indexKey(userId));
}

/** The user's choices on these screens (period, map measure), kept across visits. */
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
