// Quản lý · Số liệu DVC: a month's dossiers received by the ward, per procedure as the reporting
// chain counts them — the four residence procedures (or residence together, when the source does
// not split them), citizen ID, the Ministry's other services, other — in total, online and in
// person; each rate against the target that applies, met or not, and "Chưa phát sinh" where
// nothing arose (never 0 %). Beside it, the month's level-2 e-ID figures.
import * as mapi from '../data/manage-api.js';
import { h, nextId, replace } from './dom.js';
import { formatNumber } from './labels.js';
import { errorText, field, failureText, input, intValue, monthKey, monthOptions, select, showErrors } from './manage-form.js';
import { showToast } from './toast.js';

const PROCEDURES = [['permanent_residence', 'Đăng ký thường trú'], ['temporary_residence', 'Đăng ký tạm trú'],
  ['temporary_absence', 'Khai báo tạm vắng'], ['stay_notice', 'Thông báo lưu trú']];
const RESIDENCE = [['residence', 'Cư trú (4 thủ tục gộp)']];
const OTHERS = [['id_card', 'Căn cước'], ['other_mps', 'DVC khác của Bộ Công an'], ['other', 'Thủ tục khác']];
const COLUMNS = [['total', 'Tổng số tiếp nhận'], ['online', 'Trực tuyến'], ['in_person', 'Trực tiếp']];
const SOURCES = { ward: 'của phường', province: 'mặc định của tỉnh', national: 'mức sàn quốc gia' };
const SPLIT = [['split', 'Tách theo 4 thủ tục cư trú'], ['combined', 'Cư trú gộp (nguồn không tách)']];

let chosenMonth = null;

const pct = (value) => (value == null ? '—' : `${formatNumber(value)} %`);
const monthText = (month) => `${month.slice(5)}/${month.slice(0, 4)}`;

export async function render(ctx, ward) {
  const root = h('div', { class: 'manage-filing' });
  const month = select('month', monthOptions(24, 0), chosenMonth || monthKey(-1));
  const body = h('div');
  const load = async () => {
    chosenMonth = month.value;
    const [stored, targets, eid] = await Promise.all([mapi.filingMonth(ctx.user, ward.id, month.value),
      mapi.rateTargets(ctx.user, ward.id, month.value), mapi.eidMonth(ctx.user, ward.id, month.value)]);
    const byGroup = new Map(targets.targets.map((t) => [t.service_group, t]));
    replace(body, monthForm(ctx, ward, month.value, stored, byGroup, load), eidForm(ctx, ward, month.value, eid, load));
  };
  month.addEventListener('change', () => load().catch((error) => showToast(failureText(error), { kind: 'error' })));
  replace(root, field('Tháng báo cáo', month, { hint: 'Số hồ sơ theo Cổng dịch vụ công của tháng.' }), body);
  await load();
  return root;
}

/** The groups a month is entered in: split residence procedures, or residence together. */
const groupsOf = (mode) => [...(mode === 'combined' ? RESIDENCE : PROCEDURES), ...OTHERS];

/** "Chưa phát sinh", or the rate against its target with met / not met. */
function rateLine(row, target) {
  const goal = target ? `chỉ tiêu ${pct(target.target_pct)} (${SOURCES[target.target_source]})` : '';
  if (!row) return h('p', { class: 'm-target' }, goal);
  if (row.nothing_arose) return h('p', { class: 'm-target' }, h('span', { class: 'm-badge is-none' }, 'Chưa phát sinh'), ` ${goal}`);
  const met = row.meets_target;
  return h('p', { class: 'm-target' }, h('span', { class: 'm-rate' }, `Trực tuyến ${pct(row.rate_pct)}`), ` · ${goal} `,
    met != null && h('span', { class: ['m-badge', met ? 'is-met' : 'is-unmet'] }, met ? 'Đạt' : 'Chưa đạt'));
}

function groupSet(group, label, row, target, cells) {
  cells[group] = {};
  return h('fieldset', { class: ['m-filing', row?.inconsistent && 'is-inconsistent'], dataset: { group } },
    h('legend', {}, label),
    rateLine(row, target),
    h('div', { class: 'm-filing-cells' }, COLUMNS.map(([name, title]) => {
      const el = input(`${group}.${name}`, { inputmode: 'numeric', value: row?.[name] ?? '', class: 'text-input m-num' });
      cells[group][name] = el;
      el.id = nextId('fc');
      return h('div', { class: 'm-filing-cell' }, h('label', { for: el.id, class: 'm-cell-label' }, title), el);
    })),
    row?.inconsistent && h('p', { class: 'm-flag' }, 'Trực tuyến + trực tiếp khác tổng số (được giữ nguyên).'),
    h('p', { class: 'field-error', hidden: true, 'aria-live': 'polite' }));
}

