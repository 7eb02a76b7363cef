// The province view (admins): the wards ranked by online-filing rate for a month, overall or for
// one service group, in the layout of the provinces' published tables (STT · Đơn vị · Tổng ·
// Trực tiếp · Trực tuyến · Tỷ lệ · Chưa phát sinh · Ghi chú, with the target when set), the
// outreach of that month beside it, the import of a published table with every line answered,
// and a map of the wards fitted to the province, coloured by rate or coverage in classes of the
// month's own figures, named on hover or tap. An admin also sees where the province stands in the
// country ("Toàn quốc"); both an admin and the national desk (which opens any province here,
// read-only) see "what works".
import { chooseWard, visibleWards } from '../data/current-ward.js';
import { provinceRanking } from '../data/dashboard-api.js';
import { standingCard, whatWorksCard } from './province-cards.js';
import { h, nextId, replace } from './dom.js';
import { dec, num, pct } from './figures.js';
import { SERVICE_GROUP_LABELS } from './labels.js';
import { hrefOf } from './nav.js';
import { eidImportBox, importAnswers, importBox } from './province-import.js';
import { currentView, freshness, retryingScreen, updateView } from './manager.js';
import { monthSelect, periodRange } from './period.js';
import { sortableTable } from './sortable-table.js';
import { baseMap, colorOf, legend, loadLeaflet, rangeScale, spaceCircles, tileSettings } from './map-kit.js';

const MEASURES = [
  { key: 'rate_pct', label: 'Tỷ lệ nộp trực tuyến' },
  { key: 'coverage_pct', label: 'Độ bao phủ hộ' },
];

export function render(ctx, params = {}) {
  return retryingScreen({ class: 'province', dataset: { screen: 'province' } }, 'Đang tải bảng xếp hạng…',
    (root, draw) => build(ctx, root, draw, Number(params.id) || ctx.user.province_id));
}

// The month the ranking shows: a ward opened from it (table or map) opens on that month.
let shownMonth = null;
// The answer of the last import, shown above the ranking until closed.
let lastImport = null;

function monthLabel(month) {
  return month ? `tháng ${month.slice(5)}/${month.slice(0, 4)}` : '';
}

async function build(ctx, root, redraw, provinceId) {
  const { user } = ctx;
  const view = await currentView(user);
  const month = view.rankingMonth || null;
  const group = view.rankingGroup || '';
  const answer = await provinceRanking(user, month, group, provinceId);
  const data = answer.data;
  shownMonth = data.month || null;
  const monthId = nextId('month');
  const monthInput = monthSelect(monthId, data.month);
  const controls = h('div', { class: 'dash-controls province-controls' },
    h('label', { for: monthId, class: 'field-label' }, 'Tháng', monthInput),
    h('button', { type: 'button', class: 'btn btn-secondary', onclick: async () => {
      if (!/^\d{4}-\d{2}$/.test(monthInput.value)) return;
      await updateView(user, { rankingMonth: monthInput.value });
      redraw();
    } }, 'Xem tháng'),
    groupPicker(user, group, redraw));
  const wardsBox = h('div', { class: 'province-map-wrap' });
  const silent = data.rows.filter((r) => r.total == null && !r.events);  // neither reported nor active
  const shown = view.provinceAll ? data.rows : data.rows.filter((r) => !silent.includes(r));
  replace(root,
    controls,
    h('h2', { class: 'dash-title' }, `Xếp hạng phường/xã ${monthLabel(data.month)}${group ? `: ${groupLabel(group)}` : ''}`),
    freshness(answer, redraw),
    summary(data),
    lastImport && importAnswers(lastImport.answer, () => { lastImport = null; redraw(); }, lastImport.kind),
    user.role === 'admin' && importBox(user, { month: data.month, group: group || 'other' }, async (result, m, g) => {
      lastImport = { kind: 'filing', answer: result };
      await updateView(user, { rankingMonth: m, rankingGroup: g });
      redraw();
    }),
    user.role === 'admin' && eidImportBox(user, async (result) => {
      lastImport = { kind: 'eid', answer: result };
      redraw();
    }),
    h('div', { class: 'province-cards' },
      user.role === 'admin' && standingCard(user, data.month),
      whatWorksCard(user, provinceId, data.month)),
    h('div', { class: 'province-body' },
      h('div', { class: 'province-table' },
        rankingTable({ ...data, rows: shown }, user, provinceId),
        h('p', { class: 'hint' }, 'Bấm tên cột để sắp xếp. Dòng có dấu ⚠: trực tiếp + trực tuyến khác tổng (giữ nguyên số liệu báo cáo). Chưa phát sinh: không có hồ sơ nào (không tính là 0 %). Hoạt động, hộ được đến, bao phủ và kích hoạt VNeID là của cùng tháng.'),
        silent.length > 0 && h('button', { type: 'button', class: 'btn btn-secondary btn-block', dataset: { toggle: 'silent' },
          onclick: async () => {
            await updateView(user, { provinceAll: !view.provinceAll });
            redraw();
          } }, view.provinceAll ? `Ẩn ${num(silent.length)} phường/xã chưa báo cáo, chưa có hoạt động`
          : `Hiện cả ${num(silent.length)} phường/xã chưa báo cáo, chưa có hoạt động`)),
      wardsBox));
  let wards = [];
  try {
    wards = await visibleWards(user);
  } catch {
    replace(wardsBox, h('p', { class: 'hint' }, 'Chưa tải được vị trí các phường/xã để vẽ bản đồ.'));
    return;
  }
  await wardMap(ctx, wardsBox, data, wards, view.provinceMeasure || 'rate_pct');
}

