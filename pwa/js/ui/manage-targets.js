// Quản lý · Chỉ tiêu: the ward's targets (chỉ tiêu) for a month or a span of days, each with
// what has been reached so far; set one (setting the same kind and period again replaces it) or
// remove one.
import * as mapi from '../data/manage-api.js';
import { confirmDialog } from './dialog.js';
import { h, replace } from './dom.js';
import { PERCENT_TARGETS, TARGET_LABELS, formatDate, formatNumber } from './labels.js';
import {
  failureText, field, input, monthKey, monthOptions, numberValue, select, showErrors,
} from './manage-form.js';
import { showToast } from './toast.js';

// The form's choices say which targets are a percentage.
export const TARGET_KINDS = Object.entries(TARGET_LABELS)
  .map(([kind, label]) => [kind, PERCENT_TARGETS.includes(kind) ? `${label} (%)` : label]);

export async function render(ctx, ward) {
  const root = h('div', { class: 'manage-targets' });
  const draw = async () => {
    const list = await mapi.targets(ctx.user, ward.id);
    replace(root, targetForm(ctx, ward, draw), h('h3', { class: 'm-subtitle' }, 'Chỉ tiêu đã đặt'),
      list.length === 0 && h('p', { class: 'empty' }, 'Chưa có chỉ tiêu nào.'),
      h('ul', { class: 'm-list' }, list.map((t) => targetItem(ctx, ward, t, draw))));
  };
  await draw();
  return root;
}

function periodText(t) {
  if (t.month) return `Tháng ${t.month.slice(5)}/${t.month.slice(0, 4)}`;
  const last = new Date(`${t.to}T00:00:00`);
  last.setDate(last.getDate() - 1);
  return `${formatDate(new Date(`${t.from}T00:00:00`))} – ${formatDate(last)}`;
}

function amount(value, unit) {
  if (value == null) return '—';
  return unit === 'pct' ? `${formatNumber(value)} %` : formatNumber(value);
}

function targetItem(ctx, ward, t, redraw) {
  const progress = t.progress_pct;
  const bar = h('span', { class: 'm-bar-fill' });
  bar.style.width = `${Math.min(100, progress || 0)}%`;
  const remove = async () => {
    const ok = await confirmDialog({ title: 'Xóa chỉ tiêu?', danger: true, confirm: 'Xóa', cancel: 'Giữ lại',
      message: `${TARGET_LABELS[t.kind] || t.kind}, ${periodText(t)}. Số liệu đã đạt không bị ảnh hưởng.` });
    if (!ok) return;
    const key = t.month ? { kind: t.kind, month: t.month } : { kind: t.kind, from: t.from, to: t.to };
    try {
      await mapi.deleteTarget(ctx.user, ward.id, key);
      showToast('Đã xóa chỉ tiêu.', { kind: 'ok', id: 'manage' });
      await redraw();
    } catch (error) {
      showToast(failureText(error), { kind: 'error', id: 'manage' });
    }
  };
  return h('li', { class: 'm-item m-item-stack', dataset: { kind: t.kind } },
    h('div', { class: 'm-item-main' },
      h('p', { class: 'm-item-title' }, TARGET_LABELS[t.kind] || t.kind),
      h('p', { class: 'm-item-meta' }, `${periodText(t)} · chỉ tiêu ${amount(t.value, t.unit)} · đã đạt ${amount(t.actual, t.unit)}`),
      h('div', { class: 'm-bar', role: 'img', 'aria-label': `Đạt ${progress == null ? '—' : formatNumber(progress)} %` }, bar),
      h('p', { class: 'm-item-meta' }, progress == null ? 'Chưa có số liệu' : `Đạt ${formatNumber(progress)} % chỉ tiêu`),
      t.note && h('p', { class: 'm-item-meta' }, t.note)),
    h('div', { class: 'm-buttons' },
      h('button', { type: 'button', class: 'btn btn-danger-outline', onclick: remove }, 'Xóa')));
}

function targetForm(ctx, ward, redraw) {
  const controls = {
    kind: select('kind', TARGET_KINDS, 'vneid_activations'),
    month: select('month', monthOptions(12, 12), monthKey(0)),
    value: input('value', { inputmode: 'decimal' }),
    note: input('note', { maxlength: '200' }),
  };
  const form = h('form', { class: 'm-form', novalidate: true },
    h('h3', { class: 'm-subtitle' }, 'Đặt chỉ tiêu'),
    h('div', { class: 'm-grid' },
      field('Loại chỉ tiêu', controls.kind, { wide: true }),
      field('Tháng', controls.month),
      field('Chỉ tiêu', controls.value, { hint: 'Số lượng, hoặc % với chỉ tiêu tỷ lệ' }),
      field('Ghi chú', controls.note, { wide: true, hint: 'Ví dụ: theo Kế hoạch của Công an tỉnh' })),
    h('p', { class: 'form-message', hidden: true, role: 'alert', tabindex: '-1' }),
    h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, 'Lưu chỉ tiêu'),
    h('p', { class: 'hint' }, 'Đặt lại cùng loại và cùng tháng sẽ thay chỉ tiêu đã có.'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { kind: controls.kind.value, month: controls.month.value || undefined,
      value: numberValue(controls.value), note: controls.note.value.trim() || null };
    try {
      const saved = await mapi.setTarget(ctx.user, ward.id, body);
      showToast(`Đã lưu chỉ tiêu ${TARGET_LABELS[saved.kind] || saved.kind}.`, { kind: 'ok', id: 'manage' });
      await redraw();
    } catch (error) {
      showErrors(form, error);
    }
  });
  return form;
}
