// Choosing the residential group: the nearest (or most recently used) few as big buttons,
// the rest one tap away.
import { orderGroups } from '../data/areas.js';
import { h, replace } from './dom.js';
import { formatDistance } from './labels.js';

const SHOWN = 5;

/**
 * groupPicker({groups, value, allowNone, recentIds, onChange}) →
 * {el, value(), setPosition(pos), setAllowNone(bool), setError(text)}.
 */
export function groupPicker({ groups, value = null, allowNone = false, recentIds = [], onChange }) {
  let selected = value;
  let position = null;
  let expanded = false;
  let noneAllowed = allowNone;
  const list = h('div', { class: 'choices', role: 'radiogroup', 'aria-label': 'Tổ dân phố' });
  const error = h('p', { class: 'field-error', hidden: true });
  const hint = h('p', { class: 'hint' });
  const el = h('div', { class: 'group-picker' }, hint, list, error);

  function option(group, distance) {
    const isSelected = group ? group.id === selected : selected === null;
    return h('button', {
      type: 'button', role: 'radio', 'aria-checked': String(isSelected),
      class: ['choice', isSelected && 'is-selected'], dataset: { groupId: group ? group.id : 'none' },
      onclick: () => {
        selected = group ? group.id : null;
        onChange?.(selected);
        draw();
      },
    },
    h('span', { class: 'choice-name' }, group ? group.name : 'Toàn phường (không theo tổ)'),
    distance != null && h('span', { class: 'choice-meta' }, `cách ${formatDistance(distance)}`));
  }

  function draw() {
    const ordered = orderGroups(groups, position, recentIds);
    let shown = expanded ? ordered : ordered.slice(0, SHOWN);
    if (!expanded && selected != null && !shown.some((item) => item.group.id === selected)) {
      const chosen = ordered.find((item) => item.group.id === selected);
      if (chosen) shown = [chosen, ...shown.slice(0, SHOWN - 1)];
    }
    hint.textContent = position
      ? 'Tổ gần bạn nhất ở trên cùng.'
      : 'Chưa có vị trí: tổ bạn chọn gần đây ở trên cùng.';
    replace(list,
      shown.map((item) => option(item.group, item.distanceM)),
      noneAllowed && option(null, null),
      ordered.length > SHOWN && h('button', {
        type: 'button', class: 'link-btn', 'aria-expanded': String(expanded),
        onclick: () => { expanded = !expanded; draw(); },
      }, expanded ? 'Thu gọn danh sách' : `Xem tất cả ${ordered.length} tổ`));
    if (!groups.length) {
      list.append(h('p', { class: 'notice' },
        'Chưa có danh sách tổ dân phố trên máy. Hãy bấm "Đồng bộ ngay" khi có mạng.'));
    }
  }

  draw();
  return {
    el,
    value: () => selected,
    setPosition(next) {
      position = next;
      draw();
    },
    setAllowNone(next) {
      noneAllowed = next;
      draw();
    },
    setError(text) {
      error.textContent = text || '';
      error.hidden = !text;
    },
  };
}
