// Short messages at the bottom of the screen, optionally with one action button.
import { h } from './dom.js';

function region() {
  let el = document.getElementById('toasts');
  if (!el) {
    el = h('div', { id: 'toasts', class: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.append(el);
  }
  return el;
}

/** showToast('Đã lưu', {action: 'Cập nhật', onAction, timeout: 0 (stays), kind: 'ok'|'warn'|'error'}). */
export function showToast(message, { action, onAction, timeout = 4000, kind = 'info', id } = {}) {
  // One passing message at a time; a message that waits for an answer (timeout 0) stays.
  region().querySelectorAll('.toast:not(.toast-sticky)').forEach((old) => old.remove());
  if (id) document.querySelector(`.toast[data-toast="${id}"]`)?.remove();
  const close = () => toast.remove();
  const toast = h('div', { class: ['toast', `toast-${kind}`, !timeout && 'toast-sticky'], dataset: id ? { toast: id } : {} },
    h('span', { class: 'toast-text' }, message),
    action && h('button', { type: 'button', class: 'toast-action', onclick: () => { close(); onAction?.(); } }, action),
    h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Đóng', onclick: close }, '×'));
  region().append(toast);
  if (timeout) setTimeout(close, timeout);
  return close;
}
