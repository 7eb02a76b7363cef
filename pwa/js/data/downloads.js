// Files from the API that need the bearer token (reports, exports): fetched with the
// Authorization header, then handed to the browser as a Blob link. Nothing here touches the page
// but the short-lived link.
import { ApiError, BASE, NetworkError } from './api.js';
import { authedAs } from './session.js';

// A report or an export is made before the server answers: wait that long for the answer to begin
// (not for the whole file, which may take minutes on a slow line once it is coming).
const ANSWER_TIMEOUT_MS = 60000;

/** GET `path` as the signed-in user `userId` → {blob, name}; ApiError / NetworkError as api.js. */
export function fetchFile(userId, path, fallbackName) {
  return authedAs(userId, async (token) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), ANSWER_TIMEOUT_MS);
    let response;
    try {
      response = await fetch(BASE + path, {
        headers: { Authorization: `Bearer ${token}` }, cache: 'no-store', credentials: 'omit',
        signal: controller.signal,
      });
    } catch (error) {
      throw new NetworkError(error?.message || 'network error');
    } finally {
      clearTimeout(timer);
    }
    if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
    try {
      return { blob: await response.blob(), name: fileName(response) || fallbackName };
    } catch (error) {
      throw new NetworkError(error?.message || 'download cut off');  // the line dropped mid-file
    }
  });
}

function fileName(response) {
  const header = response.headers.get('Content-Disposition') || '';
  const match = /filename="?([^";]+)"?/.exec(header);
  return match ? match[1] : null;
}

/** Save a blob under `name` (the browser's download). */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/**
 * Show a printable page in a new tab. The tab is opened at once, inside the tap, so that the
 * browser does not block it; the page arrives when its download ends. Where no tab may be
 * opened (some installed apps), the page is saved as a file instead.
 */
export async function openPrintable(userId, path, fallbackName) {
  const tab = window.open('', '_blank');
  try {
    const { blob, name } = await fetchFile(userId, path, fallbackName);
    const url = URL.createObjectURL(new Blob([blob], { type: 'text/html' }));
    if (tab && !tab.closed) {
      tab.location.href = url;
    } else {
      saveBlob(blob, name);
    }
    setTimeout(() => URL.revokeObjectURL(url), 120000);
  } catch (error) {
    if (tab) tab.close();
    throw error;
  }
}
