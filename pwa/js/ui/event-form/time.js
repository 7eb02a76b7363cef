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

/** When an event of `minutes` that has just ended began, as the field shows it. */
function justEnded(minutes) {
  return localInputValue(new Date(Date.now() - (minutes || 0) * 60 * 1000));
}

/** {el, input, setError(text), setDurationError(text), occurredAt()}. A new event starts as if it
 * had just ended: the start follows the duration until the user sets the start themselves. */
export function timeSection(values, record) {
  const id = nextId('time');
  const initial = values.occurred_at ? localInputValue(new Date(values.occurred_at)) : justEnded(values.duration_min);
  let startSet = Boolean(values.occurred_at);
  const input = h('input', { id, type: 'datetime-local', class: 'text-input', value: initial,
    min: localInputValue(new Date(Date.now() - MAX_AGE_MS)), max: localInputValue(new Date()), required: true,
    oninput: () => { startSet = true; } });
  const error = errorLine();
  const duration = durationPicker(values, (minutes) => { if (!startSet) input.value = justEnded(minutes); });
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

/** The duration's stepper and quick chips; onChange(minutes) after values.duration_min is set. */
function durationPicker(values, onChange) {
  const set = (minutes) => { values.duration_min = minutes; mark(); onChange(minutes); };
  const duration = stepper({ label: FIELD_LABELS.duration_min, value: values.duration_min, step: 15,
    max: DURATION_MAX_MIN, name: 'duration_min', onChange: set });
  const chips = DURATIONS.map((minutes) => h('button', {
    type: 'button', class: 'chip', dataset: { minutes },
    onclick: () => { duration.input.value = String(minutes); set(minutes); },
  }, minutes < 60 ? `${minutes} phút` : `${minutes / 60} giờ`.replace('.5', ',5')));
  const mark = () => chips.forEach((c) => c.classList.toggle('is-selected', Number(c.dataset.minutes) === values.duration_min));
  mark();
  return { el: [duration.el, h('div', { class: 'chips', 'aria-label': 'Chọn nhanh thời lượng' }, chips)],
    setError: duration.setError };
}
