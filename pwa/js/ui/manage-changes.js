// Quản lý · Tổ dân phố: rearranging the ward's groups (DESIGN.md §8) — pick groups, choose
// rename, merge, split or retire and the day it takes effect, preview the result (a merge's
// households and people summed), confirm; or read the new list as CSV and apply what it implies.
import * as mapi from '../data/manage-api.js';
import { h, replace } from './dom.js';
import { errorText, failureText, field, input, select } from './manage-form.js';
import { formatNumber } from './labels.js';
import { showToast } from './toast.js';

const OPS = [['merge', 'Sáp nhập các tổ đã chọn'], ['split', 'Chia tách tổ đã chọn'],
  ['rename', 'Đổi tên tổ đã chọn'], ['retire', 'Giải thể các tổ đã chọn']];
const PICKS = { merge: [2, Infinity], split: [1, 1], rename: [1, 1], retire: [1, Infinity] };
// The fields each change asks for; the others are hidden while it is chosen.
const NEEDS = { merge: ['code', 'name'], split: ['parts'], rename: ['code', 'name'], retire: [] };

export function changesBox(ctx, ward, groups, redraw) {
  const byId = new Map(groups.map((g) => [g.id, g]));
  const c = {
    day: input('effective_on', { type: 'date', value: firstOfMonth(), required: true }),
    op: select('op', OPS, 'merge'),
    code: input('new_code', { maxlength: '32' }), name: input('new_name', { maxlength: '120' }),
    parts: input('parts', { value: '', placeholder: 'TDP22 Tổ 22A 150; TDP23 Tổ 22B 170' }),
  };
  const picks = h('ul', { class: 'm-picks' }, groups.map((g) => h('li', {}, h('label', { class: 'm-pick' },
    h('input', { type: 'checkbox', value: String(g.id), dataset: { code: g.code } }), ` ${g.code} · ${g.name}`))));
  const preview = h('div', { class: 'm-preview', 'aria-live': 'polite' });
  const message = h('p', { class: 'form-message', hidden: true, role: 'alert' });
  const boxes = {
    code: field('Mã tổ mới (sáp nhập, đổi mã)', c.code), name: field('Tên tổ mới (sáp nhập, đổi tên)', c.name),
    parts: field('Các tổ sau chia tách', c.parts, { hint: 'Mỗi tổ: mã tên số-hộ, cách nhau bằng dấu ;' }),
  };
  const fit = () => {
    for (const [key, box] of Object.entries(boxes)) box.hidden = !NEEDS[c.op.value].includes(key);
    replace(preview); // a preview of another choice would be confirmed by mistake
  };
  c.op.addEventListener('change', fit);
  picks.addEventListener('change', () => replace(preview));
  fit();
  const show = () => {
    message.hidden = true;
    const chosen = [...picks.querySelectorAll('input:checked')].map((i) => byId.get(Number(i.value)));
    const built = buildChange(c, chosen);
    if (built.problem) return say(message, built.problem);
    const body = { effective_on: c.day.value, changes: built.changes };
    replace(preview, previewOf(body, byId), h('button', { type: 'button', class: 'btn btn-primary btn-block m-confirm',
      onclick: () => apply(ctx, ward, body, message, redraw) }, 'Xác nhận thay đổi'));
  };
  return h('details', { class: 'm-details m-changes' }, h('summary', {}, 'Sắp xếp lại tổ: sáp nhập, chia tách, đổi tên, giải thể'),
    h('div', { class: 'm-form' },
      field('Ngày có hiệu lực', c.day), field('Thay đổi', c.op), h('p', { class: 'm-subtitle' }, 'Chọn tổ:'), picks,
      boxes.code, boxes.name, boxes.parts, message, h('button', { type: 'button', class: 'btn btn-secondary btn-block m-preview-btn', onclick: show }, 'Xem trước'),
      preview),
    csvBox(ctx, ward, byId, redraw));
}

