// "Hôm nay": an officer's or volunteer's first screen. The day's plan as the server computed it
// (groups of their area and their tasks, with the reasons, in route order), kept on the phone for
// the day so it opens offline; each stop opens the logging form with its group chosen and ticks
// itself once an event in that group is logged today (from the phone's own events, sent or not).
// The kinds are one tap away above the list.
import { KINDS } from '../data/event-fields.js';
import { listMine } from '../data/events.js';
import { myPlan } from '../data/plans-api.js';
import { h, replace } from './dom.js';
import { KIND_LABELS, formatDate, formatDistance, formatShort, localDay } from './labels.js';

export const REASON_TEXT = {
  gap: 'Hơn 30 ngày chưa có hoạt động',
  low_coverage: 'Độ bao phủ hộ gia đình thấp',
  target: 'Chỉ tiêu của phường đang chậm',
  task: 'Việc được giao',
  assigned: 'Tổ bạn phụ trách',
};

export async function render(ctx) {
  const root = h('section', { class: 'screen plan' });
  const draw = async () => replace(root, ...await planParts(ctx));
  ctx.onChange(draw);
  await draw();
  return root;
}

async function planParts(ctx) {
  const today = localDay(new Date());
  let answer;
  try {
    answer = await myPlan(ctx.user, today);
  } catch {
    return [kindBar(ctx), h('p', { class: 'notice notice-warn' },
      'Chưa tải được kế hoạch hôm nay. Khi có mạng, mở lại màn hình này một lần để máy giữ kế hoạch dùng cả ngày.')];
  }
  const done = await loggedToday(ctx.user.id, today);
  const { data } = answer;
  const ticked = data.items.filter((item) => done.has(item.group_id)).length;
  return [
    kindBar(ctx),
    h('div', { class: 'plan-head' },
      h('h2', { class: 'plan-title' }, `Kế hoạch ${formatDate(new Date(`${data.date}T00:00:00`))}`),
      h('p', { class: 'plan-meta', dataset: { done: ticked, total: data.items.length } },
        `Đã làm ${ticked}/${data.items.length} điểm`,
        data.area.length ? ` · Phụ trách ${data.area.length} tổ` : ''),
      !answer.fresh && h('p', { class: 'notice', role: 'status' },
        `Đang ngoại tuyến: kế hoạch tải lúc ${formatShort(answer.fetchedAt)}.`)),
    data.items.length === 0
      ? h('p', { class: 'empty' }, 'Hôm nay không có tổ nào cần đến. Bạn vẫn ghi hoạt động như thường.')
      : h('ol', { class: 'plan-list' }, data.items.map((item) => planItem(item, done.has(item.group_id)))),
  ];
}

/** Group ids with a live event of the user on `day` (the phone's day), waiting or sent. */
async function loggedToday(userId, day) {
  const records = await listMine(userId);
  return new Set(records
    .filter((r) => !r.deleted && r.fields.group_id != null && localDay(new Date(r.fields.occurred_at)) === day)
    .map((r) => r.fields.group_id));
}

function kindBar(ctx) {
  return h('nav', { class: 'plan-kinds', 'aria-label': 'Ghi nhanh hoạt động' }, KINDS.map((kind) => h('a', {
    class: ['kind-btn', 'plan-kind', `kind-${kind}`], href: `#/log/kind/${kind}`, dataset: { kind },
    onclick: (event) => { event.preventDefault(); ctx.navigate(`log/kind/${kind}`); },
  }, h('span', { class: 'kind-name' }, KIND_LABELS[kind]))));
}

function planItem(item, done) {
  const reasons = item.reasons.map((r) => REASON_TEXT[r] || r);
  if (item.coverage_pct != null && item.reasons.includes('low_coverage')) {
    reasons[item.reasons.indexOf('low_coverage')] += ` (${Math.round(item.coverage_pct)} %)`;
  }
  const task = item.task_id && [item.task_kind && KIND_LABELS[item.task_kind], item.task_note,
    item.due_on && `hạn ${formatDate(new Date(`${item.due_on}T00:00:00`))}`, item.overdue && 'QUÁ HẠN']
    .filter(Boolean).join(' · ');
  return h('li', { class: ['plan-item', done && 'is-done', item.overdue && 'is-overdue'],
    dataset: { group: item.group_id, done: done ? '1' : '0' } },
  h('a', { class: 'plan-link', href: `#/log/for/${item.group_id}` },
    h('span', { class: 'plan-order', 'aria-hidden': 'true' }, done ? '✓' : String(item.order)),
    h('span', { class: 'plan-body' },
      h('span', { class: 'plan-group' }, item.group_name, done && h('span', { class: 'visually-hidden' }, ' (đã làm)')),
      h('span', { class: 'plan-reasons' }, reasons.join(' · ')),
      task && h('span', { class: 'plan-task' }, task),
      item.distance_m != null && h('span', { class: 'plan-distance' }, `Cách điểm trước ${formatDistance(item.distance_m)}`))));
}
