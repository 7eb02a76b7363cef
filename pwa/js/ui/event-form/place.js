// The event form's place: the phone's position (asked for, or taken when location is already
// allowed), which also orders the group picker nearest first.
import { h } from '../dom.js';
import { currentPosition, locationAllowed, positionErrorText } from '../geo.js';
import { icon } from '../icons.js';
import { formatDistance } from '../labels.js';
import { section } from './section.js';

/** {el, show(), locateIfAllowed()} for values.lat/lon/accuracy_m, telling `picker` the position. */
export function placeSection(values, picker) {
  let locating = false;
  const locate = async (asked) => {
    locating = true;
    const found = await takePosition(values, picker, text, asked);
    locating = false;
    if (found) show();
  };
  const text = h('p', { class: 'loc-text' });
  const button = h('button', { type: 'button', class: 'btn btn-secondary', onclick: () => locate(true) },
    icon('pin'), h('span', {}, 'Lấy vị trí'));
  const clear = h('button', { type: 'button', class: 'link-btn', hidden: true, onclick: () => {
    Object.assign(values, { lat: null, lon: null, accuracy_m: null });
    picker.setPosition(null);
    show();
  } }, 'Bỏ vị trí');
  const show = () => showPlace(values, picker, { text, button, clear });
  const locateIfAllowed = async () => {
    if (values.lat == null && !locating && await locationAllowed()) locate(false);
  };
  return { el: section('Vị trí (không bắt buộc)', text, h('div', { class: 'row' }, button, clear)), show, locateIfAllowed };
}

/** Ask the phone where it is; false (and why, on `text`) when asked for and none came, or when
 * there is no earlier position to keep. */
async function takePosition(values, picker, text, asked) {
  text.textContent = 'Đang lấy vị trí…';
  try {
    const pos = await currentPosition();
    Object.assign(values, pos);
    picker.setPosition(pos);
  } catch (error) {
    if (asked || values.lat == null) {
      text.textContent = positionErrorText(error);
      return false;
    }
  }
  return true;
}

function showPlace(values, picker, { text, button, clear }) {
  const has = values.lat != null && values.lon != null;
  text.textContent = has
    ? `Đã có vị trí (sai số khoảng ${formatDistance(values.accuracy_m ?? 0)}).`
    : 'Chưa có vị trí. Có thể lưu không cần vị trí.';
  clear.hidden = !has;
  button.querySelector('span').textContent = has ? 'Lấy lại vị trí' : 'Lấy vị trí';
  if (has) picker.setPosition({ lat: values.lat, lon: values.lon });
}
