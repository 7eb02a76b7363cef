// The event form's kind: all five kinds until one is chosen; then the chosen one, with "Đổi".
import { KINDS } from '../../data/event-fields.js';
import { h, replace } from '../dom.js';
import { KIND_HINTS, KIND_LABELS } from '../labels.js';
import { errorLine, section } from './section.js';

/** {el, error, setError(text)}; onChoose(kind) after values.kind is set. */
export function kindPicker(values, onChoose) {
  const error = errorLine();
  let picking = !values.kind;
  const buttons = KINDS.map((kind) => h('button', {
    type: 'button', role: 'radio', class: ['kind-btn', `kind-${kind}`], dataset: { kind },
    'aria-checked': String(values.kind === kind), onclick: () => choose(kind),
  }, h('span', { class: 'kind-name' }, KIND_LABELS[kind]), h('span', { class: 'kind-hint' }, KIND_HINTS[kind])));
  const grid = h('div', { class: 'kind-grid', role: 'radiogroup', 'aria-label': 'Loại hoạt động' }, buttons);
  const chosen = h('div', { class: 'kind-chosen' });
  const draw = () => {
    grid.hidden = !picking;
    chosen.hidden = picking;
    if (!picking) replace(chosen, current(values.kind, () => { picking = true; draw(); buttons[0].focus(); }));
  };
  const choose = (kind) => {
    values.kind = kind;
    picking = false;
    error.setError('');
    buttons.forEach((b) => b.setAttribute('aria-checked', String(b.dataset.kind === kind)));
    draw();
    onChoose(kind);
  };
  draw();
  return { el: section('Loại hoạt động', grid, chosen, error.el), error: error.el, setError: error.setError };
}

function current(kind, onChange) {
  return [
    h('div', { class: 'kind-btn kind-current' }, h('span', { class: 'kind-name' }, KIND_LABELS[kind]),
      h('span', { class: 'kind-hint' }, KIND_HINTS[kind])),
    h('button', { type: 'button', class: 'btn btn-secondary', 'aria-label': 'Đổi loại hoạt động', onclick: onChange }, 'Đổi'),
  ];
}
