// The ward dashboard (commanders; admins pick a ward): headline figures of a period, progress
// against targets, a weekly trend, effectiveness per kind, per channel (support points, QR boards,
// platforms) and per person, and the residential groups nobody has reached. The last answer is kept on the phone and shown offline.
// The national desk opens a ward from a province's ranking (`params.ward`): the same figures,
// read-only, without the managers' sections (channels, plans) and links (map).
import * as dashboardApi from '../data/dashboard-api.js';
import { channelsSection } from './channels.js';
import { weeklyBars } from './chart.js';
import { planSections } from './dashboard-plans.js';
import { h, replace } from './dom.js';
import { change, dec, hours, num, pct } from './figures.js';
import { hrefOf } from './nav.js';
import { KIND_LABELS, ROLE_LABELS, TARGET_LABELS } from './labels.js';
import { currentView, failure, freshness, ready, updateView } from './manager.js';
import { describeRange, periodPicker, periodRange } from './period.js';
import { sortableTable } from './sortable-table.js';
import { wardChoice } from './ward-picker.js';

const TREND_MEASURES = [
  { key: 'events', label: 'Hoạt động' },
  { key: 'vneid_activations', label: 'Kích hoạt VNeID' },
  { key: 'households_visited', label: 'Hộ được đến' },
  { key: 'dvc_filings', label: 'Hồ sơ DVC' },
];

export async function render(ctx, params = {}) {
  await ready();
  const root = h('div', { class: 'dash', dataset: { screen: 'dashboard', ...(params.ward && { readOnly: 'true' }) } });
  const draw = async () => replace(root, await build(ctx, draw, params));
  await draw();
  return root;
}

async function build(ctx, redraw, params) {
  const { user } = ctx;
  const view = await currentView(user);
  const readOnly = Boolean(params.ward);
  let choice;
  try {
    choice = readOnly ? { ward: (await dashboardApi.wardById(user, Number(params.ward))).data, picker: null }
      : await wardChoice(user, { onPick: redraw });
  } catch (error) {
    return failure(error, redraw);
  }
  const { ward, picker } = choice;
  const head = h('div', { class: 'dash-controls' }, picker, periodPicker(view.period, async (period) => {
    await updateView(user, { period });
    redraw();
  }));
  if (!ward) return [head, h('p', { class: 'empty' }, 'Chọn một phường/xã để xem số liệu.')];
  const range = periodRange(view.period);
  let answer;
  try {
    answer = await dashboardApi.wardMetrics(user, ward.id, range);
  } catch (error) {
    return [head, failure(error, redraw)];
  }
  const m = answer.data;
  const filing = latestFiling(m.filing) || await earlierFiling(user, ward.id, range.from);
  return [
    head,
    h('h2', { class: 'dash-title' }, ward.name || 'Phường/xã'),
    freshness(answer, redraw),
    h('div', { class: 'dash-links' },
      !readOnly && h('a', { class: 'btn btn-secondary', href: hrefOf('map') }, 'Xem bản đồ'),
      h('a', { class: 'btn btn-secondary', href: '#dash-gaps', onclick: (e) => jump(e, 'dash-gaps') }, 'Tổ chưa được đến')),
    headline(m, filing),
    targets(m),
    trend(m),
    kindTable(m),
    !readOnly && await channelsSection(user, ward, range),
    userTable(m),
    ...(readOnly ? [] : await planSections(user, ward.id)),
    unvisited(m, readOnly),
  ];
}

function figure(key, label, value, text, extra) {
  return h('div', { class: 'figure', dataset: { figure: key, value: value ?? '' } },
    h('span', { class: 'figure-value' }, text),
    h('span', { class: 'figure-label' }, label),
    extra && h('span', { class: 'figure-extra' }, extra));
}

function jump(event, id) {
  event.preventDefault();  // the hash is the router's: scroll without changing it
  document.getElementById(id)?.scrollIntoView({ block: 'start' });
}

/** The latest month of a list with an online-filing rate. */
function latestFiling(months) {
  return [...(months || [])].reverse().find((f) => f.rate_pct !== null && f.rate_pct !== undefined) || null;
}

