// The frame of the managers' screens (dashboard, coverage map, province view): their stylesheet,
// the view the user left them in (period, measure), the "fetched at" line, and what to say when
// nothing could be shown. The ward is ward-picker.js's, the figures' formats figures.js's, the
// tables sortable-table.js's.
import { ApiError } from '../data/api.js';
import { LoginRequired } from '../data/session.js';
import { loadView, saveView } from '../data/snapshots.js';
import { loadStyle } from './assets.js';
import { h, replace } from './dom.js';
import { formatDate, formatTime } from './labels.js';

export const ready = () => loadStyle('/css/manager.css');

/** The view this user left the managers' screens in: {period: {id, from?, to?}, rankingMonth, ...}. */
export async function currentView(user) {
  const view = await loadView(user.id);
  view.period ||= { id: 'month' };
  return view;
}

export async function updateView(user, changes) {
  const view = { ...(await currentView(user)), ...changes };
  await saveView(user.id, view);
  return view;
}

/** "Số liệu lúc 14:05 23/11/2026" and, when it came from the phone, that it may be old. */
export function freshness(answer, onRetry) {
  const at = new Date(answer.fetchedAt);
  const when = `${formatTime(at)} ${formatDate(at)}`;
  if (answer.fresh) {
    return h('p', { class: 'fetched', dataset: { fresh: '1' } }, `Số liệu lấy lúc ${when}`);
  }
  return h('div', { class: 'notice notice-warn fetched', role: 'status', dataset: { fresh: '0' } },
    h('p', {}, `Đang ngoại tuyến: hiển thị số liệu đã lưu lúc ${when}. Số liệu có thể đã cũ.`),
    onRetry && h('button', { type: 'button', class: 'btn btn-secondary btn-retry', onclick: onRetry }, 'Thử tải lại'));
}

/**
 * A screen that draws itself with `build(root, redraw)` after its styles are in, says what is
 * being loaded meanwhile, and offers "Thử lại" when nothing could be shown.
 */
export async function retryingScreen(attrs, loadingText, build) {
  await ready();
  const root = h('div', attrs, h('p', { class: 'hint' }, loadingText));
  const draw = async () => {
    try {
      await build(root, draw);
    } catch (error) {
      replace(root, failure(error, draw));
    }
  };
  draw();
  return root;
}

/** What to say when nothing could be shown. */
export function failure(error, onRetry) {
  let text;
  if (error instanceof ApiError) text = error.body?.message || 'Máy chủ từ chối yêu cầu.';
  else if (error instanceof LoginRequired) text = 'Phiên đăng nhập đã hết hạn: hãy đăng nhập lại để xem số liệu kỳ này.';
  else text = 'Chưa tải được số liệu: máy đang ngoại tuyến hoặc không kết nối được máy chủ, và chưa có số liệu nào lưu trên máy cho kỳ này.';
  return h('div', { class: 'notice notice-warn', role: 'alert' }, h('p', {}, text),
    onRetry && h('button', { type: 'button', class: 'btn btn-secondary btn-retry', onclick: onRetry }, 'Thử lại'));
}

