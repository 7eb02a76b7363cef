// The user's own events as the phone knows them: logging, editing, deleting, the choices on a
// refused or conflicting event, and keeping the local copy of what the server holds.
//
// Record: {id, userId, fields (the content), deleted (a deletion waiting to be sent),
// version (the last version the server acknowledged, null before), acked (that version's
// content), state: 'pending' | 'sent' | 'rejected' | 'conflict', errors, server (the server's
// copy in a conflict), updatedAt, sentAt, review (the commander's: {status: 'accepted' |
// 'returned', comment, by, at}, or null)}.
import { announce } from './changes.js';
import * as db from './db.js';
import { fieldsFromServer } from './event-fields.js';
import { enqueue, entryOf } from './outbox.js';

const DAY_MS = 24 * 60 * 60 * 1000;

function when(record) {
  return Date.parse(record.fields.occurred_at) || 0;
}

/** The user's events, newest first. Another user's never appear. */
export async function listMine(userId) {
  const records = await db.allOfUser('events', userId);
  return records.sort((a, b) => when(b) - when(a) || (b.updatedAt || '').localeCompare(a.updatedAt || ''));
}

export async function getMine(userId, id) {
  const record = await db.get('events', id);
  return record && record.userId === userId ? record : null;
}

/** A new event, stored on the phone first; its id is made here so a retried upload is recognised. */
export async function logEvent(userId, fields) {
  return enqueue({ id: crypto.randomUUID(), userId, fields, deleted: false, version: null, acked: null });
}

/** An edit of one's own event, online or offline. The server forgets its review on an edit by
 * the author, and so does the phone: a returned event, once corrected, is no longer returned. */
export async function editEvent(record, fields) {
  const same = JSON.stringify(fields) === JSON.stringify(record.fields);
  return enqueue({ ...record, fields, deleted: false, review: same ? record.review ?? null : null });
}

/** Returned by the commander and not yet corrected (a correction waiting to be sent clears it). */
export function isReturned(record) {
  return record.review?.status === 'returned' && record.state === 'sent' && !record.deleted;
}

/** How many of the user's events the commander returned and they have not corrected yet. */
export async function countReturned(userId) {
  return (await db.allOfUser('events', userId)).filter(isReturned).length;
}

/** The commander's review as the server lists it, or null. */
export function reviewOf(item) {
  if (!item?.review_status) return null;
  return { status: item.review_status, comment: item.review_comment || '', by: item.reviewed_by_name || null,
    at: item.reviewed_at || null };
}

/** Delete: an event that never left the phone just goes; otherwise a deletion is queued. */
export async function deleteEvent(record) {
  if (record.state === 'rejected') return discardRefused(record);
  const entry = await entryOf(record.id);
  if (record.version == null && entry && entry.attempts === 0) {
    await removeEverywhere(record.id);
    return null;
  }
  return enqueue({ ...record, deleted: true });
}

/** Give up a refused change: a never-stored event goes, an edit returns to the server's version. */
export async function discardRefused(record) {
  if (record.version == null) {
    await removeEverywhere(record.id);
    return null;
  }
  const restored = { ...record, fields: record.acked || record.fields, deleted: false, state: 'sent',
    errors: null, server: null };
  await db.write(['events', 'outbox'], async (tx) => {
    await tx.objectStore('outbox').delete(record.id);
    await tx.objectStore('events').put(restored);
  });
  announce('events');
  return restored;
}

/** In a conflict, keep the phone's version: resend it on top of the server's. */
export async function keepMine(record) {
  const server = record.server;
  if (server?.deleted && !record.deleted) {
    // The server's copy was deleted and cannot be edited: keep the content as a new event.
    await removeEverywhere(record.id);
    return logEvent(record.userId, record.fields);
  }
  return enqueue({ ...record, version: server ? server.version : record.version });
}

/** In a conflict, take the server's version and drop the phone's change. */
export async function takeServer(record) {
  const server = record.server;
  await db.write(['events', 'outbox'], async (tx) => {
    await tx.objectStore('outbox').delete(record.id);
    if (!server || server.deleted) {
      await tx.objectStore('events').delete(record.id);
      return;
    }
    const fields = fieldsFromServer(server);
    await tx.objectStore('events').put({ ...record, fields, acked: fields, version: server.version,
      deleted: false, state: 'sent', errors: null, server: null, flags: server.flags || [],
      review: reviewOf(server) });
  });
  announce('events');
}

async function removeEverywhere(id) {
  await db.write(['events', 'outbox'], async (tx) => {
    await tx.objectStore('outbox').delete(id);
    await tx.objectStore('events').delete(id);
  });
  announce('events');
}

/**
 * Take in the server's list of the user's events since `since` (ms), asked for at `askedAt` (ms).
 * Events with a change still on the phone are left alone; sent ones the server no longer lists
 * (deleted elsewhere) go when the list was complete — but never one sent after the list was
 * asked for, which the list cannot know about yet.
 */
export async function mergeFromServer(userId, items, since, complete, askedAt = Date.now()) {
  const listed = new Set(items.map((item) => item.id));
  await db.write(['events', 'outbox'], async (tx) => {
    const events = tx.objectStore('events');
    const outbox = tx.objectStore('outbox');
    for (const item of items) {
      const local = await events.get(item.id);
      if (local && (local.userId !== userId || local.state !== 'sent' || await outbox.get(item.id))) continue;
      if (local && local.version > item.version) continue;
      const fields = fieldsFromServer(item);
      await events.put({ ...(local || {}), id: item.id, userId, fields, acked: fields, deleted: false,
        version: item.version, state: 'sent', errors: null, server: null, flags: item.flags || [],
        review: reviewOf(item), sentAt: local?.sentAt || item.updated_at || null });
    }
    if (!complete) return;
    for (const local of await events.index('byUser').getAll(userId)) {
      const sentLater = local.sentAt && Date.parse(local.sentAt) >= askedAt;
      if (local.state === 'sent' && !listed.has(local.id) && when(local) >= since && !sentLater
          && !(await outbox.get(local.id))) {
        await events.delete(local.id);
      }
    }
  });
  announce('events');
}

/** Forget sent events that happened more than `days` ago, so the phone's store stays small. */
export async function pruneSent(userId, days) {
  const cutoff = Date.now() - days * DAY_MS;
  return forgetSent((record) => record.userId === userId && when(record) < cutoff);
}

/** On sign-out / sign-in: forget other users' sent events; their unsent ones stay, unseen. */
export async function forgetSentExcept(userId) {
  return forgetSent((record) => record.userId !== userId);
}

async function forgetSent(matches) {
  let removed = 0;
  await db.write(['events', 'outbox'], async (tx) => {
    const events = tx.objectStore('events');
    for (const record of await events.getAll()) {
      if (record.state === 'sent' && matches(record) && !(await tx.objectStore('outbox').get(record.id))) {
        await events.delete(record.id);
        removed += 1;
      }
    }
  });
  if (removed) announce('events');
  return removed;
}
