// A titled part of the event form, and the red line under a field that says what is wrong.
import { h } from '../dom.js';

export function section(title, ...children) {
  return h('fieldset', { class: 'section' }, h('legend', { class: 'section-title' }, title), children);
}

/** A hidden error line with setError(text): shown with the text, hidden when there is none. */
export function errorLine() {
  const el = h('p', { class: 'field-error', hidden: true });
  const setError = (text) => {
    el.textContent = text || '';
    el.hidden = !text;
  };
  return { el, setError };
}
