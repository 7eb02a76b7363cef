// A count with large − and + buttons and a number field for typing big numbers.
import { h, nextId } from './dom.js';

/** stepper({label, value, step, max, onChange, emphasis}) → {el, value(), setError(text)}. */
export function stepper({ label, value = 0, step = 1, max = 1e7, onChange, emphasis = false, name }) {
  const id = nextId('count');
  const errorId = `${id}-error`;
  const input = h('input', {
    id, name, type: 'number', inputmode: 'numeric', pattern: '[0-9]*', min: 0, max, step: 1,
    class: 'stepper-input', value: String(value || 0), 'aria-describedby': errorId,
    oninput: () => onChange?.(current()),
    onfocus: () => input.select(),
  });
  const error = h('p', { id: errorId, class: 'field-error', hidden: true });
  const current = () => Math.max(0, Math.floor(Number(input.value) || 0));
  const set = (next) => {
    input.value = String(Math.min(max, Math.max(0, next)));
    onChange?.(current());
  };
  const el = h('div', { class: ['stepper', emphasis && 'stepper-main'] },
    h('label', { for: id, class: 'stepper-label' }, label),
    h('div', { class: 'stepper-row' },
      h('button', { type: 'button', class: 'stepper-btn', 'aria-label': `Bớt ${step} – ${label}`,
        onclick: () => set(current() - step) }, '−'),
      input,
      h('button', { type: 'button', class: 'stepper-btn', 'aria-label': `Thêm ${step} – ${label}`,
        onclick: () => set(current() + step) }, '+')),
    error);
  return {
    el,
    input,
    value: current,
    setError(text) {
      error.textContent = text || '';
      error.hidden = !text;
      el.classList.toggle('has-error', Boolean(text));
    },
  };
}