function firstOfMonth() {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-01`;
}

function say(line, text) {
  line.textContent = text;
  line.hidden = false;
}

/** {changes} in the API's shape from the form and the chosen groups, or {problem}. */
function buildChange(c, chosen) {
  const op = c.op.value;
  const [least, most] = PICKS[op];
  if (!c.day.value) return { problem: 'Hãy chọn ngày có hiệu lực.' };
  if (chosen.length < least || chosen.length > most) {
    return { problem: least === most ? 'Hãy chọn đúng 1 tổ.' : `Hãy chọn ít nhất ${least} tổ.` };
  }
  const code = c.code.value.trim();
  const name = c.name.value.trim();
  if (op === 'merge') {
    if (!code || !name) return { problem: 'Sáp nhập cần mã và tên tổ mới.' };
    return { changes: [{ op, from: chosen.map((g) => g.id), into: { code, name, kind: chosen[0].kind } }] };
  }
  if (op === 'rename') {
    if (!code && !name) return { problem: 'Đổi tên cần tên mới hoặc mã mới.' };
    return { changes: [{ op, group_id: chosen[0].id, ...(code && { code }), ...(name && { name }) }] };
  }
  if (op === 'retire') return { changes: chosen.map((g) => ({ op, group_id: g.id })) };
  const parts = c.parts.value.split(';').map((p) => p.trim()).filter(Boolean).map(partOf);
  if (parts.length < 2 || parts.some((p) => !p.code || !p.name)) return { problem: 'Chia tách cần ít nhất 2 tổ mới (mã tên số-hộ).' };
  return { changes: [{ op, from: chosen[0].id, into: parts.map((p) => ({ ...p, kind: chosen[0].kind })) }] };
}

function partOf(text) {
  const words = text.split(/\s+/);
  const households = /^\d+$/.test(words[words.length - 1]) ? Number(words.pop()) : 0;
  return { code: words.shift(), name: words.join(' '), households_total: households };
}

/** The result in words: each change, a merge's households and people summed. */
function previewOf(body, byId) {
  return h('div', { class: 'notice m-preview-list' },
    h('p', {}, `Từ ngày ${body.effective_on.split('-').reverse().join('/')}:`),
    h('ul', {}, body.changes.map((change) => h('li', {}, describe(change, byId)))));
}

function describe(change, byId) {
  const label = (id) => { const g = byId.get(id); return g ? `${g.code} · ${g.name}` : `#${id}`; };
  if (change.op === 'merge') {
    const olds = change.from.map((id) => byId.get(id)).filter(Boolean);
    const households = change.into.households_total ?? olds.reduce((s, g) => s + (g.households_total || 0), 0);
    const people = change.into.population ?? olds.reduce((s, g) => s + (g.population || 0), 0);
    return `Sáp nhập ${change.from.map(label).join(', ')} thành ${change.into.code} · ${change.into.name}: `
      + `${formatNumber(households)} hộ, ${formatNumber(people)} người.`;
  }
  if (change.op === 'split') {
    return `Chia ${label(change.from)} thành ${change.into.map((p) => `${p.code} · ${p.name} (${formatNumber(p.households_total || 0)} hộ)`).join(', ')}.`;
  }
  if (change.op === 'rename') return `Đổi ${label(change.group_id)} thành ${change.code || byId.get(change.group_id)?.code} · ${change.name || byId.get(change.group_id)?.name}.`;
  return `Giải thể ${label(change.group_id)}.`;
}

async function apply(ctx, ward, body, message, redraw) {
  try {
    const created = await mapi.changeGroups(ctx.user, ward.id, body);
    showToast(`Đã áp dụng ${body.changes.length} thay đổi${created.length ? `, ${created.length} tổ mới` : ''}.`, { kind: 'ok', id: 'manage' });
    await redraw(created[0]);
  } catch (error) {
    say(message, `${failureText(error)} ${changeErrors(error).join(' ')}`.trim());
  }
}

/** The refused changes' codes in words ({"changes": {"0": {"from": ["merge_of_one"]}}}). */
function changeErrors(error) {
  const errors = error?.body?.errors || {};
  const found = [];
  const walk = (node) => {
    if (Array.isArray(node)) node.forEach((code) => (typeof code === 'string' ? found.push(errorText(code)) : walk(code)));
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(errors);
  return [...new Set(found)];
}

function csvBox(ctx, ward, byId, redraw) {
  const file = h('input', { type: 'file', name: 'file', accept: '.csv,text/csv', class: 'file-input' });
  const day = input('csv_effective_on', { type: 'date', value: firstOfMonth() });
  const result = h('div', { class: 'm-import-result', 'aria-live': 'polite' });
  const message = h('p', { class: 'form-message', hidden: true, role: 'alert' });
  const read = async () => {
    message.hidden = true;
    if (!file.files[0] || !day.value) return say(message, 'Hãy chọn tệp CSV và ngày có hiệu lực.');
    try {
      const answer = await mapi.readRearrangement(ctx.user, ward.id, file.files[0], day.value);
      const body = { effective_on: answer.effective_on, changes: answer.changes };
      const refused = answer.rows.filter((r) => r.status === 'rejected');
      replace(result, previewOf(body, byId),
        refused.length && h('p', { class: 'notice notice-warn' }, `${refused.length} dòng bị bỏ qua: `
          + refused.map((r) => `dòng ${r.line} (${changeErrors({ body: { errors: r.errors } }).join(' ')})`).join('; ')),
        body.changes.length > 0 && h('button', { type: 'button', class: 'btn btn-primary btn-block',
          onclick: () => apply(ctx, ward, body, message, redraw) }, 'Áp dụng tất cả'));
    } catch (error) {
      say(message, `${failureText(error)} ${changeErrors(error).join(' ')}`.trim());
    }
  };
  return h('div', { class: 'm-form m-rearrange-csv' },
    h('h3', { class: 'm-subtitle' }, 'Hoặc nhập danh sách tổ mới (CSV)'),
    field('Tệp CSV', file, { hint: 'Cột: code,name,kind,households_total,population,lat,lon,old_codes — old_codes: mã các tổ cũ được thay (cách nhau bằng dấu cách).' }),
    field('Ngày có hiệu lực', day), message,
    h('button', { type: 'button', class: 'btn btn-secondary btn-block', onclick: read }, 'Xem trước các thay đổi'), result);
}
