// The event form's time: when it began (within the days the server takes) and how long it lasted.
import { isoWithOffset } from '../../data/event-fields.js';
import { DURATION_MAX_MIN, EVENT_MAX_AGE_DAYS } from '../../data/limits.js';
import { h, nextId } from '../dom.js';
import { FIELD_LABELS, formatTime, localDay } from '../labels.js';
import { stepper } from '../stepper.js';
import { errorLine, section } from './section.js';

const DURATIONS = [15, 30, 60, 90, 120, 180];
const MAX_AGE_MS = EVENT_MAX_AGE_DAYS * 24 * 60 * 60 * 1000;

function localInputValue(date) {
  return `${localDay(date)}T${formatTime(date)}`;
}

/** {el, input, setError(text), setDurationError(text), occurredAt()}. */
export function timeSection(values, record) {
  const id = nextId('time');
  const initial = localInputValue(values.occurred_at ? new Date(values.occurred_at) : new Date());
  const input = h('input', { id, type: 'datetime-local', class: 'text-input', value: initial,
    min: localInputValue(new Date(Date.now() - MAX_AGE_MS)), max: localInputValue(new Date()), required: true });
  const error = errorLine();
  const duration = durationPicker(values);
  /** The start as ISO 8601 with the phone's offset (an edit's own, unless changed); null if unset. */
  const occurredAt = () => {
    if (record && input.value === initial) return record.fields.occurred_at;
    const date = new Date(input.value);
    return Number.isNaN(date.getTime()) ? null : isoWithOffset(date);
  };
  const el = section('Thời gian', h('label', { for: id, class: 'field-label' }, 'Bắt đầu lúc'), input, error.el,
    duration.el);
  return { el, input, setError: error.setError, setDurationError: duration.setError, occurredAt };
}

function durationPicker(values) {
  const duration = stepper({ label: FIELD_LABELS.duration_min, value: values.duration_min, step: 15,
    max: DURATION_MAX_MIN, name: 'duration_min', onChange: (v) => { values.duration_min = v; mark(); } });
  const chips = DURATIONS.map((minutes) => h('button', {
    type: 'button', class: 'chip', dataset: { minutes },
    onclick: () => { duration.input.value = String(minutes); values.duration_min = minutes; mark(); },
  }, minutes < 60 ? `${minutes} phút` : `${minutes / 60} giờ`.replace('.5', ',5')));
  const mark = () => chips.forEach((c) => c.classList.toggle('is-selected', Number(c.dataset.minutes) === values.duration_min));
  mark();
  return { el: [duration.el, h('div', { class: 'chips', 'aria-label': 'Chọn nhanh thời lượng' }, chips)],
    setError: duration.setError };
}
