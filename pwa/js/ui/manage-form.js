// What the managers' forms share: labelled inputs with an error line under each, and the API's
// error codes said in Vietnamese next to the field they concern.
import { ApiError, NetworkError } from '../data/api.js';
import { LoginRequired } from '../data/session.js';
import { h, nextId, replace } from './dom.js';

/** The error codes of the server's schemas and services, said plainly. */
export const ERROR_TEXT = {
  required: 'Chưa nhập.',
  taken: 'Đã có, hãy chọn giá trị khác.',
  too_short: 'Mật khẩu phải có ít nhất 8 ký tự.',
  too_long: 'Quá dài.',
  too_common: 'Mật khẩu quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác.',
  not_allowed: 'Bạn không được giao vai trò này.',
  needs_ward: 'Vai trò này cần thuộc một phường/xã.',
  self: 'Không thể tự khóa tài khoản của chính mình.',
  unknown_ward: 'Cần chọn phường/xã thuộc tỉnh.',
  out_of_range: 'Giá trị nằm ngoài khoảng cho phép.',
  negative: 'Không được là số âm.',
  not_integer: 'Phải là số nguyên.',
  too_large: 'Số quá lớn.',
  online_exceeds_total: 'Số hồ sơ trực tuyến không thể lớn hơn tổng số.',
  in_person_exceeds_total: 'Số hồ sơ trực tiếp không thể lớn hơn tổng số.',
  duplicate_service_group: 'Mỗi nhóm thủ tục chỉ nhập một dòng.',
  residence_and_procedures: 'Một tháng chỉ nhập cư trú gộp hoặc 4 thủ tục cư trú, không cả hai.',
  activated_exceeds_eligible: 'Số tài khoản đã kích hoạt không thể lớn hơn số công dân đủ điều kiện.',
  invalid_month: 'Tháng không hợp lệ.',
  month_or_period_required: 'Cần chọn tháng.',
  before_from: 'Ngày kết thúc phải sau ngày bắt đầu.',
  period_too_long: 'Khoảng thời gian quá dài.',
  over_100_pct: 'Chỉ tiêu tỷ lệ không quá 100 %.',
  required_to_return: 'Cần ghi lý do trả lại để người ghi biết cần sửa gì.',
  contains_personal_data: 'Có vẻ chứa dữ liệu cá nhân (số CCCD, số điện thoại hoặc email). Hãy xóa phần đó.',
  changed: 'Hoạt động vừa được sửa. Tải lại danh sách rồi duyệt.',
  deleted: 'Hoạt động đã bị xóa.',
  not_utf8: 'Tệp phải là CSV mã hóa UTF-8 (Excel: Lưu thành “CSV UTF-8”).',
  nul_character: 'Có ký tự không hợp lệ (ký tự NUL; với tệp: không phải tệp văn bản CSV).',
  too_many_rows: 'Tệp có quá nhiều dòng (tối đa 5.000).',
  unknown_kind: 'Loại không hợp lệ.',
  unknown_status: 'Trạng thái không hợp lệ.',
  outside_ward: 'Không thuộc phường/xã này.',
  already_stopped: 'Tổ đã ngừng từ trước.',
  not_yet_in_force: 'Tổ chưa có hiệu lực vào ngày này.',
  used_twice: 'Một tổ chỉ được nêu trong một thay đổi.',
  merge_of_one: 'Sáp nhập cần ít nhất 2 tổ.',
  split_into_one: 'Chia tách cần ít nhất 2 tổ mới.',
  period_closed: 'Ngày hiệu lực thuộc tháng đã chốt số liệu.',
  before_last_change: 'Trước lần đổi tên gần nhất của tổ.',
  name_or_code_required: 'Cần tên mới hoặc mã mới.',
  required_for_a_new_code: 'Mã mới cần cột old_codes (tổ cũ được thay).',
  other_ward: 'Không thuộc phường/xã này.',
  not_field_role: 'Chỉ giao cho cán bộ hoặc đoàn viên, không giao cho chỉ huy.',
  inactive: 'Tài khoản đã bị khóa.',
  in_past: 'Hạn đã qua, hãy chọn hôm nay hoặc ngày sau.',
  group_stopped: 'Tổ đã ngừng (sáp nhập, chia tách hoặc giải thể) trước hạn này.',
  before_start: 'Ngày kết thúc phải từ ngày bắt đầu trở đi.',
  month_closed: 'Đợt trùng với tháng đã chốt số liệu.',
  unknown_count: 'Loại chỉ tiêu không hợp lệ.',
  not_http_url: 'Liên kết phải bắt đầu bằng http:// hoặc https://.',
  own_short_link: 'Không được dẫn tới một mã QR khác của hệ thống.',
  not_object: 'Giờ mở cửa không hợp lệ.',
  unknown_weekday: 'Ngày trong tuần không hợp lệ.',
  invalid_span: 'Giờ phải dạng 07:30-11:30.',
  invalid_spans: 'Tối đa 4 khoảng giờ mỗi ngày.',
  closes_before_opening: 'Giờ đóng cửa phải sau giờ mở cửa.',
  overlapping_spans: 'Các khoảng giờ trong một ngày bị chồng nhau.',
};

