// Quản lý · Tổ dân phố: the ward's residential groups — add, edit, import from a CSV file.
import * as mapi from '../data/manage-api.js';
import { h, replace } from './dom.js';
import {
  field, fieldErrors, input, intValue, numberValue, requireFilled, select, showErrors,
} from './manage-form.js';
import { formatNumber } from './labels.js';
import { showToast } from './toast.js';
import { changesBox } from './manage-changes.js';

export const GROUP_KINDS = [
  ['to_dan_pho', 'Tổ dân phố'], ['thon', 'Thôn'], ['ap', 'Ấp'], ['khu_pho', 'Khu phố'], ['ban', 'Bản'],
  ['other', 'Khác'],
];
const KIND_NAME = Object.fromEntries(GROUP_KINDS);
const COLUMN_NAMES = { code: 'Mã tổ', name: 'Tên tổ', kind: 'Loại', households_total: 'Số hộ',
  population: 'Số nhân khẩu', lat: 'Vĩ độ', lon: 'Kinh độ' };

export async function render(ctx, ward) {
  const root = h('div', { class: 'manage-groups' });
  // After a save the list is drawn again from the server, and the saved group shown.
  const draw = async (saved) => {
    const groups = await mapi.groups(ctx.user, ward.id);
    replace(root, ...content(ctx, ward, groups, draw));
    const item = saved && root.querySelector(`.m-item[data-id="${saved.id}"]`);
    if (item) {
      item.classList.add('is-new');
      item.scrollIntoView({ block: 'center' });
    }
  };
  await draw();
  return root;
}

function content(ctx, ward, groups, redraw) {
  const adder = h('div', { class: 'm-slot' });
  const openAdd = () => {
    replace(adder, groupForm(ctx, ward, null, async (saved) => {
      showToast(`Đã thêm ${saved.name}.`, { kind: 'ok', id: 'manage' });
      await redraw(saved);
    }, () => replace(adder, addButton)));
    adder.querySelector('input')?.focus();
  };
  const addButton = h('button', { type: 'button', class: 'btn btn-primary btn-block', onclick: openAdd }, '+ Thêm tổ dân phố');
  replace(adder, addButton);
  return [
    adder,
    importBox(ctx, ward, redraw),
    groups.length > 0 && changesBox(ctx, ward, groups, redraw),
    h('h3', { class: 'm-subtitle' }, `${groups.length} tổ dân phố · ${formatNumber(groups.reduce((s, g) => s + (g.households_total || 0), 0))} hộ`),
    groups.length === 0 && h('p', { class: 'empty' }, 'Phường chưa có tổ dân phố nào. Thêm từng tổ hoặc nhập từ tệp CSV.'),
    h('ul', { class: 'm-list' }, groups.map((group) => groupItem(ctx, ward, group, redraw))),
  ];
}

function groupItem(ctx, ward, group, redraw) {
  const li = h('li', { class: 'm-item', dataset: { id: group.id, code: group.code } });
  const show = () => replace(li,
    h('div', { class: 'm-item-main' },
      h('p', { class: 'm-item-title' }, `${group.code} · ${group.name}`),
      h('p', { class: 'm-item-meta' }, [
        KIND_NAME[group.kind] || group.kind,
        `${formatNumber(group.households_total)} hộ`,
        `${formatNumber(group.population)} người`,
        group.lat != null ? 'Có vị trí' : 'Chưa có vị trí',
      ].join(' · '))),
    h('button', { type: 'button', class: 'btn btn-secondary m-edit', onclick: edit, 'aria-label': `Sửa ${group.name}` }, 'Sửa'));
  function edit() {
    replace(li, groupForm(ctx, ward, group, async (saved) => {
      showToast(`Đã lưu ${saved.name}.`, { kind: 'ok', id: 'manage' });
      await redraw(saved);
    }, show));
    li.querySelector('input')?.focus();
  }
  show();
  return li;
}

