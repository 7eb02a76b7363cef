// The outbox (DESIGN.md §4): every change the server has not acknowledged, kept per user, and
// the retry policy. An entry leaves only on a created / updated / unchanged answer; a refused or
// conflicting one is held (not resent) until the user fixes it, keeps theirs or discards it.
//
// Entry: {id (the event's), userId, payload (what /events/sync gets), rev (bumped on every local
// change), queuedAt, attempts, held: null | 'rejected' | 'conflict'}.
import { announce } from './changes.js';
import * as db from './db.js';
import { CONTENT_FIELDS, COUNT_FIELDS } from './event-fields.js';

export const BATCH_SIZE = 500;
const FIRST_DELAY_MS = 5000;
const MAX_DELAY_MS = 5 * 60 * 1000;
const ACKED = new Set(['created', 'updated', 'unchanged']);

/** What the server is sent for a local event record. */
export function payloadOf(record) {
  const payload = { id: record.id };
  if (record.deleted) {
    payload.deleted = true;
  } else {
    for (const name of CONTENT_FIELDS) payload[name] = record.fields[name] ?? null;
    for (const name of COUNT_FIELDS) payload[name] = record.fields[name] || 0;
    payload.duration_min = record.fields.duration_min || 0;
  }
  if (record.version) payload.base_version = record.version;
  return payload;
}

/** Store the record and queue it, in one transaction: the phone never holds one without the other. */
export async function enqueue(record) {
  const saved = await db.write(['events', 'outbox'], async (tx) => {
    const outbox = tx.objectStore('outbox');
    const previous = await outbox.get(record.id);
    // rev grows with every change of the event on this phone (kept on the record too, so it
    // outlives the entry) and goes with the upload: the server tells a late copy of an earlier
    // upload from a new change by it.
    const rev = Math.max(previous?.rev || 0, record.rev || 0) + 1;
    const next = { ...record, rev, state: 'pending', errors: null, server: null,
      updatedAt: new Date().toISOString() };
    await tx.objectStore('events').put(next);
    await outbox.put({
      id: record.id, userId: record.userId, payload: { ...payloadOf(next), rev }, rev,
      queuedAt: previous?.queuedAt || Date.now(), attempts: previous?.attempts || 0, held: null,
    });
    return next;
  });
  announce('outbox');
  return saved;
}

export async function entryOf(id) {
  return db.get('outbox', id);
}

/** Entries of one user that can be sent now, oldest first. */
export async function waiting(userId) {
  const entries = await db.allOfUser('outbox', userId);
  return entries.filter((e) => !e.held).sort((a, b) => a.queuedAt - b.queuedAt);
}

export async function counts(userId) {
  const entries = await db.allOfUser('outbox', userId);
  const held = (kind) => entries.filter((e) => e.held === kind).length;
  return { waiting: entries.filter((e) => !e.held).length, refused: held('rejected'),
    conflicts: held('conflict'), total: entries.length,
    oldestQueuedAt: entries.reduce((min, e) => Math.min(min, e.queuedAt), Infinity) };
}

/**
 * Send the user's waiting entries in batches of at most 500 through `send(payloads) → results`,
 * which must use that user's own tokens. Throws when a batch gets no answer; nothing is lost.
 */
export async function flush(userId, send) {
  const entries = await waiting(userId);
  const summary = { sent: 0, accepted: 0, refused: 0, conflicts: 0 };
  for (let start = 0; start < entries.length; start += BATCH_SIZE) {
    const batch = entries.slice(start, start + BATCH_SIZE);
    if (batch.some((e) => e.userId !== userId)) throw new Error('outbox entry of another user');
    await markAttempt(batch);
    const results = await send(batch.map((e) => e.payload));
    if (!Array.isArray(results) || results.length !== batch.length) {
      throw new Error('sync answer does not match the batch');
    }
    const done = await settle(batch, results);
    for (const key of Object.keys(done)) summary[key] += done[key];
    summary.sent += batch.length;
    announce('outbox');
  }
  return summary;
}

