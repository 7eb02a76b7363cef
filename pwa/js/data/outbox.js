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
// While events wait to be sent, the server is asked again at least every half minute or so: an
// outage usually ends without the phone noticing (no `online` event), and the officer should not
// have to press "Đồng bộ ngay".
const MAX_WAITING_DELAY_MS = 30 * 1000;
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
    const next = { ...record, rev, state: 'pending', errors: null, server: null, successors: null,
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
    if (record) {
      await events.put({ ...record, state: 'rejected', errors: result.errors || {},
        successors: result.successor_ids || null });
    }
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

// ---- months reopened ----------------------------------------------------------------------------

const vnDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });
const vnMonth = (iso) => vnDay.format(new Date(iso)).slice(0, 7);

/** Whether the server refused the record because its month was closed (chốt số liệu). */
function refusedAsClosed(record) {
  return record?.state === 'rejected' && Boolean(record.errors?.occurred_at?.includes('period_closed'));
}

/** The months (YYYY-MM, Vietnamese calendar) a change of the record writes into. */
function monthsTouched(record) {
  return [record.fields?.occurred_at, record.acked?.occurred_at].filter(Boolean).map(vnMonth);
}

/** Whether some of the user's entries are held because their month was closed. */
export async function heldAsClosed(userId) {
  const held = (await db.allOfUser('outbox', userId)).filter((e) => e.held === 'rejected');
  const records = await Promise.all(held.map((e) => db.get('events', e.id)));
  return records.some(refusedAsClosed);
}

/**
 * Entries refused `period_closed` whose months are all open now (`closedMonths`: the ward's
 * months closed now, YYYY-MM) wait to be sent again, unchanged. Returns how many.
 */
export async function releaseReopened(userId, closedMonths) {
  const closed = new Set(closedMonths);
  const released = await db.write(['events', 'outbox'], async (tx) => {
    const stores = { events: tx.objectStore('events'), outbox: tx.objectStore('outbox') };
    const held = (await stores.outbox.index('byUser').getAll(userId)).filter((e) => e.held === 'rejected');
    let count = 0;
    for (const entry of held) {
      const record = await stores.events.get(entry.id);
      if (!refusedAsClosed(record) || monthsTouched(record).some((m) => closed.has(m))) continue;
      await stores.outbox.put({ ...entry, held: null });
      await stores.events.put({ ...record, state: 'pending', errors: null });
      count += 1;
    }
    return count;
  });
  if (released) announce('outbox');
  return released;
}

function contentOf(payload) {
  const content = {};
  for (const name of CONTENT_FIELDS) content[name] = payload[name] ?? null;
  return content;
}

// ---- retry policy -----------------------------------------------------------------------------

/** Exponential back-off with jitter: 5 s, 10 s, 20 s … capped at 30 s while events wait (5 min
 * when nothing does), each ±25 %. */
export function retryDelay(failures, random = Math.random, waiting = true) {
  const cap = waiting ? MAX_WAITING_DELAY_MS : MAX_DELAY_MS;
  const ceiling = Math.min(cap, FIRST_DELAY_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling * (0.75 + random() * 0.5));
}

/** When the server may be asked again (0: now). Once events wait, never later than the capped
 * wait after the last failure, even when that failure set a longer one (nothing waited then). */
export function retryAt(state, waiting) {
  const at = state.nextAttemptAt || 0;
  if (!waiting || !at) return at;
  return Math.min(at, (state.lastFailureAt || 0) + MAX_WAITING_DELAY_MS * 1.25);
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
  const { waiting } = await counts(userId);
  const next = { ...state, failures, lastError: error?.message || String(error),
    lastFailureAt: Date.now(), nextAttemptAt: Date.now() + retryDelay(failures, Math.random, waiting > 0) };
  await db.put('kv', next, `sync:${userId}`);
  announce('sync');
  return next;
}

export async function clearBackoff(userId) {
  const state = await syncState(userId);
  await db.put('kv', { ...state, nextAttemptAt: 0 }, `sync:${userId}`);
}
