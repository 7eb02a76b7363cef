// Importing a province's published table on the province screen: a CSV or Excel file as the
// province prints it (title lines, STT · Đơn vị · Tổng · Trực tiếp · Trực tuyến · Tỷ lệ (%)), for
// a month and a service group, and every line of it answered in Vietnamese: added, updated,
// unchanged, refused (why), the total line checked against the sum, printed rates that are not
// the recomputed ones and figures that do not add up pointed out (kept as printed). Beside it, the
// import of level-2 e-ID figures (ward, month, eligible, activated), answered line by line too.
import { ApiError } from '../data/api.js';
import { importEidTable, importFilingTable } from '../data/dashboard-api.js';
import { h, nextId } from './dom.js';
import { dec, num } from './figures.js';
import { SERVICE_GROUP_LABELS } from './labels.js';
import { errorText, field, select, showErrors } from './manage-form.js';
import { monthSelect } from './period.js';

const STATUS_TEXT = {
  created: 'Thêm mới', updated: 'Cập nhật', unchanged: 'Không đổi', rejected: 'Bị từ chối',
  total_row: 'Dòng tổng',
};
const IMPORT_TEXT = {
  unknown_unit: 'Không có phường/xã nào của tỉnh mang tên hoặc mã này.',
  ambiguous_unit: 'Tên trùng với nhiều phường/xã; hãy ghi mã phường/xã.',
  missing_unit: 'Thiếu tên đơn vị.',
  duplicate_unit: 'Phường/xã này đã có ở một dòng trước.',
  invalid_rate: 'Không đọc được tỷ lệ.',
  residence_and_procedures: 'Tháng này đã có số liệu cư trú gộp (hoặc theo từng thủ tục); không nhập cả hai.',
  required_for_published_table: 'Cần chọn.',
  unsupported_file_type: 'Chỉ nhận tệp CSV (UTF-8) hoặc Excel .xlsx.',
  unreadable_xlsx: 'Không đọc được tệp Excel .xlsx.',
  too_large_unpacked: 'Tệp Excel quá lớn.',
  missing_header: 'Không thấy dòng tiêu đề STT, Đơn vị, Tổng, Trực tiếp, Trực tuyến, Tỷ lệ (%).',
  activated_exceeds_eligible: 'Số đã kích hoạt lớn hơn số đủ điều kiện.',
  invalid_month: 'Không đọc được tháng (YYYY-MM, MM/YYYY hoặc Tháng MM/YYYY).',
  formula: 'Dòng có ô chứa công thức; hãy dán giá trị (Paste Values).',
};
const EID_TEXT = {
  ...IMPORT_TEXT,
  duplicate_unit: 'Phường/xã này đã có ở một dòng trước cho cùng tháng.',
  missing_header: 'Không thấy dòng tiêu đề Đơn vị (hoặc mã), Tháng, Đủ điều kiện, Đã kích hoạt.',
};
const FIGURE_NAMES = {
  total: 'Tổng', in_person: 'Trực tiếp', online: 'Trực tuyến', published_rate_pct: 'Tỷ lệ', unit: 'Đơn vị',
  month: 'Tháng', eligible: 'Đủ điều kiện', activated: 'Đã kích hoạt',
};
const FILE_TYPES = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function codeText(code, texts = IMPORT_TEXT) {
  if (typeof code === 'string' && code.startsWith('formula:')) {
    return `Ô ${code.split(':')[1]} chứa công thức; hãy dán giá trị (Paste Values) rồi nhập lại.`;
  }
  return texts[code] || errorText(code);
}

