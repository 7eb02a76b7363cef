// The period picker of the managers' screens: this week, this month, this quarter, or a custom
// range. Periods are half-open [from, to) in Vietnamese local days, like the metrics API.
import { h, nextId, replace } from './dom.js';

export const PERIODS = [
  { id: 'week', label: 'Tuần này' },
  { id: 'month', label: 'Tháng này' },
  { id: 'quarter', label: 'Quý này' },
  { id: 'custom', label: 'Tùy chọn' },
];

const vnDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });

/** Today in Vietnam as a Date at UTC midnight (date arithmetic only). */
function today() {
  return new Date(`${vnDay.format(new Date())}T00:00:00Z`);
}

const iso = (date) => date.toISOString().slice(0, 10);
const addDays = (date, n) => new Date(date.getTime() + n * 86400000);
const monthStart = (y, m) => new Date(Date.UTC(y, m, 1));

/** {from, to} (YYYY-MM-DD, `to` exclusive) of a period choice. */
export function periodRange(choice) {
  const day = today();
  const y = day.getUTCFullYear();
  const m = day.getUTCMonth();
  if (choice.id === 'week') {
    const monday = addDays(day, -((day.getUTCDay() + 6) % 7));
    return { from: iso(monday), to: iso(addDays(monday, 7)) };
  }
  if (choice.id === 'quarter') {
    const first = m - (m % 3);
    return { from: iso(monthStart(y, first)), to: iso(monthStart(y, first + 3)) };
  }
  if (choice.id === 'custom' && choice.from && choice.to && choice.from < choice.to) {
    return { from: choice.from, to: choice.to };
  }
  return { from: iso(monthStart(y, m)), to: iso(monthStart(y, m + 1)) };
}

/** "01/11/2026 – 30/11/2026" (the last day shown inclusive, as people read a period). */
export function describeRange({ from, to }) {
  const show = (text) => text.split('-').reverse().join('/');
  return `${show(from)} – ${show(iso(addDays(new Date(`${to}T00:00:00Z`), -1)))}`;
}

/**
 * The picker: four buttons and, for "Tùy chọn", two date fields (to is inclusive on screen).
 * `choice` is {id, from?, to?}; onChange gets the new choice.
 */
export function periodPicker(choice, onChange) {
  const fromId = nextId('from');
  const toId = nextId('to');
  const range = periodRange(choice);
  const lastDay = iso(addDays(new Date(`${range.to}T00:00:00Z`), -1));
  const fromInput = h('input', { id: fromId, type: 'date', class: 'text-input', value: range.from, max: iso(today()) });
  const toInput = h('input', { id: toId, type: 'date', class: 'text-input', value: lastDay });
  const message = h('p', { class: 'field-error', 'aria-live': 'polite' });
  const apply = () => {
    const from = fromInput.value;
    const last = toInput.value;
    if (!from || !last || last < from) {
      replace(message, 'Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.');
      return;
    }
    if ((new Date(last) - new Date(from)) / 86400000 > 365) {
      replace(message, 'Chỉ xem được tối đa một năm.');
      return;
    }
    onChange({ id: 'custom', from, to: iso(addDays(new Date(`${last}T00:00:00Z`), 1)) });
  };
  const custom = h('div', { class: 'period-custom', hidden: choice.id !== 'custom' },
    h('div', { class: 'period-dates' },
      h('label', { for: fromId, class: 'field-label' }, 'Từ ngày', fromInput),
      h('label', { for: toId, class: 'field-label' }, 'Đến ngày', toInput)),
    message,
    h('button', { type: 'button', class: 'btn btn-secondary', onclick: apply }, 'Xem kỳ này'));
  const buttons = PERIODS.map((p) => h('button', {
    type: 'button', class: ['period-btn', p.id === choice.id && 'is-selected'],
    'aria-pressed': String(p.id === choice.id), dataset: { period: p.id },
    onclick: () => {
      if (p.id === 'custom') {
        custom.hidden = false;
        buttons.forEach((b) => {
          b.classList.toggle('is-selected', b === buttons[3]);
          b.setAttribute('aria-pressed', String(b === buttons[3]));
        });
        fromInput.focus();
      } else {
        onChange({ id: p.id });
      }
    },
  }, p.label));
  return h('div', { class: 'period-picker' },
    h('div', { class: 'period-btns', role: 'group', 'aria-label': 'Chọn kỳ' }, buttons),
    custom,
    h('p', { class: 'period-range' }, describeRange(range)));
}

/** "Tháng 11/2026" for a month 'YYYY-MM' (the browser's own month field speaks its language). */
export function monthText(month) {
  return `Tháng ${month.slice(5)}/${month.slice(0, 4)}`;
}

/**
 * A select of months in Vietnamese, this month first and back `count` months, with `value`
 * ('YYYY-MM') among them even when older; the select's value is the month chosen.
 */
export function monthSelect(id, value, count = 36) {
  const now = today();
  const months = Array.from({ length: count }, (_, i) =>
    iso(monthStart(now.getUTCFullYear(), now.getUTCMonth() - i)).slice(0, 7));
  if (value && !months.includes(value)) months.push(value);
  return h('select', { id, name: 'month', class: 'text-input month-select' },
    months.map((m) => h('option', { value: m, selected: m === value ? 'selected' : null }, monthText(m))));
}