/** Filing figures come in after a month ends: with none in the period, the latest of the three
 * months before it, marked as earlier. */
async function earlierFiling(user, wardId, from) {
  const start = new Date(`${from}T00:00:00Z`);
  start.setUTCMonth(start.getUTCMonth() - 3, 1);
  const range = { from: start.toISOString().slice(0, 10), to: from };
  try {
    const answer = await dashboardApi.filingStats(user, wardId, range);
    const found = latestFiling(answer.data);
    return found ? { ...found, earlier: true } : null;
  } catch {
    return null;
  }
}

function headline(m, filing) {
  const t = m.totals;
  const monthName = filing ? `tháng ${filing.month.slice(5)}/${filing.month.slice(0, 4)}${filing.earlier ? ' (tháng gần nhất có số liệu)' : ''}` : '';
  return h('section', { class: 'section', 'aria-labelledby': 'dash-headline' },
    h('h2', { id: 'dash-headline', class: 'section-title' }, 'Kết quả trong kỳ'),
    h('div', { class: 'figures' },
      figure('events', 'hoạt động tuyên truyền', t.events, num(t.events), `${hours(t.hours)} giờ`),
      figure('households_visited', 'lượt hộ được đến', t.households_visited, num(t.households_visited),
        `trên ${num(m.households_total)} hộ`),
      figure('coverage_pct', 'độ bao phủ hộ của phường', m.coverage_pct, pct(m.coverage_pct)),
      figure('vneid_installs', 'lượt cài đặt VNeID', t.vneid_installs, num(t.vneid_installs)),
      figure('vneid_activations', 'tài khoản VNeID mức 2 được hỗ trợ kích hoạt', t.vneid_activations, num(t.vneid_activations)),
      eidFigure(m.eid),
      figure('dvc_filings', 'hồ sơ DVC được hỗ trợ nộp', t.dvc_filings, num(t.dvc_filings)),
      figure('filing_rate', filing ? `tỷ lệ nộp hồ sơ trực tuyến ${monthName}` : 'tỷ lệ nộp hồ sơ trực tuyến',
        filing?.rate_pct, filing ? pct(filing.rate_pct) : '—',
        filing ? change(filing.change_pct) : 'chưa nhập số liệu hồ sơ của kỳ này'),
      figure('gaps', 'tổ không có hoạt động 30 ngày', m.gaps, num(m.gaps), `trong ${num(m.groups.length)} tổ`)));
}

/** The latest month's level-2 e-ID coverage of the ward (all its residents, not only outreach). */
function eidFigure(months) {
  const last = [...(months || [])].reverse().find((e) => e.eligible != null);
  if (!last) return figure('eid_coverage_pct', 'định danh mức 2 của phường', null, '—', 'chưa nhập số liệu định danh mức 2');
  return figure('eid_coverage_pct', `định danh mức 2 của phường tháng ${last.month.slice(5)}/${last.month.slice(0, 4)}`,
    last.coverage_pct, pct(last.coverage_pct), `${num(last.activated)}/${num(last.eligible)} tài khoản`);
}

function targets(m) {
  const list = m.targets || [];
  return h('section', { class: 'section', 'aria-labelledby': 'dash-targets' },
    h('h2', { id: 'dash-targets', class: 'section-title' }, 'Tiến độ chỉ tiêu'),
    list.length === 0
      ? h('p', { class: 'hint' }, 'Chưa đặt chỉ tiêu cho kỳ này.')
      : h('ul', { class: 'targets' }, list.map((t) => {
        const unit = t.unit === 'pct' ? pct : num;
        const progress = t.progress_pct ?? 0;
        const bar = h('span', { class: ['target-fill', progress >= 100 && 'is-done'] });
        bar.style.width = `${Math.min(100, progress)}%`;
        const period = t.month ? `tháng ${t.month.slice(5)}/${t.month.slice(0, 4)}` : describeRange({ from: t.from, to: t.to });
        return h('li', { class: 'target', dataset: { target: t.kind } },
          h('div', { class: 'target-head' },
            h('span', { class: 'target-name' }, TARGET_LABELS[t.kind] || t.kind),
            h('span', { class: 'target-pct' }, t.progress_pct === null ? 'chưa có số liệu' : `đạt ${dec(t.progress_pct)} %`)),
          h('div', { class: 'target-bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100',
            'aria-valuenow': String(Math.round(Math.min(100, progress))), 'aria-label': TARGET_LABELS[t.kind] || t.kind }, bar),
          h('p', { class: 'target-detail' }, `${unit(t.actual)} / ${unit(t.value)} · ${period}`));
      })));
}