/** The import form (folded); `onImported(answer, month, group)` once the server answered. */
export function importBox(user, { month, group }, onImported) {
  const file = h('input', { type: 'file', name: 'file', accept: FILE_TYPES, class: 'file-input' });
  const monthInput = monthSelect(nextId('month'), month, 120);  // tables of past years too
  const groupSelect = select('service_group', SERVICE_GROUP_LABELS, group || 'other');
  const form = h('form', { class: 'm-form province-import', dataset: { form: 'filing-import' } },
    field('Tệp bảng số liệu (CSV hoặc Excel .xlsx)', file, {
      hint: 'Bảng như tỉnh in: các dòng tiêu đề, rồi cột STT, Đơn vị, Tổng, Trực tiếp, Trực tuyến, Tỷ lệ (%) '
        + '(có thể thêm Chưa phát sinh, Ghi chú). Đơn vị được khớp với phường/xã theo mã hoặc theo tên; dòng TỔNG chỉ để đối chiếu.',
    }),
    field('Tháng', monthInput),
    field('Lĩnh vực', groupSelect),
    h('p', { class: 'form-message', hidden: true, role: 'alert', tabindex: '-1' }),
    h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, 'Nhập bảng'));
  onSubmit(form, file, IMPORT_TEXT, async () => {
    if (!/^\d{4}-\d{2}$/.test(monthInput.value)) return fieldMessage(form, 'month', 'Hãy chọn tháng.');
    const answer = await importFilingTable(user, file.files[0], monthInput.value, groupSelect.value);
    return onImported(answer, monthInput.value, groupSelect.value);
  });
  return h('details', { class: 'm-details', dataset: { box: 'filing-import' } },
    h('summary', {}, 'Nhập bảng số liệu của tỉnh (CSV, Excel)'), form);
}

/** The level-2 e-ID import form (folded); `onImported(answer)` once the server answered. */
export function eidImportBox(user, onImported) {
  const file = h('input', { type: 'file', name: 'file', accept: FILE_TYPES, class: 'file-input' });
  const form = h('form', { class: 'm-form province-import', dataset: { form: 'eid-import' } },
    field('Tệp số liệu định danh điện tử mức 2 (CSV hoặc Excel .xlsx)', file, {
      hint: 'Các cột Đơn vị (mã hoặc tên phường/xã), Tháng (YYYY-MM hoặc MM/YYYY), Đủ điều kiện, Đã kích hoạt; '
        + 'số viết như tỉnh in (12.345). Có thể có các dòng tiêu đề phía trên.',
    }),
    h('p', { class: 'form-message', hidden: true, role: 'alert', tabindex: '-1' }),
    h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, 'Nhập số liệu định danh'));
  onSubmit(form, file, EID_TEXT, async () => onImported(await importEidTable(user, file.files[0])));
  return h('details', { class: 'm-details', dataset: { box: 'eid-import' } },
    h('summary', {}, 'Nhập số liệu tài khoản định danh mức 2 (CSV, Excel)'), form);
}

/** Send the form's file through `send` once chosen; a refused file is said under its field. */
function onSubmit(form, file, texts, send) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showErrors(form, null);
    if (!file.files[0]) return fieldMessage(form, 'file', 'Hãy chọn tệp.');
    const button = form.querySelector('[type=submit]');
    button.disabled = true;
    try {
      await send();
      button.disabled = false;
    } catch (error) {
      button.disabled = false;
      showImportError(form, error, texts);
    }
  });
}

function fieldMessage(form, name, text) {
  const line = form.querySelector(`[data-field="${name}"] .field-error`);
  line.textContent = text;
  line.hidden = false;
}

/** A refused file: what the server said, in Vietnamese, under the file field. */
function showImportError(form, error, texts) {
  if (!(error instanceof ApiError) || ![413, 415, 422].includes(error.status)) return showErrors(form, error);
  const errors = error.body?.errors || {};
  const codes = [errors.file, errors.files?.file, errors.month, errors.service_group, errors.form?.month]
    .flat().filter(Boolean);
  const text = error.status === 413 && !codes.length ? 'Tệp quá lớn (tối đa 2 MB).'
    : codes.map((c) => (typeof c === 'string' ? codeText(c, texts) : 'Tệp không hợp lệ.')).join(' ') || 'Tệp không hợp lệ.';
  fieldMessage(form, 'file', text);
}

