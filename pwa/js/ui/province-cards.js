// The province screen's cards: where the province stands among all provinces ("Toàn quốc", an
// admin's), and what outreach goes with next month's change across its wards ("what works",
// said as an association with its 90 % interval, or "Chưa đủ dữ liệu"). Each loads on its own,
// so a slow or failed one never holds the ranking back.
import { nationalPicture, whatWorks } from '../data/dashboard-api.js';
import { h, replace } from './dom.js';
import { dec, num, pct } from './figures.js';
import { KIND_LABELS } from './labels.js';

const OUTCOME_LABELS = {
  online_rate: 'Tỷ lệ nộp hồ sơ trực tuyến tháng sau',
  eid_coverage: 'Tỷ lệ định danh điện tử mức 2 tháng sau',
};
const FINDING_MARKS = { positive: '▲', negative: '▼', none: '○', too_little_data: '…' };

/** "Toàn quốc": the admin's province's rank and rate for `month` beside the national figure. */
export function standingCard(user, month) {
  const box = h('section', { class: 'card province-card', dataset: { card: 'national-standing' } },
    h('h2', { class: 'section-title' }, 'Toàn quốc'), h('p', { class: 'hint' }, 'Đang tải…'));
  nationalPicture(user, month).then(({ data }) => {
    const own = data.rows.find((r) => r.own) || {};
    const n = data.national;
    replace(box, h('h2', { class: 'section-title' }, 'Toàn quốc'),
      h('p', { class: 'standing', dataset: { rank: own.rank ?? '' } }, own.rank == null
        ? 'Tỉnh chưa có số liệu hồ sơ tháng này để xếp hạng.'
        : `Đứng thứ ${own.rank}/${num(n.provinces_reported)} tỉnh, thành phố có số liệu`),
      h('dl', { class: 'popup-facts' },
        h('dt', {}, 'Tỷ lệ trực tuyến của tỉnh'), h('dd', {}, pct(own.rate_pct)),
        h('dt', {}, 'Toàn quốc'), h('dd', {}, pct(n.rate_pct)),
        h('dt', {}, 'Phường/xã cả nước đã báo cáo'), h('dd', {}, `${num(n.wards_reported)}/${num(n.wards)}`)),
      h('p', { class: 'hint' }, 'Chỉ số liệu tổng hợp theo tỉnh; không hiện số liệu phường/xã của tỉnh khác.'));
  }).catch(() => replace(box, h('h2', { class: 'section-title' }, 'Toàn quốc'),
    h('p', { class: 'hint' }, 'Chưa tải được số liệu toàn quốc.')));
  return box;
}

/** "Cách làm gắn với kết quả": each kind of outreach and each channel (support points, QR boards,
 * platforms) against each outcome's next-month change. */
export function whatWorksCard(user, provinceId, month) {
  const title = h('h2', { class: 'section-title' }, 'Cách làm gắn với kết quả tháng sau');
  const box = h('section', { class: 'card province-card what-works', dataset: { card: 'what-works' } },
    title, h('p', { class: 'hint' }, 'Đang tính…'));
  whatWorks(user, provinceId, month).then(({ data }) => {
    replace(box, title,
      h('p', { class: 'hint' }, `${data.months} tháng, đến tháng ${data.month.slice(5)}/${data.month.slice(0, 4)}: `
        + 'mỗi dòng là mối liên hệ giữa số hoạt động (lượt quét QR, lượt tiếp cận) trên 1.000 hộ trong tháng và thay đổi của chỉ số tháng sau, '
        + `khoảng tin cậy ${data.level_pct} %. Đây là mối liên hệ, không phải nguyên nhân.`),
      ...data.outcomes.map((o) => h('div', { class: 'what-works-outcome', dataset: { outcome: o.outcome } },
        h('h3', { class: 'subsection-title' }, OUTCOME_LABELS[o.outcome] || o.outcome),
        tooLittleForAll(o.kinds) ? h('p', { class: 'finding-text', dataset: { finding: 'too_little_data' } }, o.kinds[0].text)
          : h('ul', { class: 'what-works-list' }, [...o.kinds, ...(o.channels || [])].map((k) => h('li', {
          class: `finding finding-${k.finding}`,
          dataset: k.channel ? { channel: k.channel, finding: k.finding } : { kind: k.kind, finding: k.finding } },
        h('span', { class: 'finding-mark', 'aria-hidden': 'true' }, FINDING_MARKS[k.finding] || ''),
        h('strong', {}, k.channel ? `Kênh: ${k.label}` : KIND_LABELS[k.kind] || k.kind),
        k.estimate == null ? '' : h('span', { class: 'finding-figure' },
          ` ${k.estimate > 0 ? '+' : ''}${dec(k.estimate)} điểm (${dec(k.ci_low)} đến ${dec(k.ci_high)})`),
        h('p', { class: 'finding-text' }, k.text)))))));
  }).catch(() => replace(box, title, h('p', { class: 'hint' }, 'Chưa tải được phần này.')));
  return box;
}

/** Too little data for every kind for the same reason (too few ward-months at all): said once. */
function tooLittleForAll(kinds) {
  return kinds.every((k) => k.finding === 'too_little_data') && new Set(kinds.map((k) => k.text)).size === 1;
}