function groupLabel(group) {
  return (SERVICE_GROUP_LABELS.find(([key]) => key === group) || [group, group])[1];
}

/** Which service group the ranking shows: all together, or one of them. */
function groupPicker(user, group, redraw) {
  const id = nextId('group');
  const picker = h('select', { id, class: 'text-input', name: 'ranking_group', onchange: async () => {
    await updateView(user, { rankingGroup: picker.value });
    redraw();
  } }, [['', 'Tất cả lĩnh vực'], ...SERVICE_GROUP_LABELS].map(([key, label]) => h('option', { value: key, selected: key === group }, label)));
  return h('label', { for: id, class: 'field-label' }, 'Lĩnh vực', picker);
}

/** The 'Ghi chú' of a ward's line, as the published tables put it. */
function remarkOf(r) {
  if (r.total == null) return 'Chưa báo cáo';
  const out = [];
  if (r.inconsistent) out.push('Số liệu không khớp');
  if (r.nothing_arose) out.push('Chưa phát sinh');
  if (r.meets_target === true) out.push('Đạt chỉ tiêu');
  if (r.meets_target === false) out.push('Chưa đạt chỉ tiêu');
  return out.join('; ');
}

/** 'Chưa phát sinh': for one service group, whether nothing arose; overall, in how many groups. */
function notArisen(r, group) {
  if (group) return r.nothing_arose ? 'x' : '';
  return r.not_arisen ? String(r.not_arisen).padStart(2, '0') : '';
}

function summary(data) {
  const p = data.province || {};
  return h('div', { class: 'figures figures-3' },
    h('div', { class: 'figure', dataset: { figure: 'province_rate', value: p.rate_pct ?? '' } },
      h('span', { class: 'figure-value' }, pct(p.rate_pct)), h('span', { class: 'figure-label' }, 'tỷ lệ nộp trực tuyến toàn tỉnh')),
    h('div', { class: 'figure', dataset: { figure: 'province_total', value: p.total ?? '' } },
      h('span', { class: 'figure-value' }, num(p.total)), h('span', { class: 'figure-label' }, 'hồ sơ tiếp nhận')),
    h('div', { class: 'figure', dataset: { figure: 'wards_reported', value: p.wards_reported ?? '' } },
      h('span', { class: 'figure-value' }, `${num(p.wards_reported)}/${num(data.rows.length)}`),
      h('span', { class: 'figure-label' }, 'phường/xã đã báo cáo')));
}

