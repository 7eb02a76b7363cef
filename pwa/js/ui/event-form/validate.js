// What the event form refuses before saving, as the server would refuse it: each problem is
// {field, text}, the field as the API names it.
import { COUNT_FIELDS, GROUP_REQUIRED, MAIN_COUNT, looksPersonal } from '../../data/event-fields.js';
import { COUNT_MAX, EVENT_MAX_AGE_DAYS, FUTURE_SKEW_S } from '../../data/limits.js';
import { FIELD_LABELS } from '../labels.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The problems of `values` with the start `occurredAt` (ISO 8601 or null), at `now`. */
export function eventProblems(values, occurredAt, now = Date.now()) {
  if (!values.kind) return [{ field: 'kind', text: 'Chọn loại hoạt động.' }];
  const problems = [];
  if (GROUP_REQUIRED.has(values.kind) && values.group_id == null) {
    problems.push({ field: 'group_id', text: 'Chọn tổ dân phố nơi làm hoạt động.' });
  }
  const main = MAIN_COUNT[values.kind];
  if (main && !(values[main] >= 1)) {
    problems.push({ field: main, text: `Cần ít nhất 1 (${FIELD_LABELS[main].toLowerCase()}).` });
  }
  for (const name of COUNT_FIELDS.filter((n) => values[n] > COUNT_MAX[n])) {
    problems.push({ field: name, text: `Số quá lớn (tối đa ${COUNT_MAX[name].toLocaleString('vi-VN')}).` });
  }
  const time = timeProblem(occurredAt, now);
  if (time) problems.push({ field: 'occurred_at', text: time });
  const note = noteProblem(values.note);
  if (note) problems.push({ field: 'note', text: note });
  return problems;
}

/** Why the start cannot be saved (unset, in the future, older than the server takes), or null. */
export function timeProblem(occurredAt, now = Date.now()) {
  if (!occurredAt) return 'Chọn ngày giờ.';
  const at = Date.parse(occurredAt);
  if (at > now + FUTURE_SKEW_S * 1000) return 'Thời gian ở tương lai. Hãy sửa lại giờ.';
  if (at < now - EVENT_MAX_AGE_DAYS * DAY_MS) {
    return `Đã quá ${EVENT_MAX_AGE_DAYS} ngày: máy chủ không nhận hoạt động cũ như vậy. Hãy kiểm tra lại ngày (năm).`;
  }
  return null;
}

export function noteProblem(text) {
  return looksPersonal(text) ? 'Ghi chú có vẻ chứa số CCCD, số điện thoại hoặc email. Hãy xóa phần đó.' : null;
}
