// The event form's note, checked as it is typed for what looks like a person's data.
import { NOTE_MAX_CHARS } from '../../data/limits.js';
import { h, nextId } from '../dom.js';
import { icon } from '../icons.js';
import { errorLine, section } from './section.js';
import { noteProblem } from './validate.js';

/** {el, input, setError(text), check() → true when the note may be saved}. */
export function noteSection(values) {
  const id = nextId('note');
  const error = errorLine();
  const check = () => {
    const problem = noteProblem(input.value);
    error.setError(problem);
    return !problem;
  };
  const input = h('textarea', { id, class: 'text-input note', rows: 3, maxlength: NOTE_MAX_CHARS,
    placeholder: 'Ví dụ: nhiều hộ vắng nhà, hẹn quay lại', value: values.note || '',
    'aria-label': 'Ghi chú', 'aria-describedby': `${id}-hint`,
    oninput: () => { values.note = input.value; check(); } });
  input.value = values.note || '';
  const el = section('Ghi chú (không bắt buộc)',
    h('p', { id: `${id}-hint`, class: 'privacy-hint' }, icon('alert', 18),
      h('span', {}, 'Không ghi họ tên, số CCCD, số điện thoại hay địa chỉ của người dân.')),
    input, error.el);
  return { el, input, setError: error.setError, check };
}