const rateCell = (value) => (value == null ? '—' : dec(value));
// The figures of each kind of import, after Dòng · Đơn vị · Kết quả: [heading, cell of a row].
const FIGURE_COLUMNS = {
  filing: [['Tổng', (r) => num(r.total)], ['Trực tiếp', (r) => num(r.in_person)],
    ['Trực tuyến', (r) => num(r.online)], ['Tỷ lệ in', (r) => rateCell(r.published_rate_pct)],
    ['Tỷ lệ tính lại', (r) => rateCell(r.rate_pct)]],
  eid: [['Tháng', (r) => r.month ?? ''], ['Đủ điều kiện', (r) => num(r.eligible)],
    ['Đã kích hoạt', (r) => num(r.activated)], ['Tỷ lệ', (r) => rateCell(r.coverage_pct)]],
};

/** Every line of the file with its answer; `kind` 'filing' (a published table) or 'eid'. */
export function importAnswers(answer, onClose, kind = 'filing') {
  const counts = ['created', 'updated', 'unchanged', 'rejected']
    .map((s) => `${num(answer[s] || 0)} ${STATUS_TEXT[s].toLowerCase()}`).join(', ');
  const columns = FIGURE_COLUMNS[kind];
  const title = kind === 'eid' ? 'Kết quả nhập số liệu định danh' : 'Kết quả nhập bảng';
  return h('section', { class: 'notice import-answers', role: 'status', dataset: { answers: `${kind}-import` } },
    h('h3', { class: 'section-title' }, `${title}: ${counts}`),
    h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Kết quả từng dòng' },
      h('table', { class: 'data-table import-table' },
        h('thead', {}, h('tr', {}, ['Dòng', 'Đơn vị', 'Kết quả', ...columns.map(([label]) => label), 'Ghi chú']
          .map((label, i) => h('th', { scope: 'col', class: i > 2 && i < columns.length + 3 ? 'num' : null }, label)))),
        h('tbody', {}, answer.rows.map((row) => answerRow(row, columns, kind === 'eid' ? EID_TEXT : IMPORT_TEXT))))),
    h('button', { type: 'button', class: 'btn btn-secondary', onclick: onClose }, 'Đóng kết quả'));
}

function answerRow(row, columns, texts) {
  return h('tr', { dataset: { line: String(row.line), status: row.status }, class: `import-${row.status}` },
    h('td', {}, String(row.line)),
    h('td', {}, row.unit ?? row.ward_code ?? '', row.ward_name && row.ward_name !== row.unit
      ? h('span', { class: 'hint' }, ` → ${row.ward_name}`) : null),
    h('td', {}, STATUS_TEXT[row.status] || row.status),
    columns.map(([, cell]) => h('td', { class: 'num' }, cell(row))),
    h('td', {}, remarks(row, texts).join(' ')));
}

function remarks(row, texts) {
  const out = [];
  for (const [name, codes] of Object.entries(row.errors || {})) {
    out.push(`${FIGURE_NAMES[name] || ''}${FIGURE_NAMES[name] ? ': ' : ''}${[].concat(codes).map((c) => codeText(c, texts)).join(' ')}`);
  }
  if (row.status === 'total_row' && !row.sums) out.push('Dòng tổng, không lưu.');
  if (row.status === 'total_row' && row.sums) {
    const off = (row.sum_mismatch || []).map((n) => `${FIGURE_NAMES[n]} in ${num(row[n])}, cộng các dòng ${num(row.sums[n])}`);
    out.push(off.length ? `Không khớp tổng các dòng: ${off.join('; ')}.` : 'Khớp tổng các dòng. Không lưu dòng này.');
  }
  if (row.rate_mismatch) out.push('Tỷ lệ in khác tỷ lệ tính lại.');
  if (row.inconsistent) out.push('Số liệu không khớp (trực tiếp + trực tuyến ≠ tổng), giữ nguyên như bảng in.');
  if (row.nothing_arose && row.status !== 'rejected') out.push('Chưa phát sinh hồ sơ.');
  if (row.printed_note) out.push(`Ghi chú trong bảng: ${row.printed_note}`);
  return out;
}