function totalLine(stored, target) {
  if (stored.total == null) return h('p', { class: 'm-filing-total' }, 'Tháng này chưa có số liệu.');
  const change = stored.change_pct != null ? ` (${stored.change_pct > 0 ? '+' : ''}${formatNumber(stored.change_pct)} điểm so với tháng trước)` : '';
  const met = stored.meets_target;
  return h('div', { class: 'm-filing-total' },
    h('p', {}, stored.nothing_arose ? 'Cộng: chưa phát sinh hồ sơ.'
      : `Cộng: ${formatNumber(stored.total)} hồ sơ, trực tuyến ${formatNumber(stored.online)} · tỷ lệ ${pct(stored.rate_pct)}${change}`),
    h('p', { class: 'm-target' }, `chỉ tiêu chung ${pct(target?.target_pct)} (${SOURCES[target?.target_source] || ''}) `,
      met != null && h('span', { class: ['m-badge', met ? 'is-met' : 'is-unmet'] }, met ? 'Đạt' : 'Chưa đạt')));
}

function monthForm(ctx, ward, month, stored, targets, reload) {
  const byGroup = new Map((stored.rows || []).map((row) => [row.service_group, row]));
  const mode = select('split', SPLIT, byGroup.has('residence') ? 'combined' : 'split');
  const sets = h('div');
  const cells = {};
  const draw = () => replace(sets, groupsOf(mode.value).map(([group, label]) =>
    groupSet(group, label, byGroup.get(group), targets.get(group), cells)));
  mode.addEventListener('change', draw);
  draw();
  const form = h('form', { class: 'm-form', novalidate: true, dataset: { month } },
    field('Số liệu cư trú', mode, { hint: 'Chọn “gộp” khi nguồn số liệu không tách 4 thủ tục cư trú.' }),
    sets, totalLine(stored, targets.get('overall')),
    h('p', { class: 'hint' }, 'Để trống cả nhóm nếu tháng đó không có số liệu của nhóm thủ tục; nhập 0 nếu chưa phát sinh hồ sơ.'),
    h('p', { class: 'form-message', hidden: true, role: 'alert', tabindex: '-1' }),
    h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, `Lưu số liệu tháng ${monthText(month)}`));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    saveMonth(ctx, ward, month, form, groupsOf(mode.value).map(([g]) => g), cells, reload);
  });
  return form;
}

async function saveMonth(ctx, ward, month, form, groups, cells, reload) {
  showErrors(form, null);
  const filled = groups.filter((group) => COLUMNS.some(([name]) => cells[group][name].value.trim() !== ''));
  if (!filled.length) {
    const box = form.querySelector('.form-message');
    box.textContent = 'Hãy nhập số liệu ít nhất một nhóm thủ tục.';
    box.hidden = false;
    return;
  }
  const rows = filled.map((group) => ({ service_group: group,
    ...Object.fromEntries(COLUMNS.map(([name]) => [name, intValue(cells[group][name])])) }));
  try {
    await mapi.putFilingMonth(ctx.user, ward.id, month, rows);
    showToast('Đã lưu số liệu tháng.', { kind: 'ok', id: 'manage' });
    await reload();
  } catch (error) {
    showErrors(form, error);
    markRows(form, error, filled, cells);
  }
}

/** The month's level-2 e-ID figures: residents eligible, accounts activated, the coverage. */
function eidForm(ctx, ward, month, stored, reload) {
  const eligible = input('eligible', { inputmode: 'numeric', value: stored.eligible ?? '', class: 'text-input m-num' });
  const activated = input('activated', { inputmode: 'numeric', value: stored.activated ?? '', class: 'text-input m-num' });
  const form = h('form', { class: 'm-form m-eid', novalidate: true },
    h('h3', { class: 'm-eid-title' }, 'Định danh điện tử mức 2'),
    h('div', { class: 'm-filing-cells m-eid-cells' },
      field('Công dân đủ điều kiện', eligible), field('Tài khoản đã kích hoạt', activated)),
    h('p', { class: 'm-filing-total' }, stored.coverage_pct == null
      ? (stored.eligible == null ? 'Tháng này chưa có số liệu định danh mức 2.' : 'Chưa có công dân đủ điều kiện.')
      : `Tỷ lệ kích hoạt: ${pct(stored.coverage_pct)}`),
    h('p', { class: 'form-message', hidden: true, role: 'alert', tabindex: '-1' }),
    h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, `Lưu định danh mức 2 tháng ${monthText(month)}`));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showErrors(form, null);
    try {
      await mapi.putEidMonth(ctx.user, ward.id, month, { eligible: intValue(eligible), activated: intValue(activated) });
      showToast('Đã lưu số liệu định danh mức 2.', { kind: 'ok', id: 'manage' });
      await reload();
    } catch (error) {
      showErrors(form, error);
    }
  });
  return form;
}

/** Put the schema's per-row errors ({"json": {"rows": {"0": {"online": [...]}}}}) on their cells. */
function markRows(form, error, filled, cells) {
  const rows = error?.body?.errors?.json?.rows;
  if (!rows || Array.isArray(rows)) return;
  form.querySelector('.form-message').textContent = failureText(error);
  for (const [index, fields] of Object.entries(rows)) {
    const group = filled[Number(index)];
    const set = form.querySelector(`fieldset[data-group="${group}"]`);
    if (!set) continue;
    const texts = [];
    for (const [name, codes] of Object.entries(fields)) {
      cells[group][name]?.setAttribute('aria-invalid', 'true');
      const title = COLUMNS.find(([c]) => c === name)?.[1] || name;
      texts.push(`${title}: ${[].concat(codes).map(errorText).join(' ')}`);
    }
    const line = set.querySelector('.field-error');
    line.textContent = texts.join(' ');
    line.hidden = false;
  }
}
