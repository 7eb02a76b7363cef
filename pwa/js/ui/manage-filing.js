// Quản lý · Số liệu DVC: a month's dossiers received by the ward, per service group — in total,
// online and in person — as in the provincial reports; the rate per group and overall, and a
// flag when the figures do not add up (kept as given, as the real exports do).
import * as mapi from '../data/manage-api.js';
import { h, nextId, replace } from './dom.js';
import { formatNumber } from './labels.js';
import { errorText, field, failureText, input, intValue, monthKey, monthOptions, select, showErrors } from './manage-form.js';
import { showToast } from './toast.js';

const GROUPS = [['residence', 'Cư trú'], ['id_card', 'Căn cước'], ['other', 'Thủ tục khác']];
const COLUMNS = [['total', 'Tổng số tiếp nhận'], ['online', 'Trực tuyến'], ['in_person', 'Trực tiếp']];

let chosenMonth = null;

const pct = (value) => (value == null ? '—' : `${formatNumber(value)} %`);

export async function render(ctx, ward) {
  const root = h('div', { class: 'manage-filing' });
  const month = select('month', monthOptions(24, 0), chosenMonth || monthKey(-1));
  const body = h('div');
  const load = async () => {
    chosenMonth = month.value;
    const stored = await mapi.filingMonth(ctx.user, ward.id, month.value);
    replace(body, monthForm(ctx, ward, month.value, stored, load));
  };
  month.addEventListener('change', () => load().catch((error) => showToast(failureText(error), { kind: 'error' })));
  replace(root, field('Tháng báo cáo', month, { hint: 'Số hồ sơ theo Cổng dịch vụ công của tháng.' }), body);
  await load();
  return root;
}

function monthForm(ctx, ward, month, stored, reload) {
  const byGroup = new Map((stored.rows || []).map((row) => [row.service_group, row]));
  const cells = {};
  const groups = GROUPS.map(([group, label]) => {
    const row = byGroup.get(group) || {};
    cells[group] = {};
    const legendId = nextId('fs');
    return h('fieldset', { class: ['m-filing', row.inconsistent && 'is-inconsistent'], dataset: { group } },
      h('legend', { id: legendId }, label,
        h('span', { class: 'm-rate' }, row.rate_pct == null ? '' : ` · trực tuyến ${pct(row.rate_pct)}`)),
      h('div', { class: 'm-filing-cells' }, COLUMNS.map(([name, title]) => {
        const el = input(`${group}.${name}`, { inputmode: 'numeric', value: row[name] ?? '', class: 'text-input m-num' });
        cells[group][name] = el;
        const id = nextId('fc');
        el.id = id;
        return h('div', { class: 'm-filing-cell' }, h('label', { for: id, class: 'm-cell-label' }, title), el);
      })),
      row.inconsistent && h('p', { class: 'm-flag' }, 'Trực tuyến + trực tiếp khác tổng số (được giữ nguyên).'),
      h('p', { class: 'field-error', hidden: true, 'aria-live': 'polite' }));
  });
  const form = h('form', { class: 'm-form', novalidate: true },
    groups,
    h('p', { class: 'm-filing-total' }, stored.total == null
      ? 'Tháng này chưa có số liệu.'
      : `Cộng: ${formatNumber(stored.total)} hồ sơ, trực tuyến ${formatNumber(stored.online)} · tỷ lệ ${pct(stored.rate_pct)}`
        + (stored.change_pct != null ? ` (${stored.change_pct > 0 ? '+' : ''}${formatNumber(stored.change_pct)} điểm so với tháng trước)` : '')),
    h('p', { class: 'hint' }, 'Để trống cả nhóm nếu tháng đó không có số liệu của nhóm thủ tục.'),
    h('p', { class: 'form-message', hidden: true, role: 'alert', tabindex: '-1' }),
    h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, `Lưu số liệu tháng ${month.slice(5)}/${month.slice(0, 4)}`));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showErrors(form, null);
    const filled = GROUPS.map(([group]) => group)
      .filter((group) => COLUMNS.some(([name]) => cells[group][name].value.trim() !== ''));
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
