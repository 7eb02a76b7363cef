// Quản lý · Bảng QR: the ward's QR boards — make one leading to a guide or a public-service page,
// print its poster, see its scans, retire it.
import { openPrintable } from '../data/downloads.js';
import * as mapi from '../data/manage-api.js';
import * as sapi from '../data/support-api.js';
import { h, replace } from './dom.js';
import { num } from './figures.js';
import { field, input, numberValue, requireFilled, select, showErrors } from './manage-form.js';
import { showToast } from './toast.js';

export async function render(ctx, ward) {
  const root = h('div', { class: 'manage-boards' });
  const [groups, points] = await Promise.all([mapi.groups(ctx.user, ward.id), sapi.points(ctx.user, ward.id)]);
  const draw = async () => {
    const boards = await sapi.boards(ctx.user, ward.id);
    const adder = h('div', { class: 'm-slot' });
    const addButton = h('button', { type: 'button', class: 'btn btn-primary btn-block', onclick: () => {
      replace(adder, boardForm(ctx, ward, { groups, points }, draw, () => replace(adder, addButton)));
    } }, '+ Thêm bảng QR');
    replace(adder, addButton);
    replace(root, adder, h('h3', { class: 'm-subtitle' }, `${boards.length} bảng QR`),
      boards.length === 0 && h('p', { class: 'empty' }, 'Phường chưa có bảng QR nào.'),
      h('ul', { class: 'm-list' }, boards.map((board) => boardItem(ctx, board, draw))));
  };
  await draw();
  return root;
}

function boardItem(ctx, board, redraw) {
  const poster = h('button', { type: 'button', class: 'btn btn-secondary', dataset: { action: 'poster' },
    'aria-label': `In áp phích ${board.name}`, onclick: () => openPrintable(ctx.user.id, sapi.posterPath(board.id),
      `ap-phich-${board.code}.html`).catch((error) => showToast(`Không mở được áp phích: ${error.message || error}`, { kind: 'error' })) }, 'In áp phích');
  const retire = h('button', { type: 'button', class: 'btn btn-secondary', 'aria-label': `Ngừng dùng ${board.name}`, onclick: async () => {
    if (!window.confirm(`Ngừng dùng bảng “${board.name}”? Ai quét mã sẽ thấy thông báo bảng đã ngừng sử dụng.`)) return;
    await sapi.retireBoard(ctx.user, board.id);
    showToast(`Đã ngừng dùng ${board.name}.`, { kind: 'ok', id: 'manage' });
    await redraw();
  } }, 'Ngừng dùng');
  return h('li', { class: ['m-item', board.retired && 'is-retired'], dataset: { id: board.id, code: board.code } },
    h('div', { class: 'm-item-main' },
      h('p', { class: 'm-item-title' }, board.name, board.retired ? ' (đã ngừng dùng)' : ''),
      h('p', { class: 'm-item-meta' }, `${num(board.scans_total)} lượt quét · ${board.short_url}`),
      h('p', { class: 'm-item-meta' }, `Dẫn tới: ${board.target_url}`)),
    !board.retired && poster, !board.retired && retire);
}

function boardForm(ctx, ward, { groups, points }, onSaved, onCancel) {
  const controls = {
    name: input('name', { maxlength: '120', required: true }),
    target_url: input('target_url', { maxlength: '500', required: true, inputmode: 'url', placeholder: 'https://' }),
    group_id: select('group_id', [['', 'Không gắn với tổ'], ...groups.map((g) => [g.id, `${g.code} · ${g.name}`])], ''),
    support_point_id: select('support_point_id', [['', 'Không gắn với điểm hỗ trợ'], ...points.map((p) => [p.id, p.name])], ''),
    lat: input('lat', { inputmode: 'decimal' }),
    lon: input('lon', { inputmode: 'decimal' }),
  };
  const form = h('form', { class: 'm-form', novalidate: true },
    h('h3', { class: 'm-subtitle' }, 'Thêm bảng QR'),
    h('div', { class: 'm-grid' },
      field('Tên bảng', controls.name, { wide: true, hint: 'In trên áp phích, ví dụ: Nhà văn hóa tổ 3' }),
      field('Liên kết đích', controls.target_url, { wide: true, hint: 'Trang hướng dẫn VNeID hoặc trang dịch vụ công (http/https)' }),
      field('Tổ dân phố', controls.group_id), field('Điểm hỗ trợ', controls.support_point_id),
      field('Vĩ độ', controls.lat), field('Kinh độ', controls.lon)),
    h('p', { class: 'form-message', hidden: true, role: 'alert', tabindex: '-1' }),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn btn-secondary', onclick: onCancel }, 'Hủy'),
      h('button', { type: 'submit', class: 'btn btn-primary' }, 'Tạo bảng QR')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!requireFilled(form, controls, ['name', 'target_url'])) return;
    const id = (el) => (el.value ? Number(el.value) : null);
    const body = { name: controls.name.value.trim(), target_url: controls.target_url.value.trim(),
      group_id: id(controls.group_id), support_point_id: id(controls.support_point_id),
      lat: numberValue(controls.lat) ?? null, lon: numberValue(controls.lon) ?? null };
    try {
      const saved = await sapi.createBoard(ctx.user, ward.id, body);
      showToast(`Đã tạo bảng ${saved.name}.`, { kind: 'ok', id: 'manage' });
      await onSaved();
    } catch (error) {
      showErrors(form, error);
    }
  });
  return form;
}
