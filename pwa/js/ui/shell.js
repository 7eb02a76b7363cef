// The frame around every screen: the top bar with the sync state and the "Đồng bộ ngay"
// button, warnings, the role's navigation (at the bottom of a phone, down the side of a desk's
// screen of 1024 px and more) with its counts, and the hash router.
//
// A screen's render(ctx, params) gets ctx = {user, navigate(path), rerender(), onChange(fn),
// signedOut()}; onChange listeners are dropped when the user leaves the screen.
import { changes } from '../data/changes.js';
import { chosenWardId } from '../data/current-ward.js';
import { countReturned } from '../data/events.js';
import { waitingForReview } from '../data/review-api.js';
import { currentSession } from '../data/session.js';
import { startAutoSync, syncNow, syncStatus } from '../data/sync.js';
import { h, replace } from './dom.js';
import { icon } from './icons.js';
import { formatShort, formatTime } from './labels.js';
import { renderLogin } from './login.js';
import { MANAGER_ROLES, homePath, hrefOf, matchPath, navScreens } from './nav.js';
import { showToast } from './toast.js';

const OLD_PENDING_DAYS = 3;
const REVIEW_COUNT_EVERY_MS = 120000;

const title = h('h1', { class: 'topbar-title' }, 'Tuyên truyền Đề án 06');
const statusLine = h('p', { class: 'topbar-status', id: 'sync-status', 'aria-live': 'polite' });
const syncButton = h('button', { type: 'button', class: 'sync-btn', onclick: manualSync }, 'Đồng bộ ngay');
const topbar = h('header', { class: 'topbar' },
  h('div', { class: 'topbar-text' }, title, statusLine), syncButton);
const banners = h('div', { class: 'banners' });
const main = h('main', { id: 'main', class: 'main', tabindex: '-1' });
const bottomNav = h('nav', { class: 'bottomnav', 'aria-label': 'Chuyển màn hình' });

let session = null;
let screenListeners = [];
let routeSeq = 0;
let autoSyncStarted = false;

export async function startShell(root) {
  replace(root, topbar, banners, main, bottomNav);
  window.addEventListener('hashchange', route);
  window.addEventListener('online', updateStatus);
  window.addEventListener('offline', updateStatus);
  changes.addEventListener('change', onDataChange);
  // Leaving a field closes the keyboard: redraw only after the tap that caused it has landed.
  document.addEventListener('focusin', () => (isTextField(document.activeElement) ? onFocus() : later(onFocus)));
  document.addEventListener('focusout', () => later(onFocus));
  // The on-screen keyboard shrinks the window: keep the field being typed in on screen.
  window.addEventListener('resize', () => {
    if (isTextField(document.activeElement)) document.activeElement.scrollIntoView({ block: 'center' });
  });
  setInterval(updateStatus, 30000);
  setInterval(updateReviewCount, REVIEW_COUNT_EVERY_MS);
  await route();
  document.documentElement.dataset.ready = '1';
}

function onDataChange(event) {
  updateStatus();
  if (['review', 'ward'].includes(event.detail.what)) updateReviewCount();
  if (['sync', 'syncing'].includes(event.detail.what) && !event.detail.remote) return;
  for (const listener of screenListeners) listener();
}

function later(fn) {
  setTimeout(fn, 250);
}

function isTextField(el) {
  return Boolean(el) && (el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT'
    && !['button', 'checkbox', 'radio', 'submit'].includes(el.type)));
}

/** Hide the bottom bar while the on-screen keyboard is up, so the form keeps the room. */
function onFocus() {
  document.body.classList.toggle('typing', isTextField(document.activeElement));
}

