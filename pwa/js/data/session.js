// Who is signed in on this phone, their tokens, and refreshing them. Kept in IndexedDB so a
// reload or a browser restart keeps the user signed in; nothing here blocks working offline.
import * as api from './api.js';
import * as db from './db.js';

const KEY = 'session';
const REVOKE_KEY = 'revoke';

/** The refresh token is dead too: the user must sign in again (nothing unsent is lost). */
export class LoginRequired extends Error {}

/** Run `work` under a lock shared by every tab of the app (or alone where locks are missing). */
export function withLock(name, work) {
  return navigator.locks ? navigator.locks.request(name, work) : work();
}

export async function currentSession() {
  return (await db.get('kv', KEY)) ?? null;
}

export async function deviceId() {
  let id = await db.get('kv', 'device-id');
  if (!id) {
    id = crypto.randomUUID();
    await db.put('kv', id, 'device-id');
  }
  return id;
}

/**
 * Sign in online; returns the new session, with `enrolment` (QR code, secret) when the user must
 * enrol a second factor first (kept in memory only). Throws api.ApiError (401: wrong credentials,
 * or errors.totp = ['required'] when a one-time code is needed).
 */
export async function signIn(username, password, totp) {
  const answer = await api.login(username, password, totp);
  const session = {
    user: answer.user, accessToken: answer.access_token, refreshToken: answer.refresh_token,
    needsLogin: false, since: new Date().toISOString(),
  };
  await db.put('kv', session, KEY);
  return { ...session, enrolment: answer.totp_enrolment || null };
}

/** Forget the session on this phone at once (works offline); the server is told when it can be. */
export async function signOut() {
  const session = await currentSession();
  if (!session) return null;
  await db.del('kv', KEY);
  const pending = (await db.get('kv', REVOKE_KEY)) || [];
  await db.put('kv', [...pending, session.refreshToken], REVOKE_KEY);
  revokePending().catch(() => {});
  return session.user;
}

/** End on the server the logins signed out of while offline. */
export async function revokePending() {
  return withLock('outreach-revoke', async () => {
    for (const token of (await db.get('kv', REVOKE_KEY)) || []) {
      try {
        await api.logout(token);
      } catch (error) {
        if (error instanceof api.NetworkError) return;  // try again when back online
      }
      const left = ((await db.get('kv', REVOKE_KEY)) || []).filter((t) => t !== token);
      await db.put('kv', left, REVOKE_KEY);
    }
  });
}

/**
 * Call `request(accessToken)` with the tokens of user `userId`; on 401 refresh them once and call
 * again. If another user is signed in now, nothing is sent: one user's data never travels
 * under another's account.
 */
export async function authedAs(userId, request) {
  const session = await currentSession();
  if (!session || session.needsLogin || session.user.id !== userId) throw new LoginRequired();
  try {
    return await request(session.accessToken);
  } catch (error) {
    if (!(error instanceof api.ApiError) || error.status !== 401) throw error;
  }
  return request(await refreshed(session));
}

function refreshed(stale) {
  return withLock('outreach-refresh', async () => {
    const session = await currentSession();
    if (!session || session.user.id !== stale.user.id || session.needsLogin) throw new LoginRequired();
    if (session.accessToken !== stale.accessToken) return session.accessToken;  // another tab did it
    let pair;
    try {
      pair = await api.refresh(session.refreshToken);
    } catch (error) {
      if (error instanceof api.ApiError && [401, 403, 422].includes(error.status)) {
        await db.put('kv', { ...session, needsLogin: true }, KEY);
        throw new LoginRequired();
      }
      throw error;
    }
    await db.put('kv', { ...session, accessToken: pair.access_token, refreshToken: pair.refresh_token }, KEY);
    return pair.access_token;
  });
}
