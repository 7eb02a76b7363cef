// Logging an event in a few taps (and editing one): kind, group, counts, time, place, note.
// Saving writes to the phone first; sending is the outbox's business.
import { loadAreas } from '../data/areas.js';
import {
  COUNT_FIELDS, GROUP_REQUIRED, KINDS, KIND_COUNTS, MAIN_COUNT, isoWithOffset, looksPersonal,
} from '../data/event-fields.js';
import { editEvent, getMine, listMine, logEvent } from '../data/events.js';
import { COUNT_MAX, DURATION_MAX_MIN, EVENT_MAX_AGE_DAYS, FUTURE_SKEW_S, NOTE_MAX_CHARS } from '../data/limits.js';
import { h, nextId, replace } from './dom.js';
import { currentPosition, locationAllowed, positionErrorText } from './geo.js';
import { groupPicker } from './group-picker.js';
import { icon } from './icons.js';
import { FIELD_LABELS, KIND_HINTS, KIND_LABELS, describeErrors, formatDistance, formatTime, localDay } from './labels.js';
import { stepper } from './stepper.js';
import { showToast } from './toast.js';

const STEP = { leaflets: 10, online_reach: 50 };
const MAX = COUNT_MAX;
const DURATIONS = [15, 30, 60, 90, 120, 180];
const FUTURE_SKEW_MS = FUTURE_SKEW_S * 1000;
const MAX_AGE_MS = EVENT_MAX_AGE_DAYS * 24 * 60 * 60 * 1000;

let lastSaved = null;

export async function render(ctx, params) {
  const record = params.id ? await getMine(ctx.user.id, params.id) : null;
  if (params.id && (!record || record.deleted)) {
    return h('section', { class: 'screen' }, h('p', { class: 'notice' }, 'Không tìm thấy hoạt động này trên máy.'));
  }
  const areas = await loadAreas(ctx.user.id);
  const recentIds = [...new Set((await listMine(ctx.user.id)).map((r) => r.fields.group_id).filter(Boolean))];
  return eventForm(ctx, record, areas?.groups || [], recentIds);
}

function blank() {
  const values = { kind: null, group_id: null, occurred_at: null, duration_min: 0, lat: null, lon: null,
    accuracy_m: null, note: '' };
  for (const name of COUNT_FIELDS) values[name] = 0;
  return values;
}

function localInputValue(date) {
  return `${localDay(date)}T${formatTime(date)}`;
}