function groupForm(ctx, ward, group, onSaved, onCancel) {
  const g = group || {};
  const controls = {
    code: input('code', { value: g.code || '', maxlength: '32', required: true }),
    name: input('name', { value: g.name || '', maxlength: '120', required: true }),
    kind: select('kind', GROUP_KINDS, g.kind || 'to_dan_pho'),
    households_total: input('households_total', { value: g.households_total ?? '', inputmode: 'numeric' }),
    population: input('population', { value: g.population ?? '', inputmode: 'numeric' }),
    lat: input('lat', { value: g.lat ?? '', inputmode: 'decimal' }),
    lon: input('lon', { value: g.lon ?? '', inputmode: 'decimal' }),
  };
  const form = h('form', { class: 'm-form', novalidate: true },
    h('h3', { class: 'm-subtitle' }, group ? `Sửa ${group.name}` : 'Thêm tổ dân phố'),
    h('div', { class: 'm-grid' },
      field('Mã tổ', controls.code, { hint: 'Ví dụ: TDP05' }),
      field('Loại', controls.kind),
      field('Tên tổ', controls.name, { wide: true }),
      field('Số hộ', controls.households_total),
      field('Số nhân khẩu', controls.population),
      field('Vĩ độ (tâm tổ)', controls.lat, { hint: 'Ví dụ: 12.2458' }),
      field('Kinh độ (tâm tổ)', controls.lon, { hint: 'Ví dụ: 109.1953' })),
    h('p', { class: 'form-message', hidden: true, role: 'alert', tabindex: '-1' }),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn btn-secondary', onclick: onCancel }, 'Hủy'),
      h('button', { type: 'submit', class: 'btn btn-primary' }, group ? 'Lưu' : 'Thêm tổ')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!requireFilled(form, controls, ['code', 'name'])) return;
    const body = {
      code: controls.code.value.trim() || undefined, name: controls.name.value.trim() || undefined,
      kind: controls.kind.value,
      households_total: intValue(controls.households_total), population: intValue(controls.population),
      lat: numberValue(controls.lat) ?? null, lon: numberValue(controls.lon) ?? null,
    };
    if (!group) {
      for (const key of ['households_total', 'population']) if (body[key] === undefined) delete body[key];
    } else {
      for (const key of ['households_total', 'population']) if (body[key] === undefined) body[key] = 0;
    }
    form.querySelector('[type=submit]').disabled = true;
    try {
      const saved = group ? await mapi.updateGroup(ctx.user, group.id, body) : await mapi.createGroup(ctx.user, ward.id, body);
      await onSaved(saved);
    } catch (error) {
      form.querySelector('[type=submit]').disabled = false;
      showErrors(form, error);
    }
  });
  return form;
}

function importBox(ctx, ward, redraw) {
  const file = h('input', { type: 'file', name: 'file', accept: '.csv,text/csv', class: 'file-input' });
  const result = h('div', { class: 'm-import-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'm-form' },
    field('Tệp CSV', file, {
      hint: 'Dòng đầu: code,name,kind,households_total,population,lat,lon (chỉ code và name là bắt buộc). '
        + 'Tổ đã có mã sẽ được cập nhật.',
    }),
    h('p', { class: 'form-message', hidden: true, role: 'alert', tabindex: '-1' }),
    h('button', { type: 'submit', class: 'btn btn-secondary btn-block' }, 'Nhập danh sách tổ'),
    result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showErrors(form, null);
    if (!file.files[0]) {
      const line = form.querySelector('.field-error');
      line.textContent = 'Hãy chọn tệp CSV.';
      line.hidden = false;
      return;
    }
    form.querySelector('[type=submit]').disabled = true;
    try {
      const answer = await mapi.importGroups(ctx.user, ward.id, file.files[0]);
      await redraw();
      showToast(`Đã nhập: ${answer.created} tổ mới, ${answer.updated} tổ cập nhật.`, { kind: 'ok', id: 'manage' });
      const refused = answer.rows.filter((row) => row.status === 'rejected');
      if (refused.length) {
        // The page was redrawn: show the refused rows at the top of the new one.
        document.querySelector('.manage-groups')?.prepend(importReport(answer, refused));
      }
    } catch (error) {
      form.querySelector('[type=submit]').disabled = false;
      showErrors(form, error);
    }
  });
  return h('details', { class: 'm-details' }, h('summary', {}, 'Nhập nhiều tổ từ tệp CSV'), form);
}

function importReport(answer, refused) {
  return h('div', { class: 'notice notice-warn', role: 'alert' },
    h('p', {}, `Đã nhập ${answer.created + answer.updated} dòng; ${refused.length} dòng bị bỏ qua:`),
    h('ul', { class: 'reasons' }, refused.map((row) => h('li', {},
      `Dòng ${row.line}${row.code ? ` (${row.code})` : ''}: `,
      Object.entries(fieldErrors({ body: { errors: row.errors } })).map(([name, texts]) => `${COLUMN_NAMES[name] || name}: ${texts.join(' ')}`).join('; ')))));
}

