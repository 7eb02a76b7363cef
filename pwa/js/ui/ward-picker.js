// The ward a managers' screen shows — the same on every screen (data/current-ward.js) — and an
// admin's picker, whose choice every screen then shows.
import { chooseWard, chosenWardId, visibleWards } from '../data/current-ward.js';
import { h, nextId } from './dom.js';

/**
 * {wards, ward, picker} for `user`. A commander: their own ward (when the list of wards cannot be
 * had, a ward of that id with no name). An admin: the ward chosen last on any screen; with none,
 * the first ward when `pickFirst`, else none; and the picker, which keeps the choice, then calls
 * onPick(wardId). An admin's list that cannot be had is thrown.
 */
export async function wardChoice(user, { pickFirst = false, onPick }) {
  const admin = user.role === 'admin';
  const wards = admin ? await visibleWards(user) : await visibleWards(user).catch(() => []);
  const chosen = await chosenWardId(user);
  let ward = wards.find((w) => w.id === chosen) || null;
  if (!ward && admin && pickFirst) ward = wards[0] || null;
  if (!ward && !admin && chosen) ward = { id: chosen, name: null };
  const picker = admin ? wardPicker(wards, ward?.id ?? null, async (wardId) => {
    await chooseWard(user, wardId);
    onPick(wardId);
  }) : null;
  return { wards, ward, picker };
}

/** The select of an admin's wards (name "ward_id"); onPick(wardId). */
export function wardPicker(wards, wardId, onPick) {
  const id = nextId('ward');
  const select = h('select', { id, name: 'ward_id', class: 'text-input', onchange: () => onPick(Number(select.value)) },
    !wardId && h('option', { value: '' }, '— Chọn phường/xã —'),
    wards.map((w) => h('option', { value: String(w.id), selected: w.id === wardId ? 'selected' : null }, w.name)));
  select.value = wardId ? String(wardId) : '';
  return h('div', { class: 'ward-picker' }, h('label', { for: id, class: 'field-label' }, 'Phường/xã'), select);
}