function trend(m) {
  const box = h('div', { class: 'chart-box' });
  const chips = [];
  const show = (measure) => {
    chips.forEach((c) => {
      c.classList.toggle('is-selected', c.dataset.measure === measure.key);
      c.setAttribute('aria-pressed', String(c.dataset.measure === measure.key));
    });
    replace(box, weeklyBars(m.weekly.map((w) => {
      const [, mm, dd] = String(w.week_start).split('-');
      return { label: `${dd}/${mm}`, value: w[measure.key] || 0, ongoing: Boolean(w.ongoing),
        title: `Tuần từ ${dd}/${mm} (${w.week}): ${num(w[measure.key])} ${measure.label.toLowerCase()}` };
    }), { unit: measure.label }));
  };
  for (const measure of TREND_MEASURES) {
    chips.push(h('button', { type: 'button', class: 'chip', dataset: { measure: measure.key },
      onclick: () => show(measure) }, measure.label));
  }
  show(TREND_MEASURES[0]);
  return h('section', { class: 'section', 'aria-labelledby': 'dash-trend' },
    h('h2', { id: 'dash-trend', class: 'section-title' }, 'Xu hướng theo tuần'),
    h('div', { class: 'chips', role: 'group', 'aria-label': 'Chỉ số của biểu đồ' }, chips),
    box, h('p', { class: 'hint' }, 'Mỗi cột là một tuần (thứ Hai đến Chủ nhật); ngày dưới cột là thứ Hai của tuần. Cột gạch chéo là tuần này, chưa hết.'));
}

const perHour = (field) => (row) => row.effectiveness?.[`${field}_per_hour`] ?? null;

function effectColumns() {
  // Activations per hour first: on a phone it is the column seen without scrolling sideways.
  return [
    { key: 'act_h', label: 'Kích hoạt / giờ', value: perHour('vneid_activations'), render: (r) => dec(perHour('vneid_activations')(r)) },
    { key: 'vneid_activations', label: 'Kích hoạt' },
    { key: 'events', label: 'Số HĐ' },
    { key: 'hours', label: 'Giờ', render: (r) => hours(r.hours) },
    { key: 'inst_h', label: 'Cài đặt / giờ', value: perHour('vneid_installs'), render: (r) => dec(perHour('vneid_installs')(r)) },
    { key: 'dvc_h', label: 'DVC / giờ', value: perHour('dvc_filings'), render: (r) => dec(perHour('dvc_filings')(r)) },
    { key: 'act_e', label: 'Kích hoạt / HĐ', value: (r) => r.effectiveness?.vneid_activations_per_event ?? null,
      render: (r) => dec(r.effectiveness?.vneid_activations_per_event) },
  ];
}

function kindTable(m) {
  const rows = Object.entries(m.by_kind).map(([kind, totals]) => ({ kind, ...totals }));
  return h('section', { class: 'section', 'aria-labelledby': 'dash-kinds' },
    h('h2', { id: 'dash-kinds', class: 'section-title' }, 'Hiệu quả theo hình thức'),
    sortableTable({
      caption: 'Hiệu quả theo hình thức tuyên truyền', className: 'kind-table', sortKey: 'act_h',
      columns: [{ key: 'kind', label: 'Hình thức', num: false, sticky: true,
        value: (r) => KIND_LABELS[r.kind] || r.kind, render: (r) => KIND_LABELS[r.kind] || r.kind }, ...effectColumns()],
      rows, rowAttrs: (r) => ({ dataset: { kind: r.kind } }),
    }),
    h('p', { class: 'hint' }, 'Bấm tên cột để sắp xếp; vuốt ngang để xem thêm cột. "HĐ": hoạt động.'));
}

