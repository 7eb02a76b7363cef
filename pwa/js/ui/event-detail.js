// One event: its content and state, and what the user can do with it — edit, delete, fix or
// discard a refused one, or settle a conflict by keeping theirs or taking the server's.
import { loadAreas } from '../data/areas.js';
import { COUNT_FIELDS, fieldsFromServer } from '../data/event-fields.js';
import { deleteEvent, discardRefused, editEvent, getMine, isReturned, keepMine, takeServer } from '../data/events.js';
import { syncNow } from '../data/sync.js';
import { confirmDialog } from './dialog.js';
import { h, replace } from './dom.js';
import { icon } from './icons.js';
import {
  FIELD_LABELS, KIND_LABELS, STATE_LABELS, describeErrors, formatDistance, formatDuration, formatNumber,
  formatWhen, shownState,
} from './labels.js';
import { showToast } from './toast.js';

const SHOWN_FIELDS = ['kind', 'group_id', 'occurred_at', 'duration_min', ...COUNT_FIELDS, 'note', 'location'];

export async function render(ctx, params) {
  const root = h('section', { class: 'screen' });
  const draw = async () => {
    const record = await getMine(ctx.user.id, params.id);
    const areas = await loadAreas(ctx.user.id);
    replace(root, record ? detail(ctx, record, areas?.groups || [])
      : h('p', { class: 'notice' }, 'Hoạt động này không còn trên máy (đã xóa hoặc đã được dọn).'),
    h('a', { href: '#/events', class: 'btn btn-secondary btn-block back-link' }, icon('back'), 'Về danh sách'));
  };
  await draw();
  ctx.onChange(draw);
  return root;
}

function detail(ctx, record, groups) {
  const groupName = (id) => (id ? groups.find((g) => g.id === id)?.name || `Tổ #${id}` : 'Toàn phường');
  const state = shownState(record, false);
  const badge = shownState(record, isReturned(record));
  return [
    h('div', { class: 'detail-head' },
      h('h2', { class: 'detail-title' }, KIND_LABELS[record.fields.kind] || record.fields.kind),
      h('span', { class: ['badge', `badge-${badge}`] }, STATE_LABELS[badge])),
    record.state === 'rejected' && successorBox(record, groupName),
    record.state === 'rejected' && refusedBox(ctx, record),
    isReturned(record) && returnedBox(record),
    record.review?.status === 'accepted' && h('p', { class: 'notice notice-accepted' }, 'Chỉ huy đã duyệt, chấp nhận hoạt động này.'),
    record.state === 'conflict' && conflictBox(ctx, record, groupName),
    state === 'deleting' && h('div', { class: 'notice' },
      h('p', {}, 'Hoạt động sẽ bị xóa trên máy chủ khi có mạng.'),
      h('button', { type: 'button', class: 'btn btn-secondary btn-block', onclick: () => undoDelete(record) }, 'Giữ lại, không xóa')),
    record.state === 'pending' && !record.deleted && h('p', { class: 'notice notice-wait' },
      'Đã lưu trên máy, đang chờ gửi lên máy chủ.'),
    facts(record.fields, groupName),
    (record.flags || []).includes('far_from_group') && h('p', { class: 'notice notice-warn' },
      'Vị trí ghi nhận cách xa trung tâm tổ dân phố. Kiểm tra lại tổ đã chọn.'),
    !['conflict', 'rejected'].includes(record.state) && !record.deleted && h('div', { class: 'actions' },
      h('a', { href: `#/events/${record.id}/edit`, class: 'btn btn-primary' }, 'Sửa'),
      h('button', { type: 'button', class: 'btn btn-danger-outline', onclick: () => remove(ctx, record) }, 'Xóa')),
  ];
}

