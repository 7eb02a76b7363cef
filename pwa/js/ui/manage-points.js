// Quản lý · Điểm hỗ trợ: the ward's fixed support points — add, edit, stop using — with their
// weekly opening hours, typed per day as "07:30-11:30, 13:30-17:00".
import * as sapi from '../data/support-api.js';
import { h, replace } from './dom.js';
import { field, input, numberValue, requireFilled, select, showErrors } from './manage-form.js';
import { POINT_KIND_LABELS } from './labels.js';
import { showToast } from './toast.js';

const DAYS = [['mon', 'Thứ Hai'], ['tue', 'Thứ Ba'], ['wed', 'Thứ Tư'], ['thu', 'Thứ Năm'], ['fri', 'Thứ Sáu'],
  ['sat', 'Thứ Bảy'], ['sun', 'Chủ nhật']];

export async function render(ctx, ward) {
  const root = h('div', { class: 'manage-points' });
  const draw = async () => {
    const points = await sapi.points(ctx.user, ward.id);
    const adder = h('div', { class: 'm-slot' });
    const addButton = h('button', { type: 'button', class: 'btn btn-primary btn-block', onclick: () => {
      replace(adder, pointForm(ctx, ward, null, draw, () => replace(adder, addButton)));
    } }, '+ Thêm điểm hỗ trợ');
    replace(adder, addButton);
    replace(root, adder, h('h3', { class: 'm-subtitle' }, `${points.length} điểm hỗ trợ`),
      points.length === 0 && h('p', { class: 'empty' }, 'Phường chưa có điểm hỗ trợ nào.'),
      h('ul', { class: 'm-list' }, points.map((point) => pointItem(ctx, ward, point, draw))));
  };
  await draw();
  return root;
}

/** "Thứ Hai 07:30-11:30 · ..." of a weekly schedule. */
export function hoursText(hours) {
  const days = DAYS.filter(([key]) => hours?.[key]?.length)
    .map(([key, name]) => `${name} ${hours[key].map((s) => s.join('-')).join(', ')}`);
  return days.length ? days.join(' · ') : 'Chưa có giờ mở cửa';
}

function pointItem(ctx, ward, point, redraw) {
  const li = h('li', { class: 'm-item', dataset: { id: point.id } });
  const show = () => replace(li,
    h('div', { class: 'm-item-main' },
      h('p', { class: 'm-item-title' }, point.name),
      h('p', { class: 'm-item-meta' }, [POINT_KIND_LABELS[point.kind] || point.kind, point.address,
        point.lat != null ? 'Có vị trí' : 'Chưa có vị trí'].filter(Boolean).join(' · ')),
      h('p', { class: 'm-item-meta' }, hoursText(point.opening_hours))),
    h('button', { type: 'button', class: 'btn btn-secondary m-edit', 'aria-label': `Sửa ${point.name}`,
      onclick: () => replace(li, pointForm(ctx, ward, point, redraw, show)) }, 'Sửa'),
    h('button', { type: 'button', class: 'btn btn-secondary', 'aria-label': `Ngừng dùng ${point.name}`, onclick: async () => {
      if (!window.confirm(`Ngừng dùng điểm “${point.name}”? Các buổi hỗ trợ đã ghi vẫn giữ tên điểm.`)) return;
      await sapi.archivePoint(ctx.user, point.id);
      showToast(`Đã ngừng dùng ${point.name}.`, { kind: 'ok', id: 'manage' });
      await redraw();
    } }, 'Ngừng dùng'));
  show();
  return li;
}

function pointForm(ctx, ward, point, onSaved, onCancel) {
  const p = point || {};
  const controls = {
    name: input('name', { value: p.name || '', maxlength: '120', required: true }),
    kind: select('kind', Object.entries(POINT_KIND_LABELS), p.kind || 'one_stop'),
    address: input('address', { value: p.address || '', maxlength: '200' }),
    lat: input('lat', { value: p.lat ?? '', inputmode: 'decimal' }),
    lon: input('lon', { value: p.lon ?? '', inputmode: 'decimal' }),
  };
  const days = Object.fromEntries(DAYS.map(([key]) => [key, input(`hours-${key}`, {
    value: (p.opening_hours?.[key] || []).map((s) => s.join('-')).join(', '), placeholder: 'Nghỉ' })]));
  const form = h('form', { class: 'm-form', novalidate: true },
    h('h3', { class: 'm-subtitle' }, point ? `Sửa ${point.name}` : 'Thêm điểm hỗ trợ'),
    h('div', { class: 'm-grid' },
      field('Tên điểm', controls.name, { wide: true }), field('Loại', controls.kind),
      field('Địa chỉ', controls.address, { wide: true }),
      field('Vĩ độ', controls.lat, { hint: 'Ví dụ: 12.2458' }), field('Kinh độ', controls.lon, { hint: 'Ví dụ: 109.1953' })),
    h('fieldset', { class: 'm-hours', dataset: { field: 'opening_hours' } },
      h('legend', { class: 'field-label' }, 'Giờ mở cửa (ví dụ 07:30-11:30, 13:30-17:00; để trống là nghỉ)'),
      DAYS.map(([key, name]) => field(name, days[key])), h('p', { class: 'field-error', hidden: true })),
    h('p', { class: 'form-message', hidden: true, role: 'alert', tabindex: '-1' }),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn btn-secondary', onclick: onCancel }, 'Hủy'),
      h('button', { type: 'submit', class: 'btn btn-primary' }, point ? 'Lưu' : 'Thêm điểm')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!requireFilled(form, controls, ['name'])) return;
    const body = { name: controls.name.value.trim(), kind: controls.kind.value,
      address: controls.address.value.trim() || null, opening_hours: parseHours(days),
      lat: numberValue(controls.lat) ?? null, lon: numberValue(controls.lon) ?? null };
    try {
      const saved = point ? await sapi.updatePoint(ctx.user, point.id, body) : await sapi.createPoint(ctx.user, ward.id, body);
      showToast(`Đã lưu ${saved.name}.`, { kind: 'ok', id: 'manage' });
      await onSaved();
    } catch (error) {
      showErrors(form, error);
    }
  });
  return form;
}

/** {day: [[opens, closes], ...]} from the day inputs; the server checks each span. */
function parseHours(days) {
  const hours = {};
  for (const [key, control] of Object.entries(days)) {
    const spans = control.value.split(',').map((s) => s.trim()).filter(Boolean)
      .map((s) => s.split(/\s*[-–]\s*/).map((t) => (/^\d:\d\d$/.test(t) ? `0${t}` : t)));
    if (spans.length) hours[key] = spans;
  }
  return hours;
}
