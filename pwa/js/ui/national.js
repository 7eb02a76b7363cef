// The national desk's landing ("Toàn quốc"): every province ranked by the online-filing rate of a
// month, all service groups or one, summed from its wards, with the national line; a province
// opens its ward ranking (read-only) and what works there.
import { nationalPicture } from '../data/dashboard-api.js';
import { h, nextId, replace } from './dom.js';
import { dec, num, pct } from './figures.js';
import { hrefOf } from './nav.js';
import { currentView, freshness, retryingScreen, updateView } from './manager.js';
import { monthSelect } from './period.js';
import { sortableTable } from './sortable-table.js';

export const SERVICE_GROUP_LABELS = {
  '': 'Tất cả thủ tục',
  permanent_residence: 'Đăng ký thường trú',
  temporary_residence: 'Đăng ký tạm trú',
  temporary_absence: 'Khai báo tạm vắng',
  stay_notice: 'Thông báo lưu trú',
  residence: 'Cư trú (chung)',
  id_card: 'Căn cước',
  other_mps: 'Dịch vụ khác của Bộ Công an',
  other: 'Thủ tục khác',
};

export function render(ctx) {
  return retryingScreen({ class: 'national', dataset: { screen: 'national' } }, 'Đang tải số liệu toàn quốc…',
    (root, draw) => build(ctx, root, draw));
}

async function build(ctx, root, redraw) {
  const { user } = ctx;
  const view = await currentView(user);
  const answer = await nationalPicture(user, view.nationalMonth || null, view.nationalGroup || null);
  const data = answer.data;
  replace(root,
    controls(user, data, view, redraw),
    h('h2', { class: 'dash-title' }, `Tỷ lệ nộp hồ sơ trực tuyến các tỉnh, thành phố tháng ${data.month.slice(5)}/${data.month.slice(0, 4)}`),
    freshness(answer, redraw),
    figures(data.national),
    h('div', { class: 'province-table' }, provincesTable(data),
      h('p', { class: 'hint' }, 'Số liệu tổng hợp từ các phường/xã của từng tỉnh. Bấm tên tỉnh để xem xếp hạng phường/xã (chỉ xem).')));
}

function controls(user, data, view, redraw) {
  const monthId = nextId('month');
  const groupId = nextId('group');
  const monthInput = monthSelect(monthId, data.month);
  const groupSelect = h('select', { id: groupId, class: 'text-input' }, Object.entries(SERVICE_GROUP_LABELS)
    .map(([value, label]) => h('option', { value, selected: (view.nationalGroup || '') === value }, label)));
  return h('div', { class: 'dash-controls province-controls' },
    h('label', { for: monthId, class: 'field-label' }, 'Tháng', monthInput),
    h('label', { for: groupId, class: 'field-label' }, 'Thủ tục', groupSelect),
    h('button', { type: 'button', class: 'btn btn-secondary', onclick: async () => {
      if (!/^\d{4}-\d{2}$/.test(monthInput.value)) return;
      await updateView(user, { nationalMonth: monthInput.value, nationalGroup: groupSelect.value || null });
      redraw();
    } }, 'Xem'));
}

function figures(n) {
  return h('div', { class: 'figures figures-3' },
    h('div', { class: 'figure', dataset: { figure: 'national_rate', value: n.rate_pct ?? '' } },
      h('span', { class: 'figure-value' }, n.nothing_arose ? 'Chưa phát sinh' : pct(n.rate_pct)),
      h('span', { class: 'figure-label' }, 'tỷ lệ trực tuyến toàn quốc')),
    h('div', { class: 'figure', dataset: { figure: 'national_total', value: n.total ?? '' } },
      h('span', { class: 'figure-value' }, num(n.total)), h('span', { class: 'figure-label' }, 'hồ sơ tiếp nhận')),
    h('div', { class: 'figure', dataset: { figure: 'provinces_reported', value: n.provinces_reported ?? '' } },
      h('span', { class: 'figure-value' }, `${num(n.provinces_reported)}/${num(n.provinces)}`),
      h('span', { class: 'figure-label' }, 'tỉnh, thành phố có số liệu')));
}

function rateText(r) {
  return r.nothing_arose ? 'Chưa phát sinh' : dec(r.rate_pct);
}

function provincesTable(data) {
  const n = data.national;
  const foot = h('tfoot', {}, h('tr', {},
    h('td', {}, ''), h('th', { scope: 'row', class: 'sticky' }, 'Toàn quốc'),
    h('td', { class: 'num' }, num(n.total)), h('td', { class: 'num' }, num(n.online)),
    h('td', { class: 'num' }, num(n.in_person)), h('td', { class: 'num' }, rateText(n)),
    h('td', { class: 'num' }, n.change_pct == null ? '—' : dec(n.change_pct)),
    h('td', { class: 'num' }, `${num(n.wards_reported)}/${num(n.wards)}`)));
  return sortableTable({
    caption: 'Xếp hạng tỉnh, thành phố', className: 'ranking-table', sortKey: 'rank', sortDesc: false, foot,
    columns: [
      { key: 'rank', label: 'Stt', render: (r) => (r.rank === null ? '—' : String(r.rank)) },
      { key: 'province_name', label: 'Tỉnh, thành phố', num: false, sticky: true,
        render: (r) => [h('a', { href: hrefOf(`national/${r.province_id}`), dataset: { province: String(r.province_id) } }, r.province_name),
          h('span', { class: 'rank-rate', 'aria-hidden': 'true' }, `Tỷ lệ ${r.nothing_arose ? 'chưa phát sinh' : pct(r.rate_pct)}`)] },
      { key: 'total', label: 'Tổng số hồ sơ' },
      { key: 'online', label: 'Trực tuyến' },
      { key: 'in_person', label: 'Trực tiếp' },
      { key: 'rate_pct', label: 'Tỷ lệ %', render: rateText },
      { key: 'change_pct', label: '± so tháng trước', render: (r) => (r.change_pct == null ? '—' : `${r.change_pct > 0 ? '+' : ''}${dec(r.change_pct)}`) },
      { key: 'wards_reported', label: 'Phường/xã báo cáo', render: (r) => `${num(r.wards_reported)}/${num(r.wards)}` },
    ],
    rows: data.rows, rowAttrs: (r) => ({ dataset: { province: String(r.province_id) } }),
  });
}
