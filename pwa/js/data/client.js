// What every area's data client is built on: a call under the signed-in user's tokens (refreshed
// once on a 401; never sent under another user's account), and for what a screen shows offline,
// the last answer kept on the phone with the time it was fetched.
import { ApiError, request } from './api.js';
import { keep, kept } from './snapshots.js';
import { LoginRequired, authedAs, currentSession } from './session.js';

/** One call as `user`; resolves to the answer's JSON. Throws ApiError, NetworkError, LoginRequired. */
export function online(user, path, options = {}) {
  return authedAs(user.id, (token) => request(path, { ...options, token }));
}

/**
 * GET `path` as `user`, kept under the name `what`: on success keep it and return {data,
 * fetchedAt, fresh: true}. When there is no answer (offline, server down) return the kept copy
 * with fresh: false and the error; with no kept copy, throw. An error answer from the server
 * (403, 422) is thrown as is.
 */
export async function cached(user, what, path, options = {}) {
  try {
    const data = await online(user, path, options);
    const fetchedAt = Date.now();
    // An answer arriving after its user signed out is shown to nobody and kept nowhere.
    if ((await currentSession())?.user.id !== user.id) throw new LoginRequired();
    await keep(user.id, what, { data, fetchedAt });
    return { data, fetchedAt, fresh: true };
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const copy = await kept(user.id, what);
    if (!copy) throw error;
    return { ...copy, fresh: false, error };
  }
}