function facts(fields, groupName) {
  const rows = [
    ['Tổ dân phố', groupName(fields.group_id)],
    ['Thời gian', formatWhen(fields.occurred_at)],
    fields.duration_min ? ['Thời lượng', formatDuration(fields.duration_min)] : null,
    ...COUNT_FIELDS.filter((name) => fields[name]).map((name) => [FIELD_LABELS[name], formatNumber(fields[name])]),
    ['Vị trí', fields.lat != null ? `Có (sai số khoảng ${formatDistance(fields.accuracy_m ?? 0)})` : 'Không có'],
    fields.note ? ['Ghi chú', fields.note] : null,
  ].filter(Boolean);
  return h('dl', { class: 'facts' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

/** The commander returned the event: their comment, and the way to correct it. */
function returnedBox(record) {
  const review = record.review;
  return h('div', { class: 'alert alert-returned', role: 'alert' },
    h('p', { class: 'alert-title' }, icon('alert'), h('span', {}, 'Bị trả lại: chỉ huy đề nghị sửa')),
    h('p', { class: 'review-comment' }, review.comment),
    h('p', {}, `${review.by || 'Chỉ huy'} trả lại${review.at ? ` lúc ${formatWhen(review.at)}` : ''}. `
      + 'Sửa lại cho đúng rồi lưu; hoạt động sẽ được gửi lại để duyệt.'),
    h('a', { href: `#/events/${record.id}/edit`, class: 'btn btn-primary btn-block' }, 'Sửa lại'));
}

function refusedBox(ctx, record) {
  const lines = describeErrors(record.errors);
  const canFix = !record.deleted;
  return h('div', { class: 'alert alert-refused', role: 'alert' },
    h('p', { class: 'alert-title' }, icon('alert'), h('span', {}, 'Máy chủ từ chối hoạt động này')),
    h('ul', { class: 'reasons' }, lines.map((l) => h('li', {}, h('strong', {}, `${l.label}: `), l.text))),
    h('p', {}, canFix ? 'Sửa lại cho đúng rồi lưu, hoạt động sẽ được gửi lại.' : 'Không xóa được trên máy chủ.'),
    h('div', { class: 'actions' },
      canFix && h('a', { href: `#/events/${record.id}/edit`, class: 'btn btn-primary' }, 'Sửa lại'),
      h('button', { type: 'button', class: 'btn btn-danger-outline', onclick: () => discard(ctx, record) },
        record.version ? 'Bỏ thay đổi' : 'Bỏ hoạt động')));
}

/** A refused event whose group had stopped: one tap moves it to a group that took its place. */
function successorBox(record, groupName) {
  const stopped = [].concat(record.errors?.group_id || []).includes('group_stopped');
  if (!stopped || !record.successors?.length) return null;
  const move = async (groupId) => {
    await editEvent(record, { ...record.fields, group_id: groupId });
    showToast(`Đã chuyển sang ${groupName(groupId)}, đang gửi lại.`, { kind: 'ok', id: 'saved' });
    syncNow({ manual: true });
  };
  return h('div', { class: 'notice successor-offer' },
    h('p', {}, 'Tổ này đã được thay bằng:'),
    h('div', { class: 'actions' }, record.successors.map((id) => h('button', {
      type: 'button', class: 'btn btn-primary', dataset: { group: String(id) }, onclick: () => move(id),
    }, `Chuyển sang ${groupName(id)}`))));
}

function conflictBox(ctx, record, groupName) {
  const server = record.server;
  const theirs = server && !server.deleted ? fieldsFromServer(server) : null;
  const mine = record.fields;
  const value = (fields, name) => {
    if (!fields) return '—';
    if (name === 'kind') return KIND_LABELS[fields.kind] || fields.kind;
    if (name === 'group_id') return groupName(fields.group_id);
    if (name === 'occurred_at') return formatWhen(fields.occurred_at);
    if (name === 'duration_min') return formatDuration(fields.duration_min) || '0';
    if (name === 'location') return fields.lat != null ? 'Có' : 'Không';
    if (name === 'note') return fields.note || '—';
    return formatNumber(fields[name]);
  };
  const label = (name) => (name === 'location' ? 'Vị trí' : FIELD_LABELS[name]);
  // When one side is a deletion, list what the other side holds and say "deleted" once for the
  // whole column; otherwise the fields that differ (with the kind and group to recognise it).
  const mineGone = Boolean(record.deleted);
  const theirsGone = theirs === null;
  const holds = (fields, name) => {
    if (['kind', 'group_id', 'occurred_at'].includes(name)) return true;
    return name === 'location' ? fields.lat != null : Boolean(fields[name]);
  };
  const rows = SHOWN_FIELDS.filter((name) => {
    if (mineGone && theirsGone) return ['kind', 'group_id', 'occurred_at'].includes(name);
    if (theirsGone) return holds(mine, name);
    if (mineGone) return holds(theirs, name);
    return value(mine, name) !== value(theirs, name) || ['kind', 'group_id'].includes(name);
  });
  const cell = (gone, goneText, fields, name, i) => {
    if (!gone) return h('td', {}, value(fields, name));
    return i === 0 ? h('td', { rowspan: rows.length, class: 'gone' }, goneText) : null;
  };
  return h('div', { class: 'alert alert-conflict', role: 'alert' },
    h('p', { class: 'alert-title' }, icon('alert'), h('span', {}, 'Xung đột: hoạt động đã được sửa ở nơi khác')),
    h('p', {}, server?.deleted
      ? 'Trên máy chủ hoạt động này đã bị xóa. Chọn giữ bản của bạn (gửi thành hoạt động mới) hoặc theo máy chủ.'
      : `Trên máy chủ đã có phiên bản mới hơn (phiên bản ${server?.version ?? '?'}). Hãy so sánh và chọn một bản.`),
    h('table', { class: 'compare' },
      h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', { scope: 'col' }, 'Bản của bạn'), h('th', { scope: 'col' }, 'Trên máy chủ'))),
      h('tbody', {}, rows.map((name, i) => {
        const differs = mineGone || theirsGone || value(mine, name) !== value(theirs, name);
        return h('tr', { class: differs ? 'differs' : '' },
          h('th', { scope: 'row' }, label(name)),
          cell(mineGone, 'Xóa', mine, name, i),
          cell(theirsGone, 'Đã xóa', theirs, name, i));
      }))),
    h('div', { class: 'actions actions-stack' },
      h('button', { type: 'button', class: 'btn btn-primary', onclick: () => resolve(ctx, record, 'mine') }, 'Giữ bản của tôi'),
      h('button', { type: 'button', class: 'btn btn-secondary', onclick: () => resolve(ctx, record, 'server') },
        theirsGone ? 'Đồng ý xóa theo máy chủ' : 'Dùng bản trên máy chủ')));
}

async function resolve(ctx, record, choice) {
  if (choice === 'mine') {
    const kept = await keepMine(record);
    if (kept && kept.id !== record.id) {
      // Deleted on the server: the content lives on as a new event; show that one.
      showToast('Sẽ gửi bản của bạn lên máy chủ thành một hoạt động mới.', { kind: 'ok', id: 'saved' });
      ctx.navigate(`events/${kept.id}`);
    } else {
      showToast('Sẽ gửi bản của bạn lên máy chủ.', { kind: 'ok', id: 'saved' });
    }
  } else {
    const gone = record.server?.deleted || !record.server;
    await takeServer(record);
    showToast(gone ? 'Đã xóa theo máy chủ.' : 'Đã dùng bản trên máy chủ.', { kind: 'ok', id: 'saved' });
    if (gone) ctx.navigate('events');
  }
}

async function remove(ctx, record) {
  const ok = await confirmDialog({
    title: 'Xóa hoạt động?', danger: true, confirm: 'Xóa', cancel: 'Không xóa',
    message: record.version ? 'Hoạt động sẽ bị xóa cả trên máy chủ (gửi khi có mạng).' : 'Hoạt động chưa gửi sẽ bị xóa khỏi máy.',
  });
  if (!ok) return;
  const left = await deleteEvent(record);
  showToast(left ? 'Sẽ xóa trên máy chủ khi có mạng.' : 'Đã xóa.', { kind: 'ok', id: 'saved' });
  if (!left) ctx.navigate('events');
}

async function discard(ctx, record) {
  const ok = await confirmDialog({
    title: record.version ? 'Bỏ thay đổi?' : 'Bỏ hoạt động này?', danger: true, confirm: 'Bỏ', cancel: 'Quay lại',
    message: record.version ? 'Hoạt động trở về bản đã gửi trước đó.' : 'Hoạt động bị từ chối sẽ bị xóa khỏi máy, không gửi nữa.',
  });
  if (!ok) return;
  const left = await discardRefused(record);
  showToast('Đã bỏ.', { kind: 'ok', id: 'saved' });
  if (!left) ctx.navigate('events');
}

async function undoDelete(record) {
  await editEvent(record, record.fields);
}
