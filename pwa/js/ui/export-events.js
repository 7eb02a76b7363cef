// "Tải danh sách": the signed-in user's events (an officer's own; a commander's ward) as CSV or
// Excel from the server, with the bearer token. Needs the network; events still waiting on the
// phone are not in it until they are sent.
import { ApiError, NetworkError } from '../data/api.js';
import { fetchFile, saveBlob } from '../data/downloads.js';
import { h } from './dom.js';
import { showToast } from './toast.js';

const STYLE = '/css/reports.css';

export function exportControls(user) {
  if (!document.querySelector(`link[href="${STYLE}"]`)) {
    document.head.append(h('link', { rel: 'stylesheet', href: STYLE }));
  }
  const buttons = [['csv', 'Tải CSV'], ['xlsx', 'Tải Excel']].map(([format, label]) => {
    const button = h('button', { type: 'button', class: 'btn btn-secondary', dataset: { export: format } }, label);
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const { blob, name } = await fetchFile(user.id, `/events/export?format=${format}`, `hoat-dong.${format}`);
        saveBlob(blob, name);
        showToast(`Đã tải ${name}.`, { kind: 'ok' });
      } catch (error) {
        showToast(error instanceof NetworkError ? 'Không có mạng. Hãy thử lại khi có sóng.'
          : error instanceof ApiError ? (error.body?.message || 'Máy chủ từ chối.')
            : 'Cần đăng nhập lại để tải.', { kind: 'error' });
      } finally {
        button.disabled = false;
      }
    });
    return button;
  });
  return h('section', { class: 'card export-mine' },
    h('h2', { class: 'section-title' }, 'Tải danh sách hoạt động đã gửi'),
    h('p', { class: 'hint' }, user.role === 'commander'
      ? 'Mọi hoạt động của phường trên máy chủ, mỗi hoạt động một dòng.'
      : 'Mọi hoạt động bạn đã gửi lên máy chủ, mỗi hoạt động một dòng.'),
    h('div', { class: 'report-buttons' }, buttons));
}
