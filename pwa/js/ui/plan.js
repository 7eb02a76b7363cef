// "Hôm nay": an officer's or volunteer's first screen. The day's plan as the server computed it
// (groups of their area and their tasks, with the reasons, in route order), or the week's (7 days
// from today, each day routed), both kept on the phone for the day so they open offline; the route
// starts from the ward centre or, on request, from the phone's position. Each stop opens the
// logging form with its group chosen and ticks itself once an event in that group is logged
// (today or later, from the phone's own events, sent or not). The kinds are one tap away.
import { KINDS } from '../data/event-fields.js';
import { listMine } from '../data/events.js';
import { myPlan } from '../data/plans-api.js';
import { isSyncing } from '../data/sync.js';
import { h, replace } from './dom.js';
import { currentPosition } from './geo.js';
import { KIND_LABELS, dayHeading, formatDate, formatDistance, formatShort, localDay } from './labels.js';

export const REASON_TEXT = {
  gap: 'Hơn 30 ngày chưa có hoạt động',
  low_coverage: 'Độ bao phủ hộ gia đình thấp',
  target: 'Chỉ tiêu của phường đang chậm',
  task: 'Việc được giao',
  assigned: 'Tổ bạn phụ trách',
};

// A sync sends several changes within a second: the plan is asked again once, when they have
// settled and the sync is over.
const REFETCH_QUIET_MS = 400;
const WEEK_DAYS = 7;
const choice = { userId: null, days: 1, position: null };  // Hôm nay / Tuần này and the start, while the app is open

export async function render(ctx) {
  if (choice.userId !== ctx.user.id) Object.assign(choice, { userId: ctx.user.id, days: 1, position: null });
  const root = h('section', { class: 'screen plan' });
  const draw = async () => replace(root, ...await planParts(ctx, draw));
  let timer = null;
  const settled = () => { timer = setTimeout(() => (isSyncing() ? settled() : draw()), REFETCH_QUIET_MS); };
  ctx.onChange(() => { clearTimeout(timer); settled(); });
  await draw();
  // The week is kept on the phone too, even when only today's plan was looked at.
  if (choice.days === 1) myPlan(ctx.user, localDay(new Date()), { days: WEEK_DAYS }).catch(() => {});
  return root;
}

async function planParts(ctx, redraw) {
  const today = localDay(new Date());
  let answer;
  try {
    answer = await myPlan(ctx.user, today, { days: choice.days, position: choice.position });
  } catch {
    return [kindBar(ctx), viewChips(redraw), h('p', { class: 'notice notice-warn' }, choice.days === 1
      ? 'Chưa tải được kế hoạch hôm nay. Khi có mạng, mở lại màn hình này một lần để máy giữ kế hoạch dùng cả ngày.'
      : 'Chưa tải được kế hoạch tuần này. Khi có mạng, mở lại một lần để máy giữ kế hoạch.')];
  }
  const done = await loggedSince(ctx.user.id, today);
  const { data } = answer;
  data.days ??= [{ date: data.date, items: data.items }];  // a copy kept by an earlier version
  const items = data.days.flatMap((d) => d.items);
  const ticked = items.filter((item) => done.has(item.group_id)).length;
  return [
    kindBar(ctx),
    viewChips(redraw),
    h('div', { class: 'plan-head' },
      h('h2', { class: 'plan-title' }, choice.days === 1 ? `Kế hoạch ${formatDate(new Date(`${data.date}T00:00:00`))}`
        : `Kế hoạch 7 ngày từ ${formatDate(new Date(`${data.date}T00:00:00`))}`),
      h('p', { class: 'plan-meta', dataset: { done: ticked, total: items.length } },
        `Đã làm ${ticked}/${items.length} điểm`,
        data.area.length ? ` · Phụ trách ${data.area.length} tổ` : ''),
      !answer.fresh && h('p', { class: 'notice', role: 'status' },
        `Đang ngoại tuyến: kế hoạch tải lúc ${formatShort(answer.fetchedAt)}.`),
      startLine(data, redraw)),
    choice.days === 1 ? dayList(data.items, done) : data.days.map((day) => h('section', {
      class: 'plan-day', dataset: { date: day.date } },
    h('h3', { class: 'day-heading' }, dayHeading(`${day.date}T00:00:00`)),
    day.items.length ? dayList(day.items, done) : h('p', { class: 'plan-meta' }, 'Không có tổ nào.'))),
  ];
}

function dayList(items, done) {
  return items.length === 0
    ? h('p', { class: 'empty' }, 'Hôm nay không có tổ nào cần đến. Bạn vẫn ghi hoạt động như thường.')
    : h('ol', { class: 'plan-list' }, items.map((item) => planItem(item, done.has(item.group_id))));
}

function viewChips(redraw) {
  return h('div', { class: 'chips filter-chips plan-view', role: 'radiogroup', 'aria-label': 'Kế hoạch' },
    [[1, 'Hôm nay'], [WEEK_DAYS, 'Tuần này']].map(([days, label]) => h('button', {
      type: 'button', role: 'radio', class: ['chip', choice.days === days && 'is-selected'],
      'aria-checked': String(choice.days === days), dataset: { days },
      onclick: () => { choice.days = days; redraw(); },
    }, label)));
}

/** Where the route starts, and the button that starts it from the phone's position. */
function startLine(data, redraw) {
  const message = h('p', { class: 'plan-start-message', role: 'status', hidden: true });
  const button = h('button', { type: 'button', class: 'btn btn-secondary btn-block plan-from-here',
    onclick: async () => {
      button.disabled = true;
      try {
        const { lat, lon } = await currentPosition({ timeout: 10000 });
        choice.position = { lat, lon };
        await redraw();
      } catch (error) {
        button.disabled = false;
        message.hidden = false;
        message.textContent = `${error?.code === 1 ? 'Bạn chưa cho phép lấy vị trí'
          : 'Chưa bắt được vị trí (không có tín hiệu)'}: lộ trình vẫn bắt đầu từ trụ sở phường.`;
      }
    } }, 'Bắt đầu từ vị trí của tôi');
  const fromHere = data.start?.source === 'position';
  return h('div', { class: 'plan-start', dataset: { source: fromHere ? 'position' : 'ward' } },
    h('p', { class: 'plan-meta' }, fromHere ? 'Lộ trình bắt đầu từ vị trí của bạn.' : 'Lộ trình bắt đầu từ trụ sở phường.'),
    button, message);
}

/** Group ids with a live event of the user on `day` (the phone's day) or later, waiting or sent. */
async function loggedSince(userId, day) {
  const records = await listMine(userId);
  return new Set(records
    .filter((r) => !r.deleted && r.fields.group_id != null && localDay(new Date(r.fields.occurred_at)) >= day)
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