function eventForm(ctx, record, allGroups, recentIds) {
  const values = record ? { ...blank(), ...record.fields, note: record.fields.note || '' } : blank();
  // Fixing a refused event: the server's reasons, each shown on its field too.
  const refusal = record?.state === 'rejected' ? describeErrors(record.errors) : [];
  const refusedText = (field) => refusal.filter((l) => l.field === field).map((l) => l.text).join(' ') || null;
  const outsideWard = [].concat(record?.errors?.group_id || []).includes('outside_ward');
  // A group the server says is no longer the ward's, or one gone from the stored list, is not
  // offered and must be chosen again (saving it unchanged would only be refused again).
  const groups = outsideWard ? allGroups.filter((g) => g.id !== values.group_id) : allGroups;
  const groupGone = values.group_id != null && groups.length > 0 && !groups.some((g) => g.id === values.group_id);
  if (groupGone) values.group_id = null;
  const steppers = new Map();
  const form = h('form', { class: 'screen event-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); save(); } });
  const details = h('div', { class: 'form-rest', hidden: !values.kind });

  // ---- kind
  const kindError = h('p', { class: 'field-error', hidden: true });
  const kindButtons = KINDS.map((kind) => h('button', {
    type: 'button', role: 'radio', class: ['kind-btn', `kind-${kind}`], dataset: { kind },
    'aria-checked': String(values.kind === kind),
    onclick: () => chooseKind(kind),
  }, h('span', { class: 'kind-name' }, KIND_LABELS[kind]), h('span', { class: 'kind-hint' }, KIND_HINTS[kind])));
  const kindGrid = h('div', { class: 'kind-grid', role: 'radiogroup', 'aria-label': 'Loại hoạt động' }, kindButtons);
  const kindChosen = h('div', { class: 'kind-chosen' });
  let pickingKind = !values.kind;
  const kindSection = section('Loại hoạt động', kindGrid, kindChosen, kindError);

  // ---- group
  const picker = groupPicker({ groups, value: values.group_id, recentIds,
    allowNone: values.kind && !GROUP_REQUIRED.has(values.kind),
    onChange: (id) => { values.group_id = id; picker.setError(''); } });
  const groupSection = section('Tổ dân phố', picker.el);
  if (groupGone || refusedText('group_id')) {
    picker.setError(refusedText('group_id') || 'Tổ đã chọn không còn trong danh sách tổ của phường. Hãy chọn lại.');
  }

  // ---- counts
  const countsBox = h('div', { class: 'counts' });
  const countsSection = section('Số liệu', countsBox);

  // ---- time and duration
  const timeId = nextId('time');
  const initialTime = localInputValue(values.occurred_at ? new Date(values.occurred_at) : new Date());
  const timeInput = h('input', { id: timeId, type: 'datetime-local', class: 'text-input', value: initialTime,
    min: localInputValue(new Date(Date.now() - MAX_AGE_MS)), max: localInputValue(new Date()), required: true });
  const timeError = h('p', { class: 'field-error', hidden: true });
  const duration = stepper({ label: FIELD_LABELS.duration_min, value: values.duration_min, step: 15, max: DURATION_MAX_MIN,
    name: 'duration_min', onChange: (v) => { values.duration_min = v; markChip(); } });
  const chips = DURATIONS.map((minutes) => h('button', {
    type: 'button', class: 'chip', dataset: { minutes },
    onclick: () => { duration.input.value = String(minutes); values.duration_min = minutes; markChip(); },
  }, minutes < 60 ? `${minutes} phút` : `${minutes / 60} giờ`.replace('.5', ',5')));
  const markChip = () => chips.forEach((c) => c.classList.toggle('is-selected', Number(c.dataset.minutes) === values.duration_min));
  markChip();
  const timeSection = section('Thời gian',
    h('label', { for: timeId, class: 'field-label' }, 'Bắt đầu lúc'), timeInput, timeError,
    duration.el, h('div', { class: 'chips', 'aria-label': 'Chọn nhanh thời lượng' }, chips));

  // ---- location
  const locText = h('p', { class: 'loc-text' });
  const locButton = h('button', { type: 'button', class: 'btn btn-secondary', onclick: () => locate(true) },
    icon('pin'), h('span', {}, 'Lấy vị trí'));
  const locClear = h('button', { type: 'button', class: 'link-btn', hidden: true, onclick: clearLocation }, 'Bỏ vị trí');
  const locSection = section('Vị trí (không bắt buộc)', locText, h('div', { class: 'row' }, locButton, locClear));

  // ---- note
  const noteId = nextId('note');
  const noteError = h('p', { class: 'field-error', hidden: true });
  const note = h('textarea', { id: noteId, class: 'text-input note', rows: 3, maxlength: NOTE_MAX_CHARS,
    placeholder: 'Ví dụ: nhiều hộ vắng nhà, hẹn quay lại', value: values.note || '',
    'aria-label': 'Ghi chú', 'aria-describedby': `${noteId}-hint`,
    oninput: () => { values.note = note.value; checkNote(); } });
  note.value = values.note || '';
  const noteSection = section('Ghi chú (không bắt buộc)',
    h('p', { id: `${noteId}-hint`, class: 'privacy-hint' }, icon('alert', 18),
      h('span', {}, 'Không ghi họ tên, số CCCD, số điện thoại hay địa chỉ của người dân.')),
    note, noteError);

  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block btn-save' },
    record ? 'Lưu thay đổi' : 'Lưu hoạt động');
  const saveBar = h('div', { class: 'save-bar' }, submit);

  append(details, groupSection, countsSection, timeSection, locSection, noteSection, saveBar);
  const refusedNotice = refusal.length > 0 && h('div', { class: 'notice notice-refused refused-reasons', role: 'alert' },
    h('p', { class: 'notice-title' }, 'Máy chủ đã từ chối hoạt động này. Sửa các mục sau rồi lưu để gửi lại:'),
    h('ul', { class: 'reasons' }, refusal.map((l) => h('li', {}, h('strong', {}, `${l.label}: `), l.text))));
  const intro = !record && lastSaved && h('p', { class: 'notice notice-ok saved-notice', role: 'status' },
    `Đã lưu trên máy: ${KIND_LABELS[lastSaved.kind]}${lastSaved.group ? ` · ${lastSaved.group}` : ''}. `
    + 'Sẽ tự gửi lên máy chủ. ', h('a', { href: '#/events', class: 'notice-action' }, 'Xem hoạt động của tôi'));
  lastSaved = null;
  replace(form, intro, refusedNotice, kindSection, details);
  drawKind();
  drawCounts();
  showLocation();
  showRefusal();
  if (values.kind && !record) locateIfAllowed();

  /** All five kinds until one is chosen; then just the chosen one, with "Đổi" to change it. */
  function drawKind() {
    kindGrid.hidden = !pickingKind;
    kindChosen.hidden = pickingKind;
    if (pickingKind) return;
    replace(kindChosen,
      h('div', { class: 'kind-btn kind-current' }, h('span', { class: 'kind-name' }, KIND_LABELS[values.kind]),
        h('span', { class: 'kind-hint' }, KIND_HINTS[values.kind])),
      h('button', { type: 'button', class: 'btn btn-secondary', 'aria-label': 'Đổi loại hoạt động',
        onclick: () => { pickingKind = true; drawKind(); kindButtons[0].focus(); } }, 'Đổi'));
  }

  function chooseKind(kind) {
    if (intro) intro.remove();  // a new event is under way
    values.kind = kind;
    pickingKind = false;
    kindError.hidden = true;
    kindButtons.forEach((b) => b.setAttribute('aria-checked', String(b.dataset.kind === kind)));
    drawKind();
    picker.setAllowNone(!GROUP_REQUIRED.has(kind));
    details.hidden = false;
    drawCounts();
    if (!record) locateIfAllowed();
  }

  function drawCounts() {
    steppers.clear();
    if (!values.kind) return;
    const main = KIND_COUNTS[values.kind];
    const others = COUNT_FIELDS.filter((name) => !main.includes(name));
    const make = (name, emphasis) => {
      const s = stepper({ label: FIELD_LABELS[name], value: values[name], step: STEP[name] || 1, max: MAX[name],
        name, emphasis, onChange: (v) => { values[name] = v; s.setError(''); } });
      steppers.set(name, s);
      return s.el;
    };
    const hasOther = others.some((name) => values[name]);
    replace(countsBox, main.map((name, i) => make(name, i === 0)),
      h('details', { class: 'more-counts', open: hasOther },
        h('summary', {}, 'Thêm số liệu khác'), others.map((name) => make(name, false))));
  }

  function showRefusal() {
    const say = (el, text) => { if (text) { el.textContent = text; el.hidden = false; } };
    say(kindError, refusedText('kind'));
    say(timeError, refusedText('occurred_at'));
    say(noteError, refusedText('note'));
    if (refusedText('duration_min')) duration.setError(refusedText('duration_min'));
    for (const [name, s] of steppers) {
      if (!refusedText(name)) continue;
      s.setError(refusedText(name));
      s.el.closest('details')?.setAttribute('open', '');
    }
  }

  // ---- location
  let locating = false;
  async function locateIfAllowed() {
    if (values.lat == null && !locating && await locationAllowed()) locate(false);
  }

  async function locate(asked) {
    locating = true;
    locText.textContent = 'Đang lấy vị trí…';
    try {
      const pos = await currentPosition();
      Object.assign(values, pos);
      picker.setPosition(pos);
    } catch (error) {
      if (asked || values.lat == null) {
        locText.textContent = positionErrorText(error);
        locating = false;
        return;
      }
    }
    locating = false;
    showLocation();
  }

  function clearLocation() {
    Object.assign(values, { lat: null, lon: null, accuracy_m: null });
    picker.setPosition(null);
    showLocation();
  }

  function showLocation() {
    const has = values.lat != null && values.lon != null;
    locText.textContent = has
      ? `Đã có vị trí (sai số khoảng ${formatDistance(values.accuracy_m ?? 0)}).`
      : 'Chưa có vị trí. Có thể lưu không cần vị trí.';
    locClear.hidden = !has;
    locButton.querySelector('span').textContent = has ? 'Lấy lại vị trí' : 'Lấy vị trí';
    if (has) picker.setPosition({ lat: values.lat, lon: values.lon });
  }

  function checkNote() {
    const bad = looksPersonal(note.value);
    noteError.textContent = bad ? 'Ghi chú có vẻ chứa số CCCD, số điện thoại hoặc email. Hãy xóa phần đó.' : '';
    noteError.hidden = !bad;
    return !bad;
  }

  // ---- save
  function occurredAt() {
    if (record && timeInput.value === initialTime) return record.fields.occurred_at;
    const date = new Date(timeInput.value);
    return Number.isNaN(date.getTime()) ? null : isoWithOffset(date);
  }

  function validate() {
    const problems = [];
    if (!values.kind) {
      kindError.textContent = 'Chọn loại hoạt động.';
      kindError.hidden = false;
      return [kindError];
    }
    if (GROUP_REQUIRED.has(values.kind) && values.group_id == null) {
      picker.setError('Chọn tổ dân phố nơi làm hoạt động.');
      problems.push(picker.el);
    }
    const main = MAIN_COUNT[values.kind];
    if (main && !(values[main] >= 1)) {
      steppers.get(main).setError(`Cần ít nhất 1 (${FIELD_LABELS[main].toLowerCase()}).`);
      problems.push(steppers.get(main).el);
    }
    for (const [name, s] of steppers) {
      if (values[name] > MAX[name]) {
        s.setError(`Số quá lớn (tối đa ${MAX[name].toLocaleString('vi-VN')}).`);
        problems.push(s.el);
      }
    }
    const when = occurredAt();
    timeError.hidden = true;
    if (!when) {
      timeError.textContent = 'Chọn ngày giờ.';
    } else if (Date.parse(when) > Date.now() + FUTURE_SKEW_MS) {
      timeError.textContent = 'Thời gian ở tương lai. Hãy sửa lại giờ.';
    } else if (Date.parse(when) < Date.now() - MAX_AGE_MS) {
      timeError.textContent = `Đã quá ${EVENT_MAX_AGE_DAYS} ngày: máy chủ không nhận hoạt động cũ như vậy. Hãy kiểm tra lại ngày (năm).`;
    }
    if (!when || Date.parse(when) > Date.now() + FUTURE_SKEW_MS || Date.parse(when) < Date.now() - MAX_AGE_MS) {
      timeError.hidden = false;
      problems.push(timeInput);
    }
    if (!checkNote()) problems.push(note);
    return problems;
  }

  async function save() {
    values.note = note.value;
    const problems = validate();
    if (problems.length) {
      problems[0].scrollIntoView({ block: 'center', behavior: 'smooth' });
      showToast('Hãy kiểm tra các mục báo đỏ.', { kind: 'error', id: 'form' });
      return;
    }
    const fields = { ...values, occurred_at: occurredAt(), note: values.note.trim() || null };
    if (!GROUP_REQUIRED.has(fields.kind) && fields.group_id === undefined) fields.group_id = null;
    submit.disabled = true;
    try {
      if (record) {
        await editEvent(record, fields);
        showToast('Đã lưu thay đổi trên máy. Sẽ tự gửi lên máy chủ.', { kind: 'ok', id: 'saved' });
        ctx.navigate(`events/${record.id}`);
      } else {
        await logEvent(ctx.user.id, fields);
        lastSaved = { kind: fields.kind, group: groups.find((g) => g.id === fields.group_id)?.name };
        ctx.rerender();
        window.scrollTo(0, 0);
      }
    } catch (error) {
      submit.disabled = false;
      showToast(`Không lưu được trên máy: ${error?.message || error}`, { kind: 'error', timeout: 0 });
    }
  }

  return form;
}

function section(title, ...children) {
  return h('fieldset', { class: 'section' }, h('legend', { class: 'section-title' }, title), children);
}

function append(parent, ...children) {
  parent.append(...children);
}
