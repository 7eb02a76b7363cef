// "Báo cáo": a commander's (or a province admin's) periodic report of a ward — printable page,
// Excel, CSV —, closing a month (chốt số liệu) and reopening it, the ward's events as a file,
// and for admins the province's report. Every file needs the network and the bearer token.
import { ApiError, NetworkError } from '../data/api.js';
import { fetchFile, openPrintable, saveBlob } from '../data/downloads.js';
import * as reportsApi from '../data/reports-api.js';
import { confirmDialog } from './dialog.js';
import { h, nextId, replace } from './dom.js';
import { formatDate, localDay } from './labels.js';
import { showToast } from './toast.js';
import { wardChoice, wardPicker } from './ward-picker.js';

const STYLE = '/css/reports.css';
const MONTHS_SHOWN = 4;
const PERIODS = [
  { id: 'month', label: 'Tháng này' },
  { id: 'last-month', label: 'Tháng trước' },
  { id: 'quarter', label: 'Quý này' },
  { id: 'year', label: 'Năm nay' },
  { id: 'custom', label: 'Tùy chọn' },
];

const state = { period: 'month', from: null, to: null };

function loadStyle() {
  if (!document.querySelector(`link[href="${STYLE}"]`)) {
    document.head.append(h('link', { rel: 'stylesheet', href: STYLE }));
  }
}

// ---- dates (the phone's local calendar: Vietnam) --------------------------------------------

const pad = (n) => String(n).padStart(2, '0');
const monthKey = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
const monthLabel = (d) => `${pad(d.getMonth() + 1)}/${d.getFullYear()}`;

function parseDay(text) {
  const [y, m, d] = text.split('-').map(Number);
  return new Date(y, m - 1, d);
}

/** [from, to) of the chosen period, as Date objects; to is exclusive. */
export function periodRange(id, today = new Date(), custom = {}) {
  const y = today.getFullYear();
  const m = today.getMonth();
  if (id === 'last-month') return [new Date(y, m - 1, 1), new Date(y, m, 1)];
  if (id === 'quarter') {
    const q = Math.floor(m / 3) * 3;
    return [new Date(y, q, 1), new Date(y, q + 3, 1)];
  }
  if (id === 'year') return [new Date(y, 0, 1), new Date(y + 1, 0, 1)];
  if (id === 'custom' && custom.from && custom.to) {
    const end = parseDay(custom.to);
    return [parseDay(custom.from), new Date(end.getFullYear(), end.getMonth(), end.getDate() + 1)];
  }
  return [new Date(y, m, 1), new Date(y, m + 1, 1)];
}

function rangeText([from, to]) {
  const last = new Date(to.getFullYear(), to.getMonth(), to.getDate() - 1);
  return `Từ ngày ${formatDate(from)} đến hết ngày ${formatDate(last)}`;
}

// ---- the screen ---------------------------------------------------------------------------------

export async function render(ctx) {
  loadStyle();
  const root = h('section', { class: 'screen reports' });
  const load = async () => {
    const choice = await reportWard(ctx.user, load);
    const draw = () => replace(root, content(ctx, choice, draw));
    draw();
  };
  await load();
  return root;
}

/** The ward of the report: a commander's own; an admin's chosen one (the first, before any choice). */
async function reportWard(user, onPick) {
  if (user.role !== 'admin') return { ward: { id: user.ward_id, name: null }, picker: null };
  try {
    return await wardChoice(user, { pickFirst: true, onPick });
  } catch {
    return { ward: null, picker: wardPicker([], null, onPick), unavailable: true };
  }
}

function content(ctx, { ward, picker, unavailable }, redraw) {
  const user = ctx.user;
  const range = periodRange(state.period, new Date(), state);
  const query = `from=${localDay(range[0])}&to=${localDay(range[1])}`;
  const wardId = ward?.id;
  return [
    periodCard(range, redraw),
    user.role === 'admin' && fileCard({
      title: 'Báo cáo toàn tỉnh',
      hint: 'Kết quả tuyên truyền và tỷ lệ hồ sơ trực tuyến của từng phường, xã, xếp từ cao xuống thấp.',
      user, path: `/provinces/${user.province_id}/report?${query}`,
      name: `bao-cao-tinh-${localDay(range[0])}`, key: 'province',
    }),
    picker && h('section', { class: 'card report-card' }, picker,
      unavailable && h('p', { class: 'hint' }, 'Không tải được danh sách phường, xã (cần mạng).')),
    wardId && fileCard({
      title: ward.name ? `Báo cáo ${ward.name}` : 'Báo cáo của phường',
      hint: 'Bản in theo mẫu báo cáo hành chính: chỉ cần ghi số văn bản và ký tên.',
      user, path: `/wards/${wardId}/report?${query}`, name: `bao-cao-${localDay(range[0])}`,
      key: 'ward',
    }),
    wardId && closuresCard(user, wardId),
    wardId && exportCard(user, `/events/export?ward_id=${wardId}&${query}`,
      'Danh sách hoạt động của phường trong kỳ, mỗi hoạt động một dòng.'),
  ];
}

