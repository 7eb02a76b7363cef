// What the managers' screens (dashboard, coverage map, province view) share: their stylesheet,
// the ward being looked at (a commander's own; an admin picks one of the province), the period,
// the "fetched at" line, number formats and the sortable table.
import * as api from '../data/api.js';
import { LoginRequired } from '../data/session.js';
import { fetchKept, loadView, saveView } from '../data/snapshots.js';
import { h, nextId, replace } from './dom.js';
import { formatDate, formatNumber, formatTime } from './labels.js';

const styles = new Map();

/** Load a stylesheet once (a <link>, allowed by the CSP), resolving when it has applied. */
export function loadStyle(href) {
  if (!styles.has(href)) {
    styles.set(href, new Promise((resolve) => {
      const link = h('link', { rel: 'stylesheet', href });
      link.addEventListener('load', resolve);
      link.addEventListener('error', resolve);  // offline without it: still usable, just plainer
      document.head.append(link);
    }));
  }
  return styles.get(href);
}

const scripts = new Map();

/** Load a classic script (a vendored UMD library) once. */
export function loadScript(src) {
  if (!scripts.has(src)) {
    scripts.set(src, new Promise((resolve, reject) => {
      const script = h('script', { src });
      script.addEventListener('load', resolve);
      script.addEventListener('error', () => {
        scripts.delete(src);
        reject(new Error(`could not load ${src}`));
      });
      document.head.append(script);
    }));
  }
  return scripts.get(src);
}

export const ready = () => loadStyle('/css/manager.css');

/** What each kind of target is called, wherever a target is shown or set (in the form's order). */
export const TARGET_LABELS = {
  vneid_activations: 'Kích hoạt VNeID mức 2',
  vneid_installs: 'Cài đặt VNeID',
  dvc_filings: 'Hồ sơ DVC hỗ trợ nộp trực tuyến',
  events: 'Số hoạt động tuyên truyền',
  households_visited: 'Số hộ được đến',
  attendees: 'Số người dự họp',
  people_assisted: 'Số người được hỗ trợ',
  leaflets: 'Số tờ rơi',
  online_reach: 'Lượt xem bài đăng',
  coverage_pct: 'Độ bao phủ hộ',
  dvc_rate_overall: 'Tỷ lệ nộp hồ sơ trực tuyến chung',
  dvc_rate_residence: 'Tỷ lệ nộp trực tuyến: cư trú',
  dvc_rate_id_card: 'Tỷ lệ nộp trực tuyến: căn cước',
  dvc_rate_other: 'Tỷ lệ nộp trực tuyến: thủ tục khác',
};
/** The targets that are a percentage (the rest are counts). */
export const PERCENT_TARGETS = ['coverage_pct', 'dvc_rate_overall', 'dvc_rate_residence', 'dvc_rate_id_card', 'dvc_rate_other'];

const decimal = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
const oneDecimal = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 92,4 % style; '—' when there is no figure. */
export function pct(value) {
  return value === null || value === undefined ? '—' : `${decimal.format(value)} %`;
}

export function num(value) {
  return value === null || value === undefined ? '—' : formatNumber(value);
}

export function dec(value) {
  return value === null || value === undefined ? '—' : decimal.format(value);
}

export function hours(value) {
  return value === null || value === undefined ? '—' : oneDecimal.format(value);
}

/** "+2,5 điểm %" / "−1 điểm %" for a change in percentage points. */
export function change(value) {
  if (value === null || value === undefined) return 'chưa có tháng trước để so';
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  return `${sign}${decimal.format(Math.abs(value))} điểm % so với tháng trước`;
}

/**
 * The view this user left the managers' screens in: {period: {id, from?, to?}, wardId, ...}.
 * A commander always looks at their own ward; an admin at the ward they picked last.
 */
export async function currentView(user) {
  const view = await loadView(user.id);
  view.period ||= { id: 'month' };
  if (user.role !== 'admin') view.wardId = user.ward_id;
  return view;
}

