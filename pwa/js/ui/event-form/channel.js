// The event form's channel: the support point of a support session (the nearest point open now
// offered first) or the platform of a digital post. Other kinds name neither.
import { distanceM } from '../../data/areas.js';
import { PLATFORMS, isOpen } from '../../data/event-fields.js';
import { h, replace } from '../dom.js';
import { FIELD_LABELS, PLATFORM_LABELS, formatDistance } from '../labels.js';
import { section } from './section.js';

/** Points in the order to offer them: open now first, then nearest (when the phone has a place). */
export function orderPoints(points, position, now = new Date()) {
  const items = points.map((point) => ({
    point, open: isOpen(point, now),
    distanceM: position?.lat != null && point.lat != null ? distanceM(position, point) : null,
  }));
  return items.sort((a, b) => Number(b.open) - Number(a.open)
    || (a.distanceM ?? Infinity) - (b.distanceM ?? Infinity) || a.point.name.localeCompare(b.point.name, 'vi'));
}

/** {el, draw()}: draw() shows the control for values.kind and clears what the kind cannot name;
 * until the user picks a point, each draw (a new kind, a new position) offers the best one. */
export function channelSection(values, points) {
  const body = h('div', { class: 'channel' });
  const el = section('Kênh', body);
  let byHand = values.support_point_id != null;
  const picked = () => { byHand = true; };
  const draw = () => {
    if (values.kind !== 'support_session') values.support_point_id = null;
    if (values.kind !== 'digital_post') values.platform = null;
    const control = values.kind === 'support_session' ? pointSelect(values, points, byHand, picked)
      : values.kind === 'digital_post' ? platformSelect(values) : null;
    el.hidden = !control;
    replace(body, control);
  };
  draw();
  return { el, draw };
}

function pointSelect(values, points, byHand, picked) {
  if (!points.length) return h('p', { class: 'hint' }, 'Phường chưa có điểm hỗ trợ nào.');
  const ordered = orderPoints(points, values);
  const known = byHand && points.some((p) => p.id === values.support_point_id);
  if (!known) values.support_point_id = ordered[0].open ? ordered[0].point.id : null;
  const options = [h('option', { value: '' }, 'Không tại điểm hỗ trợ'), ...ordered.map(({ point, open, distanceM }) => h('option', {
    value: String(point.id), selected: point.id === values.support_point_id,
  }, [point.name, open ? 'đang mở' : 'đang đóng', distanceM != null && formatDistance(distanceM)].filter(Boolean).join(' · ')))];
  const select = h('select', { class: 'text-input', name: 'support_point_id', id: 'event-point',
    onchange: () => { values.support_point_id = select.value ? Number(select.value) : null; picked(); } }, options);
  return [h('label', { class: 'field-label', for: 'event-point' }, FIELD_LABELS.support_point_id), select];
}

function platformSelect(values) {
  const select = h('select', { class: 'text-input', name: 'platform', id: 'event-platform',
    onchange: () => { values.platform = select.value || null; } },
  h('option', { value: '' }, 'Chưa chọn'),
  PLATFORMS.map((p) => h('option', { value: p, selected: p === values.platform }, PLATFORM_LABELS[p])));
  return [h('label', { class: 'field-label', for: 'event-platform' }, FIELD_LABELS.platform), select];
}
