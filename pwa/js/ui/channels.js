// The dashboard's channels beside field work: each support point's sessions and what each of its
// opening hours yielded, each QR board's scans (in the period and today), each platform's posts.
import * as dashboardApi from '../data/dashboard-api.js';
import { h } from './dom.js';
import { dec, hours, num } from './figures.js';
import { PLATFORM_LABELS } from './labels.js';
import { sortableTable } from './sortable-table.js';

/** The channels section for `ward` and `range`; a hint when the figures cannot be had. */
export async function channelsSection(user, ward, range) {
  let c;
  try {
    c = (await dashboardApi.wardChannels(user, ward.id, range)).data;
  } catch {
    return h('p', { class: 'hint' }, 'Chưa tải được số liệu các kênh.');
  }
  return h('section', { class: 'section', 'aria-labelledby': 'dash-channels', dataset: { channels: '' } },
    h('h2', { id: 'dash-channels', class: 'section-title' }, 'Hiệu quả theo kênh'),
    pointTable(c.points), boardTable(c.boards, c.scans_total), platformTable(c.platforms),
    h('p', { class: 'hint' }, 'Điểm hỗ trợ: số liệu các buổi hỗ trợ ghi tại điểm; "/ giờ mở": trên mỗi giờ điểm mở cửa trong kỳ. Bảng QR: lượt quét mã.'));
}

const nameColumn = (label, name) => ({ key: 'name', label, num: false, sticky: true, value: name, render: name });

function pointTable(points) {
  if (!points.length) return h('p', { class: 'hint' }, 'Phường chưa có điểm hỗ trợ.');
  return sortableTable({
    caption: 'Điểm hỗ trợ', className: 'point-table', sortKey: 'people_per_open_hour',
    columns: [nameColumn('Điểm hỗ trợ', (r) => r.name),
      { key: 'people_per_open_hour', label: 'Người / giờ mở', render: (r) => dec(r.people_per_open_hour) },
      { key: 'sessions', label: 'Buổi' }, { key: 'people_assisted', label: 'Người được hỗ trợ' },
      { key: 'vneid_installs', label: 'Cài đặt' }, { key: 'vneid_activations', label: 'Kích hoạt' },
      { key: 'dvc_filings', label: 'Hồ sơ DVC' },
      { key: 'activations_per_open_hour', label: 'Kích hoạt / giờ mở', render: (r) => dec(r.activations_per_open_hour) },
      { key: 'open_hours', label: 'Giờ mở', render: (r) => hours(r.open_hours) }],
    rows: points, rowAttrs: (r) => ({ dataset: { point: String(r.id) } }),
  });
}

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function boardTable(boards, total) {
  if (!boards.length) return h('p', { class: 'hint' }, 'Phường chưa có bảng QR.');
  const day = today();
  const rows = boards.map((b) => ({ ...b, today: b.scans_by_day.find((d) => d.day === day)?.scans || 0 }));
  return [h('p', { class: 'figure-line', dataset: { scansTotal: String(total) } }, `${num(total)} lượt quét mã QR trong kỳ`),
    sortableTable({
      caption: 'Bảng QR', className: 'board-table', sortKey: 'scans',
      columns: [nameColumn('Bảng QR', (r) => (r.retired ? `${r.name} (ngừng dùng)` : r.name)),
        { key: 'scans', label: 'Lượt quét' }, { key: 'today', label: 'Hôm nay' }],
      rows, rowAttrs: (r) => ({ dataset: { board: String(r.id), scans: String(r.scans), today: String(r.today) } }),
    })];
}

function platformTable(platforms) {
  const label = (r) => (r.platform ? PLATFORM_LABELS[r.platform] || r.platform : 'Chưa ghi nền tảng');
  return sortableTable({
    caption: 'Nền tảng số', className: 'platform-table', sortKey: 'online_reach',
    columns: [nameColumn('Nền tảng', label), { key: 'posts', label: 'Bài đăng' }, { key: 'online_reach', label: 'Lượt xem' },
      { key: 'vneid_installs', label: 'Cài đặt' }, { key: 'vneid_activations', label: 'Kích hoạt' }, { key: 'dvc_filings', label: 'Hồ sơ DVC' }],
    rows: platforms, rowAttrs: (r) => ({ dataset: { platform: r.platform || 'none' } }),
  });
}