// marshmallow's own messages, for fields validated before any code of ours runs.
const MARSHMALLOW = [
  [/^Missing data/, 'Chưa nhập.'],
  [/^Field may not be null/, 'Chưa nhập.'],
  [/^Not a valid integer/, 'Phải là số nguyên.'],
  [/^Not a valid number/, 'Phải là một số.'],
  [/^Not a valid date/, 'Ngày không hợp lệ.'],
  [/^Length must be/, 'Độ dài không hợp lệ.'],
  [/^Shorter than minimum/, 'Chưa nhập.'],
  [/^Must be (greater|less)/, 'Giá trị nằm ngoài khoảng cho phép.'],
  [/^Must be one of/, 'Giá trị không hợp lệ.'],
  [/^String does not match/, 'Chỉ dùng chữ không dấu, số và . _ - (3 đến 64 ký tự).'],
];

export function errorText(code) {
  if (typeof code !== 'string') return 'Giá trị không hợp lệ.';
  if (code.startsWith('missing_column:')) return `Tệp thiếu cột “${code.split(':')[1]}”.`;
  if (ERROR_TEXT[code]) return ERROR_TEXT[code];
  const known = MARSHMALLOW.find(([pattern]) => pattern.test(code));
  if (known) return known[1];
  console.warn('no Vietnamese text for the error', code);  // never an English or raw code on screen
  return 'Giá trị không hợp lệ.';
}

/** {field: [text]} from an ApiError, whether the schema ({"json": {...}}) or a service refused. */
export function fieldErrors(error) {
  let errors = error?.body?.errors || {};
  for (const location of ['json', 'query', 'files', 'form']) {
    if (errors[location] && typeof errors[location] === 'object') errors = { ...errors, ...errors[location] };
    delete errors[location];
  }
  const out = {};
  for (const [field, codes] of Object.entries(errors)) {
    const list = Array.isArray(codes) ? codes.flat() : [codes];
    out[field] = list.map((code) => (typeof code === 'object' && code ? 'Có dòng không hợp lệ.' : errorText(code)));
  }
  return out;
}

/** The sentence to show for a failed call. */
export function failureText(error) {
  if (error instanceof LoginRequired) return 'Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại.';
  if (error instanceof NetworkError) return 'Chưa kết nối được máy chủ. Cần có mạng để quản lý; hãy thử lại.';
  if (error instanceof ApiError) {
    if (error.status === 403) return 'Bạn không có quyền làm việc này.';
    if (error.status === 404) return 'Không tìm thấy (có thể đã bị xóa hoặc không thuộc phường của bạn).';
    if (error.status === 429) return 'Thao tác quá nhanh, hãy thử lại sau ít phút.';
    if (error.status === 409) return error.body?.message || 'Dữ liệu vừa được người khác thay đổi. Hãy tải lại.';
    if (error.status >= 500) return 'Máy chủ gặp lỗi. Hãy thử lại sau.';
    return 'Có thông tin chưa đúng, xem các ô đánh dấu đỏ.';
  }
  return 'Đã có lỗi. Hãy thử lại.';
}