async function route() {
  const seq = ++routeSeq;
  screenListeners = [];
  session = await currentSession();
  const path = location.hash.replace(/^#\/?/, '');
  if (!session || (path === 'login' && session.needsLogin)) {
    showLogin();
    return;
  }
  startSyncOnce();
  const found = matchPath(path, session.user.role);
  if (!found) {
    location.replace(hrefOf(homePath(session.user.role)));
    return;
  }
  const ctx = screenContext(found.screen);
  let el;
  try {
    const module = await found.screen.load();
    el = await module.render(ctx, found.params);
  } catch (error) {
    // Typically the screen's file could not be loaded: offline before the app was fully saved
    // on the phone. Say so instead of leaving the tap unanswered.
    console.error(error);
    el = h('section', { class: 'screen' },
      h('p', { class: 'notice notice-warn', role: 'alert' }, 'Chưa mở được màn hình này. Nếu đang mất mạng, '
        + 'có thể ứng dụng chưa được lưu đủ trên máy để dùng ngoại tuyến; hãy thử lại khi có mạng.'),
      h('button', { type: 'button', class: 'btn btn-secondary btn-block', onclick: () => route() }, 'Thử lại'));
  }
  if (seq !== routeSeq) return;
  document.body.classList.remove('signed-out');
  title.textContent = found.screen.title;
  document.title = `${found.screen.title} · Tuyên truyền Đề án 06`;
  replace(main, el);
  drawNav(found.screen);
  updateStatus();
  updateReviewCount();
  window.scrollTo(0, 0);
}

function screenContext(screen) {
  return {
    user: session.user,
    screen,
    navigate: (path) => { location.hash = hrefOf(path); },
    rerender: () => route(),
    onChange: (listener) => screenListeners.push(listener),
    signedOut: () => { session = null; location.hash = hrefOf('login'); route(); },
  };
}

function showLogin() {
  const previous = session?.needsLogin ? session : null;  // signs in again; nothing is lost
  document.body.classList.add('signed-out');
  title.textContent = 'Đăng nhập';
  document.title = 'Đăng nhập · Tuyên truyền Đề án 06';
  replace(banners);
  replace(bottomNav);
  replace(main, renderLogin({
    previous,
    onSignedIn: (next) => {
      session = next;
      startSyncOnce();  // the sign-in has just synced
      location.hash = hrefOf(homePath(next.user.role));
      route();
    },
  }));
}

function startSyncOnce() {
  if (!autoSyncStarted) {
    autoSyncStarted = true;
    startAutoSync().then(reportLoginNeeded);
  }
}

function drawNav(active) {
  const current = active.parent || active.id;
  replace(bottomNav, navScreens(session.user.role).map((screen) => h('a', {
    href: hrefOf(screen.path), class: ['navitem', screen.id === current && 'is-active'],
    'aria-current': screen.id === current ? 'page' : null, dataset: { screen: screen.id },
  }, icon(screen.icon), h('span', {}, screen.navLabel), h('span', { class: 'nav-badge', hidden: true }))));
}

/** The count on "Duyệt": events with a signal not reviewed yet in the ward shown (the last count
 * kept when offline; none when an admin has not chosen a ward). */
async function updateReviewCount() {
  const user = session?.user;
  if (!user || !MANAGER_ROLES.includes(user.role)) return;
  const wardId = await chosenWardId(user);
  const count = wardId ? await waitingForReview(user, wardId).catch(() => 0) : 0;
  const badge = bottomNav.querySelector('[data-screen="review"] .nav-badge');
  if (!badge || session?.user.id !== user.id) return;  // signed out or redrawn meanwhile
  badge.textContent = badgeText(count);
  badge.title = `${count} hoạt động có dấu hiệu cần xem, chưa duyệt`;
  badge.hidden = !count;
}

/** A tab's count as it fits the tab: a busy ward's thousands read "99+" (the screen has the number). */
function badgeText(count) {
  return count > 99 ? '99+' : String(count);
}

async function manualSync() {
  if (!session) return;
  syncButton.disabled = true;
  const result = await syncNow({ manual: true });
  syncButton.disabled = false;
  if (result.loginRequired) {
    reportLoginNeeded(result);
  } else if (result.ok) {
    const status = await syncStatus(session.user.id);
    const attention = status.refused + status.conflicts;
    showToast(attention ? `Đã đồng bộ. ${attention} hoạt động cần bạn xử lý.` : 'Đã đồng bộ xong.',
      { kind: attention ? 'warn' : 'ok', id: 'sync' });
  } else if (result.error) {
    showToast('Chưa kết nối được máy chủ. Hoạt động vẫn nằm an toàn trên máy và sẽ tự gửi lại.',
      { kind: 'warn', id: 'sync' });
  }
}

function reportLoginNeeded(result) {
  if (result?.loginRequired) updateStatus();
}

async function updateStatus() {
  if (!session) return;
  const current = (await currentSession()) || session;
  if (!session) return;  // signed out while the phone's store was read
  session = current;
  const [status, returned] = await Promise.all([  // returned: by the commander, to correct
    syncStatus(current.user.id), countReturned(current.user.id)]);
  if (!session) return;  // every await above may end after a sign-out
  const parts = [];
  if (!navigator.onLine) parts.push('Ngoại tuyến');
  if (status.syncing) parts.push('Đang đồng bộ…');
  if (status.waiting) parts.push(`${status.waiting} chờ gửi`);
  const attention = status.refused + status.conflicts;
  if (attention) parts.push(`${attention} cần xử lý`);
  if (!status.total) parts.push('Đã gửi hết');  // only when nothing is left in the outbox
  if (status.failures > 0 && navigator.onLine) parts.push(failureText(status));
  parts.push(status.lastSuccessAt ? `Đồng bộ ${formatShort(status.lastSuccessAt)}` : 'Chưa đồng bộ');
  statusLine.textContent = parts.join(' · ');
  statusLine.dataset.waiting = String(status.waiting);
  statusLine.dataset.syncing = String(status.syncing);  // for tests and for styles
  if (status.lastSuccessAt) statusLine.dataset.lastSuccess = String(status.lastSuccessAt);
  else delete statusLine.dataset.lastSuccess;
  topbar.classList.toggle('is-offline', !navigator.onLine);
  const badge = bottomNav.querySelector('[data-screen="events"] .nav-badge');
  if (badge) {
    badge.textContent = badgeText(status.waiting + attention + returned);
    badge.hidden = !(status.waiting + attention + returned);
    badge.classList.toggle('nav-badge-alert', attention + returned > 0);
  }
  drawBanners(status, returned);
}

/** "Chưa kết nối được máy chủ", and when the phone tries again while events wait. */
function failureText(status) {
  const later = status.waiting > 0 && status.retryAt > Date.now() && !status.syncing;
  return `Chưa kết nối được máy chủ${later ? `, thử lại lúc ${formatTime(new Date(status.retryAt))}` : ''}`;
}

function drawBanners(status, returned = 0) {
  const list = [];
  if (returned > 0) {
    list.push(h('a', { class: 'banner banner-alert banner-returned', href: hrefOf('events/attention') }, icon('alert', 20),
      h('span', {}, `${returned} hoạt động bị chỉ huy trả lại, cần bạn sửa. Bấm để xem.`)));
  }
  if (!navigator.onLine) {
    list.push(h('p', { class: 'banner banner-offline' }, icon('alert', 20),
      h('span', {}, 'Không có mạng. Cứ ghi hoạt động: máy lưu lại và tự gửi khi có mạng.')));
  }
  if (session.needsLogin) {
    list.push(h('div', { class: 'banner banner-alert' }, icon('alert', 20),
      h('span', {}, 'Phiên đăng nhập đã hết hạn. Vẫn ghi được hoạt động; đăng nhập lại để gửi đi.'),
      h('a', { href: hrefOf('login'), class: 'btn btn-small' }, 'Đăng nhập lại')));
  }
  const unsent = status.total;
  const oldest = Number.isFinite(status.oldestQueuedAt) ? status.oldestQueuedAt : null;
  if (oldest && Date.now() - oldest > OLD_PENDING_DAYS * 86400000) {
    const days = Math.floor((Date.now() - oldest) / 86400000);
    list.push(h('p', { class: 'banner banner-warn' }, icon('alert', 20),
      h('span', {}, `Có hoạt động chờ gửi từ ${days} ngày trước. Hãy đến nơi có mạng và bấm "Đồng bộ ngay" để không bị mất.`)));
  }
  if (status.refused + status.conflicts > 0) {
    list.push(h('a', { class: 'banner banner-alert', href: hrefOf('events/attention') }, icon('alert', 20),
      h('span', {}, `${status.refused + status.conflicts} hoạt động cần bạn xử lý. Bấm để xem.`)));
  }
  const unsentForADay = oldest && Date.now() - oldest > 86400000;
  if (unsent > 0 && (storage.lowSpace || (!storage.granted && unsentForADay))) {
    list.push(h('p', { class: 'banner banner-warn' }, icon('alert', 20),
      h('span', {}, 'Trình duyệt có thể xóa dữ liệu khi máy đầy bộ nhớ. Hãy đồng bộ sớm để không mất hoạt động chưa gửi.')));
  }
  replace(banners, list);
}

const storage = { granted: true, lowSpace: false };
checkStorage();

/** Ask the browser to keep our data; note when it will not, or when space runs low. */
async function checkStorage() {
  if (!navigator.storage) return;
  const persisted = await navigator.storage.persisted?.().catch(() => false);
  const granted = persisted || await navigator.storage.persist?.().catch(() => false);
  const estimate = await navigator.storage.estimate?.().catch(() => null);
  storage.granted = Boolean(granted);
  storage.lowSpace = Boolean(estimate?.quota && estimate.quota - estimate.usage < 5 * 1024 * 1024);
}
