// The ward a manager is looking at, one for every screen (Tổng quan, bản đồ, Quản lý, Duyệt,
// Báo cáo): a commander's own; an admin's last choice, kept on this phone per user (IndexedDB,
// store kv) so another user signing in here starts from their own, and on the server (the user's
// last_ward_id), since signing out forgets it on the phone.
import { rememberLastWard } from './account-api.js';
import { announce } from './changes.js';
import { cached } from './client.js';
import * as db from './db.js';

const key = (userId) => `ward:${userId}`;

/** The wards the user may see, sorted by name (kept for offline use). */
export async function visibleWards(user) {
  const { data } = await cached(user, 'wards', '/wards');
  return [...data].sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

/**
 * The id of the ward to show: an admin's choice on this phone, else the one they chose last
 * anywhere (as the server had it at sign-in; the caller checks it is still among their wards),
 * or null when they have never chosen one.
 */
export async function chosenWardId(user) {
  if (user.role !== 'admin') return user.ward_id ?? null;
  return (await db.get('kv', key(user.id))) ?? user.last_ward_id ?? null;
}

/** Keep the choice on this phone and tell the server when online (offline: it is not told). */
export async function chooseWard(user, wardId) {
  await db.put('kv', Number(wardId), key(user.id));
  announce('ward');
  rememberLastWard(user, Number(wardId)).catch(() => {});
}

/** Sign-out on a shared phone: the next user does not start from this user's ward. */
export async function forgetChosenWard(userId) {
  await db.del('kv', key(userId));
}