function rankingTable(data, user, provinceId) {
  const p = data.province || {};
  const group = data.service_group || '';
  const targets = data.rows.some((r) => r.target_pct != null);
  const foot = h('tr', {},
    h('td', {}, ''), h('th', { scope: 'row', class: 'sticky' }, 'Toàn tỉnh'),
    h('td', { class: 'num' }, num(p.total)), h('td', { class: 'num' }, num(p.in_person)),
    h('td', { class: 'num' }, num(p.online)), h('td', { class: 'num' }, pct(p.rate_pct)),
    h('td', { colspan: targets ? '9' : '8' }, ''));
  return sortableTable({
    caption: `Xếp hạng tỷ lệ nộp hồ sơ trực tuyến ${monthLabel(data.month)}`, className: 'ranking-table',
    sortKey: 'rank', sortDesc: false, foot: h('tfoot', {}, foot),
    columns: [
      { key: 'rank', label: 'STT', render: (r) => (r.rank === null ? '—' : String(r.rank)) },
      { key: 'ward_name', label: 'Đơn vị', num: false, sticky: true,
        render: (r) => [r.inconsistent ? '⚠ ' : '',
          h('a', { href: wardHref(user, provinceId, r.ward_id), dataset: { ward: String(r.ward_id) }, onclick: (e) => openWard(e, user, r.ward_id, provinceId) }, r.ward_name),
        // On a phone the rate it is ranked by sits under the name (its column is off-screen).
        h('span', { class: 'rank-rate', 'aria-hidden': 'true' }, `Tỷ lệ ${r.nothing_arose ? 'chưa phát sinh' : pct(r.rate_pct)}`)] },
      { key: 'total', label: 'Tổng' },
      { key: 'in_person', label: 'Trực tiếp' },
      { key: 'online', label: 'Trực tuyến' },
      { key: 'rate_pct', label: 'Tỷ lệ %', render: (r) => dec(r.rate_pct) },
      { key: 'not_arisen', label: 'Chưa phát sinh', num: false, value: (r) => (group ? (r.nothing_arose ? 1 : 0) : r.not_arisen), render: (r) => notArisen(r, group) },
      { key: 'remark', label: 'Ghi chú', num: false, value: remarkOf, render: remarkOf },
      targets && { key: 'target_pct', label: 'Chỉ tiêu %', render: (r) => dec(r.target_pct) },
      { key: 'change_pct', label: '± so tháng trước', render: (r) => (r.change_pct == null ? '—' : `${r.change_pct > 0 ? '+' : ''}${dec(r.change_pct)}`) },
      { key: 'events', label: 'Hoạt động' },
      { key: 'households_visited', label: 'Hộ được đến' },
      { key: 'coverage_pct', label: 'Bao phủ %', render: (r) => dec(r.coverage_pct) },
      { key: 'vneid_activations', label: 'Kích hoạt VNeID' },
      { key: 'activations_per_1000_households', label: 'Kích hoạt / 1.000 hộ', render: (r) => dec(r.activations_per_1000_households) },
    ].filter(Boolean),
    rows: data.rows, rowAttrs: (r) => ({ dataset: { ward: String(r.ward_id) }, class: r.inconsistent ? 'is-inconsistent' : null }),
  });
}

/** Where a ward of the ranking opens: an admin's dashboard (the ward chosen), or the national
 * desk's read-only view of that ward. */
function wardHref(user, provinceId, wardId) {
  return hrefOf(user.role === 'national' ? `national/${provinceId}/ward/${wardId}` : 'dashboard');
}

async function openWard(event, user, wardId, provinceId) {
  event.preventDefault();
  if (user.role !== 'national') await chooseWard(user, wardId);
  await updateView(user, { period: monthPeriod(shownMonth) });
  location.hash = wardHref(user, provinceId, wardId);
}

/** The dashboard's period for a ranking month 'YYYY-MM': "Tháng này", or that month's days. */
function monthPeriod(month) {
  const current = periodRange({ id: 'month' });
  if (!month || current.from.startsWith(month)) return { id: 'month' };
  const [y, m] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { id: 'custom', from: `${month}-01`, to: `${next}-01` };
}

async function attached(el) {
  while (!el.isConnected) await new Promise((resolve) => requestAnimationFrame(resolve));
}

