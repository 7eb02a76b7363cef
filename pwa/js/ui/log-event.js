// Logging an event in a few taps (and editing one): kind, group, counts, time, place, note.
// Saving writes to the phone first; sending is the outbox's business.
import { loadAreas } from '../data/areas.js';
import { changes } from '../data/changes.js';
import { COUNT_FIELDS, GROUP_REQUIRED, KINDS } from '../data/event-fields.js';
import { editEvent, getMine, listMine, logEvent } from '../data/events.js';
import { runningCampaigns } from '../data/plans-api.js';
import { h, replace } from './dom.js';
import { channelSection } from './event-form/channel.js';
import { countsSection } from './event-form/counts.js';
import { kindPicker } from './event-form/kind.js';
import { noteSection } from './event-form/note.js';
import { placeSection } from './event-form/place.js';
import { section } from './event-form/section.js';
import { timeSection } from './event-form/time.js';
import { eventProblems } from './event-form/validate.js';
import { groupPicker } from './group-picker.js';
import { KIND_LABELS, describeErrors, localDay } from './labels.js';
import { showToast } from './toast.js';

let lastSaved = null;

export async function render(ctx, params) {
  const record = params.id ? await getMine(ctx.user.id, params.id) : null;
  if (params.id && (!record || record.deleted)) {
    return h('section', { class: 'screen' }, h('p', { class: 'notice' }, 'Không tìm thấy hoạt động này trên máy.'));
  }
  const areas = await loadAreas(ctx.user.id);
  const recentIds = [...new Set((await listMine(ctx.user.id)).map((r) => r.fields.group_id).filter(Boolean))];
  const campaigns = record ? [] : await runningCampaigns(ctx.user, localDay(new Date()));
  return eventForm(ctx, record, areas?.groups || [], recentIds, { ...presets(params, areas), campaigns, points: areas?.points || [] });
}

/** What the address chose beforehand: a group (a stop of the day's plan) or a kind. */
function presets(params, areas) {
  const groupId = Number(params.group);
  const group = (areas?.groups || []).find((g) => g.id === groupId);
  return { group_id: group ? group.id : null, kind: KINDS.includes(params.kind) ? params.kind : null };
}

/** The ward's running campaign, offered ticked: the event counts for it (untick: it does not). */
function campaignSection(values, campaigns) {
  const running = campaigns[0];
  if (!running) return null;
  const box = h('input', { type: 'checkbox', name: 'campaign_id', checked: values.campaign_id === running.id,
    onchange: () => { values.campaign_id = box.checked ? running.id : null; } });
  return section('Đợt vận động', h('label', { class: 'check-row campaign-choice' }, box,
    h('span', {}, `Tính cho đợt “${running.name}”`)));
}

function blank() {
  const values = { kind: null, group_id: null, occurred_at: null, duration_min: 0, lat: null, lon: null,
    accuracy_m: null, note: '', campaign_id: null, support_point_id: null, platform: null };
  for (const name of COUNT_FIELDS) values[name] = 0;
  return values;
}