export async function updateView(user, changes) {
  const view = { ...(await currentView(user)), ...changes };
  await saveView(user.id, view);
  return view;
}

/** The wards the user may see (kept for offline use). */
export async function visibleWards(user) {
  const answer = await fetchKept(user, 'wards', (token) => api.wards(token));
  return answer.data;
}

/** An admin's ward picker; onPick(wardId). */
export function wardPicker(wards, wardId, onPick) {
  const id = nextId('ward');
  const select = h('select', { id, class: 'text-input', onchange: () => onPick(Number(select.value)) },
    !wardId && h('option', { value: '' }, '— Chọn phường/xã —'),
    [...wards].sort((a, b) => a.name.localeCompare(b.name, 'vi')).map((w) => h('option', {
      value: String(w.id), selected: w.id === wardId ? 'selected' : null,
    }, w.name)));
  select.value = wardId ? String(wardId) : '';
  return h('div', { class: 'ward-picker' }, h('label', { for: id, class: 'field-label' }, 'Phường/xã'), select);
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
  if (error instanceof api.ApiError) text = error.body?.message || 'Máy chủ từ chối yêu cầu.';
  else if (error instanceof LoginRequired) text = 'Phiên đăng nhập đã hết hạn: hãy đăng nhập lại để xem số liệu kỳ này.';
  else text = 'Chưa tải được số liệu: máy đang ngoại tuyến hoặc không kết nối được máy chủ, và chưa có số liệu nào lưu trên máy cho kỳ này.';
  return h('div', { class: 'notice notice-warn', role: 'alert' }, h('p', {}, text),
    onRetry && h('button', { type: 'button', class: 'btn btn-secondary btn-retry', onclick: onRetry }, 'Thử lại'));
}

/**
 * A table sortable by its columns. columns: [{key, label, value(row) → sortable, render(row) →
 * text/node, num: bool, sticky: bool}]. Clicking a header sorts (numbers: largest first).
 */
export function sortableTable({ columns, rows, sortKey, sortDesc = true, caption, className, rowAttrs, foot }) {
  let key = sortKey;
  let desc = sortDesc;
  const tbody = h('tbody');
  const heads = columns.map((col) => {
    const button = h('button', { type: 'button', class: 'sort-btn', onclick: () => {
      desc = key === col.key ? !desc : col.num !== false;
      key = col.key;
      draw();
    } }, col.label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }));
    return h('th', { scope: 'col', class: [col.num !== false && 'num', col.sticky && 'sticky'], dataset: { key: col.key } }, button);
  });
  const draw = () => {
    const col = columns.find((c) => c.key === key) || columns[0];
    const value = col.value || ((row) => row[col.key]);
    const sorted = [...rows].sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      if (va === vb) return 0;
      if (va === null || va === undefined) return 1;  // no figure: always last
      if (vb === null || vb === undefined) return -1;
      const cmp = typeof va === 'string' ? va.localeCompare(vb, 'vi') : va - vb;
      return desc ? -cmp : cmp;
    });
    heads.forEach((th, i) => {
      const active = columns[i].key === col.key;
      th.setAttribute('aria-sort', active ? (desc ? 'descending' : 'ascending') : 'none');
      th.querySelector('.sort-mark').textContent = active ? (desc ? ' ▼' : ' ▲') : '';
    });
    replace(tbody, sorted.map((row) => h('tr', rowAttrs ? rowAttrs(row) : {}, columns.map((c, i) => {
      const cell = c.render ? c.render(row) : num(row[c.key]);
      return h(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : null, class: [c.num !== false && 'num', c.sticky && 'sticky'] }, cell);
    }))));
  };
  draw();
  return h('div', { class: ['table-wrap', className], tabindex: '0', role: 'region', 'aria-label': caption },
    h('table', { class: 'data-table' }, h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, heads)), tbody, foot || null));
}