function periodCard(range, redraw) {
  const chips = PERIODS.map((p) => h('button', {
    type: 'button', class: ['chip', state.period === p.id && 'is-selected'],
    'aria-pressed': String(state.period === p.id), dataset: { period: p.id },
    onclick: () => {
      state.period = p.id;
      if (p.id === 'custom' && !state.from) {
        const [from, to] = periodRange('month');
        state.from = localDay(from);
        state.to = localDay(new Date(to.getFullYear(), to.getMonth(), to.getDate() - 1));
      }
      redraw();
    },
  }, p.label));
  const custom = state.period === 'custom' && h('div', { class: 'report-dates' },
    dateField('Từ ngày', 'from', redraw), dateField('Đến hết ngày', 'to', redraw));
  return h('section', { class: 'card report-card' },
    h('h2', { class: 'section-title' }, 'Kỳ báo cáo'),
    h('div', { class: 'chips', role: 'group', 'aria-label': 'Kỳ báo cáo' }, chips),
    custom,
    h('p', { class: 'report-range', 'aria-live': 'polite' }, rangeText(range)));
}

function dateField(label, key, redraw) {
  const id = nextId('date');
  return h('div', { class: 'report-date' },
    h('label', { class: 'field-label', for: id }, label),
    h('input', { id, type: 'date', class: 'text-input', value: state[key] || '',
      onchange: (event) => { if (event.target.value) { state[key] = event.target.value; redraw(); } } }));
}

function fileCard({ title, hint, user, path, name, key }) {
  const busy = (button, work) => async () => {
    button.disabled = true;
    try {
      await work();
    } catch (error) {
      reportError(error);
    } finally {
      button.disabled = false;
    }
  };
  const view = h('button', { type: 'button', class: 'btn btn-primary btn-block', dataset: { action: `${key}-html` } }, 'Xem và in báo cáo');
  view.addEventListener('click', busy(view, () => openPrintable(user.id, `${path}&format=html`, `${name}.html`)));
  const xlsx = h('button', { type: 'button', class: 'btn btn-secondary', dataset: { action: `${key}-xlsx` } }, 'Tải Excel');
  xlsx.addEventListener('click', busy(xlsx, () => download(user, `${path}&format=xlsx`, `${name}.xlsx`)));
  const csv = h('button', { type: 'button', class: 'btn btn-secondary', dataset: { action: `${key}-csv` } }, 'Tải CSV');
  csv.addEventListener('click', busy(csv, () => download(user, `${path}&format=csv`, `${name}.csv`)));
  return h('section', { class: 'card report-card', dataset: { card: key } },
    h('h2', { class: 'section-title' }, title),
    h('p', { class: 'hint' }, hint),
    view,
    h('div', { class: 'report-buttons' }, xlsx, csv));
}

async function download(user, path, name) {
  const { blob, name: served } = await fetchFile(user.id, path, name);
  saveBlob(blob, served);
  showToast(`Đã tải ${served}.`, { kind: 'ok' });
}

function exportCard(user, path, hint) {
  const buttons = ['csv', 'xlsx'].map((format) => {
    const button = h('button', { type: 'button', class: 'btn btn-secondary', dataset: { action: `export-${format}` } },
      format === 'csv' ? 'Tải CSV' : 'Tải Excel');
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await download(user, `${path}&format=${format}`, `hoat-dong.${format}`);
      } catch (error) {
        reportError(error);
      } finally {
        button.disabled = false;
      }
    });
    return button;
  });
  return h('section', { class: 'card report-card', dataset: { card: 'export' } },
    h('h2', { class: 'section-title' }, 'Xuất danh sách hoạt động'),
    h('p', { class: 'hint' }, hint),
    h('div', { class: 'report-buttons' }, buttons));
}

function reportError(error) {
  if (error instanceof NetworkError) {
    showToast('Không có mạng. Tải báo cáo cần kết nối, hãy thử lại khi có sóng.', { kind: 'error' });
  } else if (error instanceof ApiError) {
    showToast(error.body?.message || `Máy chủ từ chối (${error.status}).`, { kind: 'error' });
  } else {
    showToast('Cần đăng nhập lại để tải báo cáo.', { kind: 'error' });
  }
}

// ---- closing months -------------------------------------------------------------------------