/** The form to log an event, or to edit `record` (with the server's refusal shown on its fields). */
function eventForm(ctx, record, allGroups, recentIds, chosen = {}) {
  const values = record ? { ...blank(), ...record.fields, note: record.fields.note || '' }
    : { ...blank(), group_id: chosen.group_id, kind: chosen.kind, campaign_id: chosen.campaigns?.[0]?.id ?? null };
  const points = chosen.points || [];
  const refusal = record?.state === 'rejected' ? describeErrors(record.errors) : [];
  const { groups, groupGone } = offeredGroups(record, values, allGroups);
  const form = h('form', { class: 'screen event-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); save(); } });
  const details = h('div', { class: 'form-rest', hidden: !values.kind });
  const intro = !record && savedNotice();
  const parts = formParts(values, record, groups, recentIds, points, (kind) => {
    if (intro) intro.remove();  // a new event is under way
    parts.picker.setAllowNone(!GROUP_REQUIRED.has(kind));
    details.hidden = false;
    parts.counts.draw();
    parts.channel.draw();
    if (!record) parts.place.locateIfAllowed();
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block btn-save' },
    record ? 'Lưu thay đổi' : 'Lưu hoạt động');
  details.append(section('Tổ dân phố', parts.picker.el), parts.channel.el, parts.counts.el, parts.time.el, parts.place.el, parts.note.el,
    campaignSection(values, chosen.campaigns || []), h('div', { class: 'save-bar' }, submit));
  replace(form, intro, refusedNotice(refusal), parts.kind.el, details);
  parts.counts.draw();
  parts.place.show();
  showProblems(parts, refusal);
  if (groupGone && !refusal.some((l) => l.field === 'group_id')) {
    parts.picker.setError('Tổ đã chọn không còn trong danh sách tổ của phường. Hãy chọn lại.');
  }
  if (values.kind && !record) parts.place.locateIfAllowed();
  const check = problemCheck(form, parts, values);
  const save = () => saveEvent(ctx, record, { values, parts, groups, submit, check });
  return form;
}

/** The groups to offer: not one the server says is no longer the ward's. A group gone from the
 * list is unset (groupGone), to be chosen again: saving it unchanged would only be refused again. */
function offeredGroups(record, values, allGroups) {
  const outsideWard = [].concat(record?.errors?.group_id || []).includes('outside_ward');
  const groups = outsideWard ? allGroups.filter((g) => g.id !== values.group_id) : allGroups;
  const groupGone = values.group_id != null && groups.length > 0 && !groups.some((g) => g.id === values.group_id);
  if (groupGone) values.group_id = null;
  return { groups, groupGone };
}

/** The form's sections, each a widget over the shared `values`; onKind(kind) when one is chosen. */
function formParts(values, record, groups, recentIds, points, onKind) {
  const picker = groupPicker({ groups, value: values.group_id, recentIds,
    allowNone: values.kind && !GROUP_REQUIRED.has(values.kind),
    onChange: (id) => { values.group_id = id; picker.setError(''); } });
  const channel = channelSection(values, points);
  // A new position also re-orders the support points, nearest first.
  const placed = { ...picker, setPosition: (pos) => { picker.setPosition(pos); channel.draw(); } };
  return {
    kind: kindPicker(values, onKind), picker, counts: countsSection(values), time: timeSection(values, record),
    place: placeSection(values, placed), note: noteSection(values), channel,
  };
}

/** Each problem ({field, text}; several on one field are joined) on its field. */
function showProblems(parts, problems) {
  const texts = new Map();
  for (const { field, text } of problems) texts.set(field, [texts.get(field), text].filter(Boolean).join(' '));
  for (const [field, text] of texts) showProblem(parts, field, text);
}

/** `text` on the field (none: the field's red line goes). */
function showProblem(parts, field, text) {
  if (COUNT_FIELDS.includes(field)) return parts.counts.setError(field, text);
  const setError = {
    kind: parts.kind.setError,
    group_id: parts.picker.setError,
    occurred_at: parts.time.setError,
    duration_min: parts.time.setDurationError,
    note: parts.note.setError,
  }[field];
  return setError?.(text);
}

/** The check on saving: {refuses() → true when there are problems}. The problems show on their
 * fields, the top-most in view (clear of the save bar), with a toast; each red line goes as soon
 * as its field is fixed, and the toast with the last one. */
function problemCheck(form, parts, values) {
  let flagged = new Set();
  let closeToast = null;
  const recheck = () => {
    if (!flagged.size) return;
    const left = new Set(eventProblems(values, parts.time.occurredAt()).map((p) => p.field));
    for (const field of [...flagged].filter((f) => !left.has(f))) {
      showProblem(parts, field, '');
      flagged.delete(field);
    }
    if (!flagged.size) closeToast?.();
  };
  for (const type of ['input', 'change', 'click']) form.addEventListener(type, recheck);
  const refuses = () => {
    const problems = eventProblems(values, parts.time.occurredAt());
    flagged = new Set(problems.map((p) => p.field));
    showProblems(parts, problems);
    if (!problems.length) return false;
    form.querySelector('.field-error:not([hidden])')?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    closeToast = showToast('Hãy kiểm tra các mục báo đỏ.', { kind: 'error', id: 'form' });
    return true;
  };
  return { refuses };
}

async function saveEvent(ctx, record, { values, parts, groups, submit, check }) {
  values.note = parts.note.input.value;
  parts.time.setError('');
  parts.note.setError('');
  if (check.refuses()) return;
  const fields = { ...values, occurred_at: parts.time.occurredAt(), note: values.note.trim() || null };
  if (!GROUP_REQUIRED.has(fields.kind) && fields.group_id === undefined) fields.group_id = null;
  submit.disabled = true;
  try {
    await (record ? saveEdit(ctx, record, fields) : saveNew(ctx, fields, groups));
  } catch (error) {
    submit.disabled = false;
    showToast(`Không lưu được trên máy: ${error?.message || error}`, { kind: 'error', timeout: 0 });
  }
}

async function saveEdit(ctx, record, fields) {
  await editEvent(record, fields);
  showToast('Đã lưu thay đổi trên máy.', { kind: 'ok', id: 'saved' });
  ctx.navigate(`events/${record.id}`);
}

async function saveNew(ctx, fields, groups) {
  const saved = await logEvent(ctx.user.id, fields);
  lastSaved = { id: saved.id, userId: ctx.user.id, kind: fields.kind,
    group: groups.find((g) => g.id === fields.group_id)?.name };
  ctx.rerender();
  window.scrollTo(0, 0);
}

/** "Đã lưu trên máy: …" after a new event was saved (once), then what became of it: waiting,
 * sent, or refused by the server (never "will be sent" once it was refused). */
function savedNotice() {
  const saved = lastSaved;
  lastSaved = null;
  if (!saved) return null;
  const fate = h('span', { class: 'saved-fate' }, 'Sẽ tự gửi lên máy chủ. ');
  const notice = h('p', { class: 'notice notice-ok saved-notice', role: 'status' },
    `Đã lưu trên máy: ${KIND_LABELS[saved.kind]}${saved.group ? ` · ${saved.group}` : ''}. `, fate,
    h('a', { href: '#/events', class: 'notice-action' }, 'Xem hoạt động của tôi'));
  followSaved(notice, fate, saved);
  return notice;
}

const SAVED_FATES = {
  pending: 'Sẽ tự gửi lên máy chủ. ',
  sent: 'Đã gửi lên máy chủ. ',
  conflict: 'Máy chủ có bản khác của hoạt động này, cần bạn chọn. ',
};

/** Redraw the notice's last words whenever the outbox changes, while it is on the screen. */
function followSaved(notice, fate, saved) {
  let shown = false;
  const update = async () => {
    if (!notice.isConnected && shown) {
      changes.removeEventListener('change', update);
      return;
    }
    shown ||= notice.isConnected;
    const record = await getMine(saved.userId, saved.id);
    if (!record) return;
    const refused = record.state === 'rejected';
    fate.textContent = refused
      ? `Máy chủ từ chối: ${describeErrors(record.errors).map((l) => l.text).join(' ')} `
      : SAVED_FATES[record.state] || SAVED_FATES.pending;
    notice.classList.toggle('notice-ok', !refused);
    notice.classList.toggle('notice-refused', refused);
    notice.dataset.state = record.state;
  };
  changes.addEventListener('change', update);
  update();
}

/** The server's reasons for refusing the event being fixed, each also shown on its field. A
 * closed month is not something an edit fixes: the phone sends it again once it is reopened. */
function refusedNotice(refusal) {
  const onlyClosed = refusal.every((l) => l.code === 'period_closed');
  return refusal.length > 0 && h('div', { class: 'notice notice-refused refused-reasons', role: 'alert' },
    h('p', { class: 'notice-title' }, onlyClosed ? 'Máy chủ đã từ chối hoạt động này:'
      : 'Máy chủ đã từ chối hoạt động này. Sửa các mục sau rồi lưu để gửi lại:'),
    h('ul', { class: 'reasons' }, refusal.map((l) => h('li', {}, h('strong', {}, `${l.label}: `), l.text))));
}
