// "Duyệt hoạt động": the ward's events with their data-quality signals, filtered by signal,
// review state, period and author; each can be accepted, or returned to its author with a
// comment that shows up in the author's "Hoạt động của tôi".
import * as reviewApi from '../data/review-api.js';
import { h, nextId, replace } from './dom.js';
import { icon } from './icons.js';
import { COUNT_UNITS, KIND_LABELS, formatDistance, formatDuration, formatNumber, formatWhen, localDay } from './labels.js';
import { failureNotice, failureText, fieldErrors, loadingNotice } from './manage-form.js';
import { showToast } from './toast.js';
import { wardChoice } from './ward-picker.js';

export const REASON_CHIPS = {
  far_from_group: 'Xa tổ',
  no_location: 'Không có vị trí',
  households_too_fast: 'Hộ quá nhanh',
  assists_too_fast: 'Hỗ trợ quá nhanh',
  no_duration: 'Thiếu thời lượng',
  too_long: 'Quá dài',
  overlaps: 'Trùng giờ',
};

const PERIODS = [[7, '7 ngày qua'], [30, '30 ngày qua'], [90, '90 ngày qua']];
const STATUSES = [['none', 'Chưa duyệt'], ['returned', 'Đã trả lại'], ['accepted', 'Đã chấp nhận'], ['', 'Tất cả']];
const QUICK_COMMENTS = ['Kiểm tra lại số liệu', 'Chọn sai tổ dân phố', 'Ghi thiếu thời lượng', 'Trùng với hoạt động khác'];
const REVIEW_BADGES = { accepted: 'Đã chấp nhận', returned: 'Đã trả lại' };

// Kept while the app is open, so coming back to the screen keeps the commander's filters.
const state = { days: '30', status: 'none', reason: 'any', author: '' };

export async function render(ctx) {
  const root = h('section', { class: 'screen manage review-screen' });
  const load = async () => {
    replace(root, loadingNotice());
    try {
      replace(root, await content(ctx, load));
    } catch (error) {
      replace(root, failureNotice(error, load));
    }
  };
  await load();
  return root;
}

function params(cursor) {
  const end = new Date();
  end.setDate(end.getDate() + 1);
  const start = new Date(end);
  start.setDate(start.getDate() - Number(state.days));
  return { from: localDay(start), to: localDay(end), review_status: state.status || null,
    reason: state.reason === 'all' ? null : state.reason, user_id: state.author || null, limit: 30, cursor };
}

/** The ward picker, the filters and the queue; a filter changed fetches the queue alone again. */
async function content(ctx, reload) {
  const { ward, picker } = await wardChoice(ctx.user, { pickFirst: true, onPick: reload });
  if (!ward) return h('p', { class: 'empty' }, 'Chưa có phường/xã nào để duyệt.');
  const [groups, people, page] = await Promise.all([
    reviewApi.groups(ctx.user, ward.id), reviewApi.users(ctx.user, ward.id), reviewApi.reviewQueue(ctx.user, ward.id, params()),
  ]);
  const queue = queueView(ctx, ward, new Map(groups.map((g) => [g.id, g.name])));
  queue.show(page);
  return [picker, filters(people, queue.refresh), queue.el];
}

function filters(people, refresh) {
  const choose = (label, key, options) => {
    const id = nextId('rv');
    return h('div', { class: 'mfield' },
      h('label', { class: 'field-label', for: id }, label),
      h('select', { id, class: 'text-input', name: key, onchange: (event) => { state[key] = event.target.value; refresh(); } },
        options.map(([v, text]) => h('option', { value: v, selected: String(v) === String(state[key]) }, text))));
  };
  const authors = people.filter((p) => p.role !== 'admin').map((p) => [p.id, p.full_name || p.username]);
  return h('div', { class: 'rv-filters' },
    choose('Thời gian', 'days', PERIODS),
    choose('Trạng thái', 'status', STATUSES),
    choose('Người ghi', 'author', [['', 'Mọi người'], ...authors]));
}