async function markAttempt(batch) {
  await db.write(['outbox'], async (tx) => {
    const store = tx.objectStore('outbox');
    for (const sent of batch) {
      const entry = await store.get(sent.id);
      if (entry) await store.put({ ...entry, attempts: entry.attempts + 1, lastAttemptAt: Date.now() });
    }
  });
}

/** Apply the server's answers to the records and the outbox, in one transaction. */
async function settle(batch, results) {
  return db.write(['events', 'outbox'], async (tx) => {
    const stores = { events: tx.objectStore('events'), outbox: tx.objectStore('outbox') };
    const done = { accepted: 0, refused: 0, conflicts: 0 };
    for (let i = 0; i < batch.length; i += 1) {
      const outcome = await settleOne(stores, batch[i], results[i]);
      if (outcome) done[outcome] += 1;
    }
    return done;
  });
}

async function settleOne({ events, outbox }, sent, result) {
  if (!result || result.id !== sent.id) return null;  // not an answer to this entry: retry it
  const entry = await outbox.get(sent.id);
  const record = await events.get(sent.id);
  const changedSince = entry && entry.rev !== sent.rev;
  if (ACKED.has(result.status)) {
    if (sent.payload.deleted) {
      await outbox.delete(sent.id);
      await events.delete(sent.id);
    } else if (changedSince) {
      // Edited while this upload was on its way: the edit now builds on the acknowledged version.
      await outbox.put({ ...entry, payload: { ...entry.payload, base_version: result.version } });
      if (record) await events.put({ ...record, version: result.version, acked: contentOf(sent.payload) });
    } else {
      if (entry) await outbox.delete(sent.id);
      if (record) {
        await events.put({ ...record, state: 'sent', version: result.version, errors: null,
          server: null, acked: contentOf(sent.payload), sentAt: new Date().toISOString() });
      }
    }
    return 'accepted';
  }
  if (result.status === 'rejected') {
    if (sent.payload.deleted && result.errors?.id?.includes('not_found')) {
      // A deletion of an event that never reached the server: nothing left to do anywhere.
      await outbox.delete(sent.id);
      await events.delete(sent.id);
      return 'accepted';
    }
    if (changedSince) return null;  // the user already changed it: send the new content
    if (entry) await outbox.put({ ...entry, held: 'rejected' });
    if (record) await events.put({ ...record, state: 'rejected', errors: result.errors || {} });
    return 'refused';
  }
  if (result.status === 'conflict') {
    // An answer to an upload already replaced by a later change: that change has its own answer.
    if (!entry || changedSince) return null;
    if (entry) await outbox.put({ ...entry, held: 'conflict' });
    if (record) await events.put({ ...record, state: 'conflict', server: result.server_event || null });
    return 'conflicts';
  }
  return null;
}

function contentOf(payload) {
  const content = {};
  for (const name of CONTENT_FIELDS) content[name] = payload[name] ?? null;
  return content;
}

// ---- retry policy -----------------------------------------------------------------------------

/** Exponential back-off with jitter: 5 s, 10 s, 20 s … capped at 5 min, each ±25 %. */
export function retryDelay(failures, random = Math.random) {
  const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling * (0.75 + random() * 0.5));
}

export async function syncState(userId) {
  return (await db.get('kv', `sync:${userId}`)) || { failures: 0 };
}

export async function recordSuccess(userId, { pulled }) {
  const state = await syncState(userId);
  const now = Date.now();
  await db.put('kv', { ...state, failures: 0, nextAttemptAt: 0, lastError: null, lastSuccessAt: now,
    lastPullAt: pulled ? now : state.lastPullAt }, `sync:${userId}`);
  announce('sync');
}

export async function recordFailure(userId, error) {
  const state = await syncState(userId);
  const failures = (state.failures || 0) + 1;
  const next = { ...state, failures, lastError: error?.message || String(error),
    lastFailureAt: Date.now(), nextAttemptAt: Date.now() + retryDelay(failures) };
  await db.put('kv', next, `sync:${userId}`);
  announce('sync');
  return next;
}

export async function clearBackoff(userId) {
  const state = await syncState(userId);
  await db.put('kv', { ...state, nextAttemptAt: 0 }, `sync:${userId}`);
}