/** A labelled input: `control` gets an id and an error line under it (data-field = its name). */
export function field(label, control, { hint, wide = false } = {}) {
  const id = control.id || nextId('m');
  control.id = id;
  const error = h('p', { class: 'field-error', hidden: true, id: `${id}-error`, 'aria-live': 'polite' });
  control.setAttribute('aria-describedby', error.id);
  return h('div', { class: ['mfield', wide && 'mfield-wide'], dataset: { field: control.name } },
    h('label', { class: 'field-label', for: id }, label),
    control,
    hint && h('p', { class: 'hint' }, hint),
    error);
}

export function input(name, props = {}) {
  return h('input', { class: 'text-input', name, autocomplete: 'off', ...props });
}

export function select(name, options, value) {
  return h('select', { class: 'text-input', name },
    options.map(([v, label]) => h('option', { value: v, selected: String(v) === String(value ?? '') }, label)));
}

/** Clear a form's messages, or show a failure: under each field and in the form's message box. */
export function showErrors(form, error) {
  for (const el of form.querySelectorAll('.field-error')) {
    el.hidden = true;
    el.textContent = '';
  }
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  const box = form.querySelector('.form-message');
  if (box) {
    box.hidden = !error;
    box.textContent = error ? failureText(error) : '';
  }
  if (!error) return;
  const unplaced = [];
  for (const [name, texts] of Object.entries(fieldErrors(error))) {
    const wrap = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    const line = wrap?.querySelector('.field-error');
    if (line) {
      line.textContent = texts.join(' ');
      line.hidden = false;
      wrap.querySelector('input, select, textarea')?.setAttribute('aria-invalid', 'true');
    } else {
      unplaced.push(...texts);
    }
  }
  if (box && unplaced.length) box.textContent = `${box.textContent} ${unplaced.join(' ')}`;
  (form.querySelector('[aria-invalid="true"]') || box)?.focus?.();
}

/** Check that the named inputs are filled before asking the server; false (and shown) if not. */
export function requireFilled(form, controls, names) {
  const missing = names.filter((name) => !controls[name].value.trim());
  if (!missing.length) return true;
  showErrors(form, new ApiError(422, { errors: Object.fromEntries(missing.map((name) => [name, ['required']])) }));
  return false;
}

/** A whole number from an input ('' → undefined so the server can say it is required). */
export function intValue(el) {
  const text = el.value.trim().replace(/[.\s]/g, '');
  if (text === '') return undefined;
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

export function numberValue(el) {
  const text = el.value.trim().replace(',', '.');
  if (text === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : text;
}

/** [['2025-11', 'Tháng 11/2025'], ...] from `back` months ago to `ahead` months on, newest first. */
export function monthOptions(back, ahead) {
  const now = new Date();
  const out = [];
  for (let i = ahead; i >= -back; i -= 1) {
    const d = new Date(now.getFullYear(), now.getMonth() + i, 1);
    const mm = String(d.getMonth() + 1).padStart(2, '0');
    out.push([`${d.getFullYear()}-${mm}`, `Tháng ${mm}/${d.getFullYear()}`]);
  }
  return out;
}

export function monthKey(offset = 0) {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() + offset, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

export function loadingNotice(text = 'Đang tải…') {
  return h('p', { class: 'notice', role: 'status' }, text);
}

export function failureNotice(error, retry) {
  return h('div', { class: 'notice notice-warn', role: 'alert' },
    h('p', {}, failureText(error)),
    retry && h('button', { type: 'button', class: 'btn btn-secondary btn-block', onclick: retry }, 'Thử lại'));
}

export function clear(el) {
  return replace(el);
}