function closuresCard(user, wardId) {
  const list = h('ul', { class: 'closure-list' }, h('li', { class: 'hint' }, 'Đang tải…'));
  const card = h('section', { class: 'card report-card', dataset: { card: 'closures' } },
    h('h2', { class: 'section-title' }, 'Chốt số liệu theo tháng'),
    h('p', { class: 'hint' }, 'Chỉ chốt được tháng đã kết thúc. Sau khi chốt, không ai ghi, sửa hay '
      + 'xóa được hoạt động của tháng đó; báo cáo tháng giữ nguyên như khi gửi. Chỉ cán bộ tỉnh mở '
      + 'lại được, kèm lý do.'),
    list);
  const refresh = async () => {
    let closed = [];
    try {
      closed = await reportsApi.closures(user, wardId);
    } catch (error) {
      replace(list, h('li', { class: 'hint' }, error instanceof NetworkError
        ? 'Cần mạng để xem các tháng đã chốt.' : 'Không tải được các tháng đã chốt.'));
      return;
    }
    const byMonth = new Map(closed.map((c) => [c.month, c]));
    const today = new Date();
    const months = Array.from({ length: MONTHS_SHOWN }, (_, i) => new Date(today.getFullYear(), today.getMonth() - i, 1));
    replace(list, months.map((month, i) => closureRow(user, wardId, month, byMonth.get(monthKey(month)),
      refresh, i > 0)));  // months[0] is still running: closed only once it has ended
  };
  refresh();
  return card;
}

function closureRow(user, wardId, month, closure, refresh, ended) {
  const key = monthKey(month);
  const closed = closure?.closed;
  let status = ended ? 'Chưa chốt' : 'Tháng đang diễn ra: chốt được khi hết tháng';
  if (closed) {
    const at = new Date(closure.closed_at);
    status = `Đã chốt ngày ${formatDate(at)}${closure.closed_by_name ? ` (${closure.closed_by_name})` : ''}`;
  } else if (closure?.reopened_at) {
    status = `Đã mở lại: ${closure.reopen_reason}`;
  }
  let action = null;
  if (!closed && ended) {
    action = h('button', { type: 'button', class: 'btn btn-secondary', dataset: { close: key } }, 'Chốt số liệu');
    action.addEventListener('click', async () => {
      const ok = await confirmDialog({
        title: `Chốt số liệu tháng ${monthLabel(month)}?`,
        message: ['Báo cáo tháng sẽ được lưu đúng như hiện tại.',
          'Cán bộ, đoàn viên sẽ không ghi, sửa hay xóa được hoạt động của tháng này nữa: hoạt động '
            + 'của tháng gửi lên muộn (ghi khi chưa có mạng) sẽ bị từ chối.',
          'Chỉ cán bộ quản trị tỉnh mở lại được tháng đã chốt; khi đó máy của cán bộ tự gửi lại '
            + 'các hoạt động bị từ chối.'],
        confirm: 'Chốt số liệu',
      });
      if (!ok) return;
      await act(action, () => reportsApi.closeMonth(user, wardId, key), `Đã chốt số liệu tháng ${monthLabel(month)}.`, refresh);
    });
  } else if (user.role === 'admin') {
    action = h('button', { type: 'button', class: 'btn btn-danger-outline', dataset: { reopen: key } }, 'Mở lại');
    action.addEventListener('click', async () => {
      const reason = await askReason(month);
      if (reason === null) return;
      await act(action, () => reportsApi.reopenMonth(user, wardId, key, reason), `Đã mở lại tháng ${monthLabel(month)}.`, refresh);
    });
  }
  return h('li', { class: ['closure', closed && 'is-closed'], dataset: { month: key } },
    h('span', { class: 'closure-text' },
      h('strong', {}, `Tháng ${monthLabel(month)}`),
      h('span', { class: 'closure-status' }, status)),
    action);
}

async function act(button, work, done, refresh) {
  button.disabled = true;
  try {
    await work();
    showToast(done, { kind: 'ok' });
    await refresh();
  } catch (error) {
    button.disabled = false;
    reportError(error);
  }
}

/** Ask an admin why the month is reopened (kept in the audit log); null when cancelled. */
function askReason(month) {
  return new Promise((resolve) => {
    const id = nextId('reason');
    const input = h('textarea', { id, class: 'text-input', maxlength: '500', rows: '3' });
    const error = h('p', { class: 'field-error', hidden: true }, 'Hãy ghi lý do (ít nhất 5 ký tự).');
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': `${id}-title` },
      h('h2', { id: `${id}-title` }, `Mở lại tháng ${monthLabel(month)}`),
      h('label', { class: 'field-label', for: id }, 'Lý do mở lại'),
      input, error,
      h('div', { class: 'dialog-buttons' },
        h('button', { type: 'button', class: 'btn btn-secondary', onclick: () => finish(null) }, 'Hủy'),
        h('button', { type: 'button', class: 'btn btn-danger', onclick: () => {
          const reason = input.value.trim();
          if (reason.length < 5) {
            error.hidden = false;
            input.focus();
            return;
          }
          finish(reason);
        } }, 'Mở lại')));
    function finish(answer) {
      dialog.close();
      dialog.remove();
      resolve(answer);
    }
    dialog.addEventListener('cancel', (event) => { event.preventDefault(); finish(null); });
    document.body.append(dialog);
    dialog.showModal();
  });
}