/** The queue under the filters: the signals with their counts, the summary, the cards, "Xem thêm". */
function queueView(ctx, ward, groupName) {
  const el = h('div', { class: 'rv-queue' });
  const refresh = async () => {
    try {
      show(await reviewApi.reviewQueue(ctx.user, ward.id, params()));
    } catch (error) {
      replace(el, failureNotice(error, refresh));
    }
  };
  const show = (page) => replace(el, reasonChips(page.counts, refresh),
    h('p', { class: 'rv-summary', role: 'status' }, page.items.length
      ? `${formatNumber(shownTotal(page.counts))} hoạt động · mới nhất trước`
      : 'Không có hoạt động nào khớp bộ lọc.'),
    ...pagedList(ctx, ward, groupName, page));
  return { el, show, refresh };
}

function reasonChips(counts, refresh) {
  const chip = (label, reason, extra) => h('button', {
    type: 'button', class: ['chip', state.reason === reason && 'is-selected', extra],
    'aria-pressed': String(state.reason === reason), onclick: () => { state.reason = reason; refresh(); },
  }, label);
  return h('div', { class: 'chips rv-reasons-filter', role: 'group', 'aria-label': 'Dấu hiệu cần kiểm tra' },
    chip(`Có dấu hiệu (${counts.any})`, 'any', counts.any && 'chip-alert'),
    Object.entries(REASON_CHIPS).filter(([code]) => counts[code] || state.reason === code)
      .map(([code, label]) => chip(`${label} (${counts[code]})`, code)),
    chip(`Tất cả (${counts.all})`, 'all'));
}

/** The cards of the first page and a "Xem thêm" button that appends the next ones. */
function pagedList(ctx, ward, groupName, page) {
  const list = h('div', { class: 'rv-list' });
  const more = h('button', { type: 'button', class: 'btn btn-secondary btn-block', hidden: !page.next_cursor }, 'Xem thêm');
  let cursor = page.next_cursor;
  const addItems = (items) => list.append(...items.map((item) => card(ctx, item, groupName)));
  addItems(page.items);
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const next = await reviewApi.reviewQueue(ctx.user, ward.id, params(cursor));
      addItems(next.items);
      cursor = next.next_cursor;
      more.hidden = !cursor;
    } catch (error) {
      showToast(failureText(error), { kind: 'error' });
    }
    more.disabled = false;
  });
  return [list, more];
}

function shownTotal(counts) {
  if (state.reason === 'all') return counts.all;
  return counts[state.reason] ?? 0;
}

function reasonText(code, e) {
  switch (code) {
    case 'far_from_group': return `Vị trí cách trung tâm tổ ${formatDistance(e.distance_m)}`;
    case 'no_location': return 'Không có vị trí từ điện thoại';
    case 'households_too_fast': return `${formatNumber(e.households_visited)} hộ trong ${e.duration_min} phút`;
    case 'assists_too_fast': {
      const most = Math.max(e.people_assisted, e.vneid_installs, e.dvc_filings);
      return `${formatNumber(most)} lượt hỗ trợ trong ${e.duration_min} phút`;
    }
    case 'no_duration': return 'Không ghi thời lượng';
    case 'too_long': return `Kéo dài ${formatDuration(e.duration_min)}`;
    case 'overlaps': return 'Trùng giờ với hoạt động khác của cùng người ghi';
    default: return 'Cần kiểm tra lại';  // a signal this screen does not know yet
  }
}

function countsLine(e) {
  return Object.keys(COUNT_UNITS).filter((name) => e[name]).slice(0, 4)
    .map((name) => `${formatNumber(e[name])} ${COUNT_UNITS[name]}`).join(' · ');
}

/** One event of the queue: what it says, its signals, and accepting it or returning it. */
function card(ctx, item, groupName) {
  const el = h('article', { class: 'rv-card', dataset: { id: item.event.id } });
  const draw = (e, open = false) => {
    const send = (status, text, errorLine) => sendReview(ctx, el, e, { status, text, errorLine }, (updated) => draw(updated));
    const openReturn = () => { draw(e, true); el.querySelector('textarea').focus(); };
    replace(el, ...facts(e, item.reasons, groupName),
      !open && cardActions(e, send, openReturn),
      returnForm(e, open, send, () => draw(e)));
    el.dataset.review = e.review_status || 'none';
  };
  draw(item.event);
  return el;
}

