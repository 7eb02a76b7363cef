// The phone's database (IndexedDB), opened once. Knows nothing of HTTP or the page.
//
// Stores:
//   kv       small values under string keys: the signed-in session, the device id,
//            each user's sync status ("sync:<userId>") and tokens waiting to be revoked
//   events   the user's own events as the phone knows them (keyPath id, index byUser)
//   outbox   what still has to reach the server, one entry per event (keyPath id, index byUser)
//   areas    each user's ward and residential groups for offline use (keyPath userId)
//
// Upgrades only ever add stores or indexes: an upgrade must never lose an unsent event.
import { openDB } from '../../vendor/idb/index.js';

const NAME = 'outreach';
const VERSION = 1;

let opening = null;

export function openDatabase() {
  opening ||= openDB(NAME, VERSION, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        database.createObjectStore('kv');
        database.createObjectStore('events', { keyPath: 'id' }).createIndex('byUser', 'userId');
        database.createObjectStore('outbox', { keyPath: 'id' }).createIndex('byUser', 'userId');
        database.createObjectStore('areas', { keyPath: 'userId' });
      }
    },
    blocking() {
      // A newer version of the app wants to upgrade the database: let it.
      opening?.then((database) => database.close());
      opening = null;
    },
  });
  return opening;
}

export async function get(store, key) {
  return (await openDatabase()).get(store, key);
}

export async function put(store, value, key) {
  return (await openDatabase()).put(store, value, key);
}

export async function del(store, key) {
  return (await openDatabase()).delete(store, key);
}

export async function allOfUser(store, userId) {
  return (await openDatabase()).getAllFromIndex(store, 'byUser', userId);
}

export async function allKeys(store) {
  return (await openDatabase()).getAllKeys(store);
}

export async function all(store) {
  return (await openDatabase()).getAll(store);
}

/** A read-write transaction over `stores`; `work(tx)` must only await IndexedDB calls. */
export async function write(stores, work) {
  const tx = (await openDatabase()).transaction(stores, 'readwrite');
  const result = await work(tx);
  await tx.done;
  return result;
}
