// The event form's counts: those that matter for the kind first, the others one tap away.
import { COUNT_FIELDS, KIND_COUNTS } from '../../data/event-fields.js';
import { COUNT_MAX } from '../../data/limits.js';
import { h, replace } from '../dom.js';
import { FIELD_LABELS } from '../labels.js';
import { stepper } from '../stepper.js';
import { section } from './section.js';

const STEP = { leaflets: 10, online_reach: 50 };

/** {el, draw(), setError(name, text)}: draw() lays the counts out for values.kind. */
export function countsSection(values) {
  const steppers = new Map();
  const box = h('div', { class: 'counts' });
  const make = (name, emphasis) => {
    const s = stepper({ label: FIELD_LABELS[name], value: values[name], step: STEP[name] || 1, max: COUNT_MAX[name],
      name, emphasis, onChange: (v) => { values[name] = v; s.setError(''); } });
    steppers.set(name, s);
    return s.el;
  };
  const draw = () => {
    steppers.clear();
    if (!values.kind) return;
    const main = KIND_COUNTS[values.kind];
    const others = COUNT_FIELDS.filter((name) => !main.includes(name));
    replace(box, main.map((name, i) => make(name, i === 0)),
      h('details', { class: 'more-counts', open: others.some((name) => values[name]) },
        h('summary', {}, 'Thêm số liệu khác'), others.map((name) => make(name, false))));
  };
  /** Show `text` on the count `name` (opening "Thêm số liệu khác" if it is there); none clears it. */
  const setError = (name, text) => {
    const s = steppers.get(name);
    s?.setError(text);
    if (text) s?.el.closest('details')?.setAttribute('open', '');
  };
  return { el: section('Số liệu', box), draw, setError };
}
