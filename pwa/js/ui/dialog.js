// A modal question with two answers, big enough to tap with a thumb.
import { h } from './dom.js';

/** Resolves true when the user confirms, false otherwise. */
export function confirmDialog({ title, message, confirm = 'Đồng ý', cancel = 'Hủy', danger = false }) {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'dialog-title' },
      h('h2', { id: 'dialog-title' }, title),
      ...[].concat(message).map((line) => h('p', {}, line)),
      h('div', { class: 'dialog-buttons' },
        h('button', { type: 'button', class: 'btn btn-secondary', onclick: () => finish(false) }, cancel),
        h('button', { type: 'button', class: ['btn', danger ? 'btn-danger' : 'btn-primary'],
          onclick: () => finish(true) }, confirm)));
    function finish(answer) {
      dialog.close();
      dialog.remove();
      resolve(answer);
    }
    dialog.addEventListener('cancel', (event) => { event.preventDefault(); finish(false); });
    document.body.append(dialog);
    dialog.showModal();
  });
}