const PEOPLE_FILTERS = [
  { id: 'all', label: 'Tất cả', roles: null },
  { id: 'officer', label: 'Cảnh sát khu vực', roles: ['officer'] },
  { id: 'volunteer', label: 'Tình nguyện viên', roles: ['volunteer'] },
];

function userTable(m) {
  const box = h('div', { class: 'user-table-box' });
  const chips = PEOPLE_FILTERS.map((f) => h('button', {
    type: 'button', class: 'chip', dataset: { people: f.id }, onclick: () => show(f),
  }, f.label));
  const show = (filter) => {
    chips.forEach((c) => {
      c.classList.toggle('is-selected', c.dataset.people === filter.id);
      c.setAttribute('aria-pressed', String(c.dataset.people === filter.id));
    });
    const rows = m.users.filter((u) => !filter.roles || filter.roles.includes(u.role));
    replace(box, rows.length === 0 ? h('p', { class: 'hint' }, 'Không có ai trong nhóm này.') : sortableTable({
      caption: 'Kết quả theo cán bộ và tình nguyện viên', className: 'user-table', sortKey: 'act_h',
      columns: [{ key: 'full_name', label: 'Họ tên', num: false, sticky: true,
        render: (r) => [h('span', { class: 'person' }, r.full_name), h('span', { class: 'person-role' }, ROLE_LABELS[r.role] || r.role)] },
      ...effectColumns(), { key: 'households_visited', label: 'Hộ đến' }],
      rows, rowAttrs: (r) => ({ dataset: { user: String(r.user_id) } }),
    }));
  };
  show(PEOPLE_FILTERS[0]);
  return h('section', { class: 'section', 'aria-labelledby': 'dash-users' },
    h('h2', { id: 'dash-users', class: 'section-title' }, 'Theo cán bộ, tình nguyện viên'),
    h('div', { class: 'chips', role: 'group', 'aria-label': 'Lọc theo vai trò' }, chips),
    h('div', { class: 'user-gap' }),
    box,
    h('p', { class: 'hint' }, 'Xếp theo số tài khoản VNeID kích hoạt trên mỗi giờ tuyên truyền. Bấm tên cột để sắp xếp khác.'));
}

function lastVisit(g) {
  if (g.days_since_last === null || g.days_since_last === undefined) return 'Chưa từng có hoạt động';
  if (g.days_since_last === 0) return 'Lần cuối: hôm nay';
  return `Lần cuối: ${num(g.days_since_last)} ngày trước`;
}

function unvisited(m, readOnly) {
  const rows = m.groups.filter((g) => g.gap || g.events === 0)
    .sort((a, b) => (b.days_since_last ?? Infinity) - (a.days_since_last ?? Infinity) || a.code.localeCompare(b.code));
  return h('section', { class: 'section', 'aria-labelledby': 'dash-gaps' },
    h('h2', { id: 'dash-gaps', class: 'section-title' }, `Tổ chưa được đến (${rows.length})`),
    h('p', { class: 'hint' }, 'Tổ không có hoạt động nào trong kỳ đã chọn; nhãn "Bỏ trống" là tổ không có hoạt động trong 30 ngày.'),
    rows.length === 0 ? h('p', { class: 'notice notice-ok' }, 'Tổ nào cũng đã có hoạt động trong kỳ này.')
      : h('ul', { class: 'gap-list' }, rows.map((g) => h('li', { class: ['gap-item', g.gap && 'is-gap'], dataset: { group: String(g.group_id), gap: g.gap ? '1' : '0' } },
        h('div', { class: 'gap-main' },
          h('span', { class: 'gap-name' }, g.name),
          h('span', { class: 'gap-meta' }, `${g.code} · ${num(g.households_total)} hộ · ${lastVisit(g)}`)),
        g.gap && h('span', { class: 'badge badge-gap' }, 'Bỏ trống')))),
    !readOnly && h('a', { class: 'btn btn-secondary btn-block', href: hrefOf('map') }, 'Xem trên bản đồ bao phủ'));
}
