// "Hoạt động của tôi": every event of the user with its state, newest first, by day.
import { loadAreas } from '../data/areas.js';
import { COUNT_FIELDS, KIND_COUNTS } from '../data/event-fields.js';
import { isReturned, listMine } from '../data/events.js';
import { h, replace } from './dom.js';
import { hrefOf } from './nav.js';
import { exportControls } from './export-events.js';
import {
  COUNT_UNITS, KIND_LABELS, STATE_LABELS, dayHeading, formatNumber, formatTime, shownState,
} from './labels.js';

const FILTERS = [
  { id: 'all', label: 'Tất cả', test: () => true },
  { id: 'attention', label: 'Cần xử lý', test: (r) => r.state === 'rejected' || r.state === 'conflict' || isReturned(r) },
  { id: 'pending', label: 'Chờ gửi', test: (r) => r.state === 'pending' },
];

let filter = 'all';
let attentionSeen = new Set();  // the ids that needed action when the list was last opened

export async function render(ctx) {
  await openOnAttention(ctx.user.id);
  if (ctx.screen.id === 'events-attention') filter = 'attention';
  const root = h('section', { class: 'screen' });
  const draw = async () => replace(root, await content(ctx, draw));
  await draw();
  ctx.onChange(draw);
  return root;
}

/** The list opens on "Cần xử lý" when something has come to need action since it was last
 * opened (a returned or refused event, a conflict); otherwise on the filter last chosen. */
async function openOnAttention(userId) {
  const test = FILTERS.find((f) => f.id === 'attention').test;
  const ids = (await listMine(userId)).filter(test).map((r) => r.id);
  if (ids.some((id) => !attentionSeen.has(id))) filter = 'attention';
  attentionSeen = new Set(ids);
}

/** A filter chosen by hand puts the plain list's address back (without routing), so that a
 * banner leading to "Cần xử lý" routes again when tapped later. */
function leaveAttentionAddress() {
  if (location.hash === hrefOf('events/attention')) history.replaceState(null, '', hrefOf('events'));
}

async function content(ctx, redraw) {
  const [records, areas] = await Promise.all([listMine(ctx.user.id), loadAreas(ctx.user.id)]);
  const groupName = new Map((areas?.groups || []).map((g) => [g.id, g.name]));
  const chips = FILTERS.map((f) => {
    const count = records.filter(f.test).length;
    return h('button', {
      type: 'button', class: ['chip', filter === f.id && 'is-selected', f.id === 'attention' && count && 'chip-alert'],
      'aria-pressed': String(filter === f.id),
      onclick: () => { filter = f.id; leaveAttentionAddress(); redraw(); },
    }, f.id === 'all' ? f.label : `${f.label} (${count})`);
  });
  const shown = records.filter(FILTERS.find((f) => f.id === filter).test);
  const days = new Map();
  for (const record of shown) {
    const heading = dayHeading(record.fields.occurred_at);
    if (!days.has(heading)) days.set(heading, []);
    days.get(heading).push(record);
  }
  return [
    h('div', { class: 'chips filter-chips', role: 'group', 'aria-label': 'Lọc' }, chips),
    shown.length === 0 && h('p', { class: 'empty' }, records.length
      ? 'Không có hoạt động nào trong mục này.'
      : 'Chưa có hoạt động nào. Bấm "Ghi mới" để ghi hoạt động đầu tiên.'),
    [...days].map(([heading, list]) => h('section', { class: 'day' },
      h('h2', { class: 'day-heading' }, heading),
      h('ul', { class: 'event-list' }, list.map((record) => item(record, groupName))))),
    exportControls(ctx.user),
    h('p', { class: 'hint list-foot' }, 'Máy giữ hoạt động đã gửi trong 60 ngày gần đây.'),
  ];
}

function item(record, groupName) {
  const f = record.fields;
  const state = shownState(record, false);
  const returned = isReturned(record);
  const counts = [...new Set([...KIND_COUNTS[f.kind], ...COUNT_FIELDS])].filter((name, i) => i === 0 || f[name])
    .map((name) => `${formatNumber(f[name])} ${COUNT_UNITS[name]}`);
  const badge = shownState(record, returned);
  const hhmm = formatTime(new Date(f.occurred_at));
  return h('li', {},
    h('a', { href: `#/events/${record.id}`, class: ['event-item', `state-${state}`, returned && 'is-returned'],
      dataset: { id: record.id, state, ...(returned ? { review: 'returned' } : {}) } },
      h('span', { class: 'event-main' },
        h('span', { class: 'event-kind' }, KIND_LABELS[f.kind] || f.kind),
        h('span', { class: 'event-group' }, `${hhmm} · ${f.group_id ? groupName.get(f.group_id) || `Tổ #${f.group_id}` : 'Toàn phường'}`),
        h('span', { class: 'event-counts' }, counts.join(' · ')),
        returned && h('span', { class: 'event-comment' }, `Chỉ huy: “${record.review.comment}”`)),
      h('span', { class: ['badge', `badge-${badge}`] }, STATE_LABELS[badge])));
}