function facts(e, reasons, groupName) {
  const where = e.group_id ? groupName.get(e.group_id) || `Tổ #${e.group_id}` : 'Toàn phường';
  return [
    h('div', { class: 'rv-head' },
      h('h2', { class: 'rv-kind' }, KIND_LABELS[e.kind] || e.kind),
      e.review_status && h('span', { class: ['badge', `badge-review-${e.review_status}`] }, REVIEW_BADGES[e.review_status])),
    h('p', { class: 'rv-line' }, `${where} · ${formatWhen(e.occurred_at)}${e.duration_min ? ` · ${formatDuration(e.duration_min)}` : ''}`),
    h('p', { class: 'rv-line' }, `Người ghi: ${e.author_name || '—'}`),
    h('p', { class: 'rv-counts' }, countsLine(e) || 'Không có số liệu'),
    reasons.length > 0 && h('ul', { class: 'rv-flags' }, reasons.map((code) => h('li', { dataset: { reason: code } },
      icon('alert', 18), h('span', {}, reasonText(code, e))))),
    e.note && h('p', { class: 'rv-note' }, `Ghi chú: ${e.note}`),
    e.review_status === 'returned' && h('p', { class: 'rv-comment' },
      h('strong', {}, 'Lý do trả lại: '), e.review_comment || ''),
  ];
}

function cardActions(e, send, openReturn) {
  return h('div', { class: 'actions' },
    e.review_status !== 'accepted' && h('button', { type: 'button', class: 'btn btn-primary', onclick: () => send('accepted') },
      icon('check', 20), 'Chấp nhận'),
    h('button', { type: 'button', class: 'btn btn-danger-outline', onclick: openReturn },
      e.review_status === 'returned' ? 'Sửa lý do' : 'Trả lại'));
}

/** The form to return the event with a comment (hidden until "Trả lại"); quick phrases add to it. */
function returnForm(e, open, send, onCancel) {
  const id = nextId('rv');
  const comment = h('textarea', { id, class: 'text-input', name: 'comment', maxlength: '500', rows: '3',
    value: e.review_status === 'returned' ? e.review_comment || '' : '', placeholder: 'Ví dụ: Số hộ chưa khớp sổ theo dõi, đề nghị kiểm tra lại.' });
  const error = h('p', { class: 'field-error', hidden: true, 'aria-live': 'polite' });
  const quick = QUICK_COMMENTS.map((text) => h('button', {
    type: 'button', class: 'chip', onclick: () => { comment.value = comment.value ? `${comment.value} ${text}.` : `${text}.`; comment.focus(); },
  }, text));
  return h('form', { class: 'rv-return', hidden: !open, onsubmit: (ev) => { ev.preventDefault(); send('returned', comment.value, error); } },
    h('label', { class: 'field-label', for: id }, 'Lý do trả lại (người ghi sẽ thấy)'),
    comment,
    h('div', { class: 'chips' }, quick),
    error,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn btn-secondary', onclick: onCancel }, 'Hủy'),
      h('button', { type: 'submit', class: 'btn btn-danger' }, 'Gửi trả lại')));
}

/** Send a review of `e`; onDone(updated event). A refusal is said on `errorLine`, or in a toast. */
async function sendReview(ctx, el, e, { status, text, errorLine }, onDone) {
  el.querySelectorAll('button').forEach((b) => { b.disabled = true; });
  try {
    const updated = await reviewApi.reviewEvent(ctx.user, e.id, { status, comment: text || null, version: e.version });
    onDone(updated);
    showToast(status === 'accepted' ? 'Đã chấp nhận.' : 'Đã trả lại cho người ghi.', { kind: 'ok', id: 'review' });
  } catch (err) {
    el.querySelectorAll('button').forEach((b) => { b.disabled = false; });
    const texts = Object.values(fieldErrors(err)).flat();
    const message = texts.length ? texts.join(' ') : failureText(err);
    if (!errorLine) {
      showToast(message, { kind: 'error', id: 'review' });
      return;
    }
    errorLine.textContent = message;
    errorLine.hidden = false;
  }
}