async function wardMap(ctx, box, data, wards, measureKey) {
  const { user } = ctx;
  const rows = new Map(data.rows.map((r) => [r.ward_id, r]));
  const placed = wards.filter((w) => rows.has(w.id) && w.lat != null && w.lon != null);
  const measure = MEASURES.find((m) => m.key === measureKey) || MEASURES[0];
  const mapEl = h('div', { id: 'province-map', class: 'map-box map-box-province', role: 'region', 'aria-label': 'Bản đồ các phường/xã' });
  const notice = h('div', { class: 'map-notice', 'aria-live': 'polite' });
  const farBox = h('div', { class: 'province-far' });
  const chips = MEASURES.map((m) => h('button', {
    type: 'button', class: ['chip', m.key === measure.key && 'is-selected'], 'aria-pressed': String(m.key === measure.key),
    dataset: { measure: m.key },
    onclick: async () => {
      delete mapEl.dataset.ready;  // being drawn again
      await updateView(user, { provinceMeasure: m.key });
      replace(box);
      wardMap(ctx, box, data, wards, m.key);
    },
  }, m.label));
  const scale = rangeScale(placed.map((w) => rows.get(w.id)[measure.key]));
  replace(box, h('h2', { class: 'section-title' }, `Bản đồ phường/xã: ${measure.label.toLowerCase()}`),
    h('div', { class: 'chips', role: 'group', 'aria-label': 'Tô màu theo' }, chips), notice, mapEl, farBox,
    legend(`${measure.label} ${monthLabel(data.month)}`, [], scale, 'chưa báo cáo / chưa có số liệu'),
    h('p', { class: 'hint' }, 'Di chuột hoặc chạm vào một chấm để xem tên phường/xã.'));
  await attached(mapEl);
  const [L, settings] = await Promise.all([loadLeaflet(), tileSettings(user)]);
  const map = baseMap(L, mapEl, settings, () => {
    replace(notice, h('p', { class: 'notice' }, 'Không tải được nền bản đồ; các phường/xã vẫn hiện trên nền trơn.'));
  });
  const dots = drawWards(L, map, placed, (w) => ({ row: rows.get(w.id), value: rows.get(w.id)[measure.key], scale, user }));
  const { near, far } = farOff(placed);
  if (near.length) map.fitBounds(L.latLngBounds(near.map((w) => [w.lat, w.lon])), { padding: [20, 20], maxZoom: 12 });
  else map.setView([16.05, 108.2], 6);
  spaceCircles(map, dots.getLayers(), 8, 4);
  replace(farBox, farList(map, dots, far, rows));
  mapEl.province = { map, dots };
  mapEl.dataset.wards = String(placed.length);
  mapEl.dataset.ready = '1';
}

/** A dot per ward, coloured by its class in `scale`, named in a tooltip (hover) and a popup (tap). */
function drawWards(L, map, placed, figuresOf) {
  const renderer = L.canvas({ tolerance: 6 });
  const dots = L.featureGroup().addTo(map);
  for (const w of placed) {
    const { row: r, value, scale, user } = figuresOf(w);
    L.circleMarker([w.lat, w.lon], { renderer, radius: 8, color: '#1b1b1b', weight: 1.5,
      fillColor: colorOf(value, scale), fillOpacity: 0.9, wardId: w.id })
      .bindTooltip(`${r.ward_name}: ${pct(value)}`, { direction: 'top', offset: [0, -8] })
      .bindPopup(() => h('div', { class: 'popup' },
        h('p', { class: 'popup-title' }, r.ward_name),
        h('dl', { class: 'popup-facts' },
          h('dt', {}, 'Hạng'), h('dd', {}, r.rank === null ? 'chưa báo cáo' : String(r.rank)),
          h('dt', {}, 'Tỷ lệ trực tuyến'), h('dd', {}, pct(r.rate_pct)),
          h('dt', {}, 'Bao phủ hộ'), h('dd', {}, pct(r.coverage_pct)),
          h('dt', {}, 'Hoạt động'), h('dd', {}, num(r.events)),
          h('dt', {}, 'Kích hoạt VNeID'), h('dd', {}, num(r.vneid_activations))),
        user.role === 'admin' && h('a', { href: hrefOf('dashboard'), class: 'btn btn-secondary btn-block', onclick: (e) => openWard(e, user, w.id) },
          'Xem bảng điều khiển')), { maxWidth: 260 })
      .addTo(dots);
  }
  return dots;
}

/** The wards the view is fitted to, and those far off all the others (an island district out at
 * sea, more than three times as far from the middle as nine wards in ten): fitting those too
 * would shrink the mainland to a speck. */
function farOff(wards) {
  if (wards.length < 5) return { near: wards, far: [] };
  const middle = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const lat = middle(wards.map((w) => w.lat));
  const lon = middle(wards.map((w) => w.lon));
  const k = Math.cos(lat * Math.PI / 180);
  const away = (w) => Math.hypot(w.lat - lat, (w.lon - lon) * k);
  const reach = 3 * [...wards.map(away)].sort((a, b) => a - b)[Math.floor(0.9 * (wards.length - 1))];
  return { near: wards.filter((w) => away(w) <= reach), far: wards.filter((w) => away(w) > reach) };
}

/** The far-off wards named under the map, each a button that shows it. */
function farList(map, dots, far, rows) {
  if (!far.length) return null;
  const dotOf = (id) => dots.getLayers().find((d) => d.options.wardId === id);
  return h('p', { class: 'hint' }, 'Ở xa, ngoài khung bản đồ: ', far.map((w) => h('button', {
    type: 'button', class: 'btn btn-secondary', dataset: { ward: String(w.id) },
    onclick: () => {
      map.setView([w.lat, w.lon], 10, { animate: false });
      dotOf(w.id)?.openPopup();
    },
  }, rows.get(w.id).ward_name)));
}
