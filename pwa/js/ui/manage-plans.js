// Quản lý · Phân công: who is in charge of each residential group (choose a person, then one tap
// per group, or tap several groups on the map and give them all in one request), tasks for an officer or volunteer (a group, a due day, what to do), and campaigns
// with their targets and progress.
import { KINDS } from '../data/event-fields.js';
import * as mapi from '../data/manage-api.js';
import * as papi from '../data/plans-api.js';
import { h, replace } from './dom.js';
import { KIND_LABELS, formatDate, localDay } from './labels.js';
import { failureText, field, input, intValue, select, showErrors } from './manage-form.js';
import { baseMap, loadLeaflet, tileSettings } from './map-kit.js';
import { showToast } from './toast.js';

const CAMPAIGN_COUNTS = [['vneid_activations', 'Kích hoạt VNeID'], ['vneid_installs', 'Cài đặt VNeID'],
  ['households_visited', 'Lượt hộ được đến'], ['events', 'Hoạt động']];

export async function render(ctx, ward) {
  const root = h('div', { class: 'manage-plans' });
  const draw = async () => {
    const [groups, people, tasks, campaigns] = await Promise.all([mapi.groups(ctx.user, ward.id),
      mapi.users(ctx.user, ward.id), papi.tasks(ctx.user, ward.id, 'open'), papi.campaigns(ctx.user, ward.id)]);
    const workers = people.filter((u) => ['officer', 'volunteer'].includes(u.role) && u.active !== false);
    replace(root, assignSection(ctx, ward, groups, workers, draw), taskForm(ctx, ward, groups, workers, draw),
      taskList(tasks), campaignForm(ctx, ward, draw), await campaignList(ctx, campaigns));
  };
  await draw();
  return root;
}

let chosenOfficer = null;  // kept while the commander taps group after group
const onMap = new Set();  // the groups chosen on the map, given together
const DOT = { chosen: '#e67e22', mine: '#1f3a68', other: '#8fa3bf', none: '#ffffff' };

function assignSection(ctx, ward, groups, people, redraw) {
  if (!people.some((u) => u.id === chosenOfficer)) chosenOfficer = people[0]?.id ?? null;
  const names = new Map(people.map((u) => [u.id, u.full_name]));
  const chips = h('div', { class: 'chips', role: 'radiogroup', 'aria-label': 'Người phụ trách' }, people.map((u) => h('button', {
    type: 'button', role: 'radio', class: ['chip', u.id === chosenOfficer && 'is-selected'], 'aria-checked': String(u.id === chosenOfficer), dataset: { officer: u.id },
    onclick: () => { chosenOfficer = u.id; redraw(); },
  }, u.full_name)));
  const assign = async (group) => {
    const officerId = group.officer_id === chosenOfficer ? null : chosenOfficer;
    try {
      await mapi.updateGroup(ctx.user, group.id, { officer_id: officerId });
      await redraw();
    } catch (error) {
      showToast(failureText(error), { kind: 'error', id: 'manage' });
    }
  };
  return h('section', { class: 'm-form' }, h('h3', { class: 'm-subtitle' }, 'Phân công phụ trách tổ'),
    h('p', { class: 'hint' }, 'Chọn người, rồi chạm vào từng tổ để giao (chạm lại để bỏ), hoặc chạm nhiều tổ trên bản đồ rồi giao một lần.'), chips,
    assignMap(ctx, ward, groups, names, redraw),
    h('ul', { class: 'assign-list' }, groups.map((g) => h('li', {}, h('button', {
      type: 'button', class: ['assign-btn', g.officer_id === chosenOfficer && chosenOfficer && 'is-mine'],
      dataset: { group: g.id }, 'aria-pressed': String(g.officer_id === chosenOfficer && chosenOfficer != null),
      onclick: () => assign(g),
    }, h('span', { class: 'assign-name' }, g.name),
    h('span', { class: 'assign-officer' }, names.get(g.officer_id) || (g.officer_id ? 'Người khác' : 'Chưa giao')))))));
}

/** The ward's groups as dots: tap to choose (orange), then give them all to the chosen person. */
function assignMap(ctx, ward, groups, names, redraw) {
  const placed = groups.filter((g) => g.lat != null && g.lon != null);
  for (const id of [...onMap]) if (!placed.some((g) => g.id === id)) onMap.delete(id);
  const el = h('div', { class: 'assign-map', role: 'img', 'aria-label': 'Bản đồ các tổ: chạm để chọn' });
  const button = h('button', { type: 'button', class: 'btn btn-primary btn-block assign-chosen' });
  const label = () => {
    button.disabled = onMap.size === 0 || chosenOfficer == null;
    button.textContent = onMap.size ? `Giao ${onMap.size} tổ đã chọn cho ${names.get(chosenOfficer) || '…'}` : 'Chạm các tổ trên bản đồ để chọn';
  };
  button.onclick = async () => {
    try {
      await papi.assignGroups(ctx.user, ward.id, { officer_id: chosenOfficer, group_ids: [...onMap] });
      showToast(`Đã giao ${onMap.size} tổ cho ${names.get(chosenOfficer)}.`, { kind: 'ok', id: 'manage' });
      onMap.clear();
      await redraw();
    } catch (error) {
      showToast(failureText(error), { kind: 'error', id: 'manage' });
    }
  };
  label();
  if (placed.length) drawDots(ctx, el, placed, names, label).catch(() => el.replaceChildren(h('p', { class: 'hint' }, 'Chưa tải được bản đồ.')));
  return h('div', { class: 'assign-map-box' }, el, button);
}

async function drawDots(ctx, el, groups, names, changed) {
  const L = await loadLeaflet();
  // Leaflet measures its box once: wait until the section is on screen (up to ~2 s of frames).
  for (let frame = 0; frame < 120 && !(el.isConnected && el.clientHeight); frame += 1) {
    await new Promise((resolve) => { requestAnimationFrame(resolve); });
  }
  const map = baseMap(L, el, await tileSettings(ctx.user));
  const bounds = L.latLngBounds(groups.map((g) => [g.lat, g.lon]));
  map.fitBounds(bounds, { padding: [24, 24] });
  const colour = (g) => (onMap.has(g.id) ? DOT.chosen : g.officer_id == null ? DOT.none : g.officer_id === chosenOfficer ? DOT.mine : DOT.other);
  const renderer = L.svg();  // each dot its own element: tapped (and found by a test) like a button
  groups.forEach((g) => {
    const dot = L.circleMarker([g.lat, g.lon], { renderer, radius: 14, weight: 3, color: '#1f3a68', fillOpacity: 0.9, fillColor: colour(g), className: 'assign-dot' })
      .bindTooltip(`${g.name} · ${names.get(g.officer_id) || (g.officer_id ? 'Người khác' : 'Chưa giao')}`)
      .addTo(map);
    dot.on('click', () => {
      if (onMap.has(g.id)) onMap.delete(g.id); else onMap.add(g.id);
      dot.setStyle({ fillColor: colour(g) });
      dot.getElement().dataset.chosen = onMap.has(g.id) ? '1' : '0';
      changed();
    });
    Object.assign(dot.getElement().dataset, { group: g.id, chosen: onMap.has(g.id) ? '1' : '0' });
  });
}

function taskForm(ctx, ward, groups, people, redraw) {
  const controls = {
    group_id: select('group_id', groups.map((g) => [g.id, g.name])),
    assignee_id: select('assignee_id', people.map((u) => [u.id, u.full_name])),
    due_on: input('due_on', { type: 'date', value: localDay(new Date()) }),
    kind: select('kind', [['', 'Bất kỳ hoạt động nào'], ...KINDS.map((k) => [k, KIND_LABELS[k]])], ''),
    note: input('note', { maxlength: '500' }),
  };
  const form = h('form', { class: 'm-form', novalidate: true }, h('h3', { class: 'm-subtitle' }, 'Giao việc'),
    h('div', { class: 'm-grid' }, field('Tổ dân phố', controls.group_id), field('Người làm', controls.assignee_id),
      field('Hạn', controls.due_on), field('Loại hoạt động', controls.kind),
      field('Việc cần làm', controls.note, { wide: true, hint: 'Ví dụ: họp tổ hướng dẫn kích hoạt VNeID' })),
    h('p', { class: 'form-message', hidden: true, role: 'alert', tabindex: '-1' }),
    h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, 'Giao việc'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { group_id: intValue(controls.group_id), assignee_id: intValue(controls.assignee_id),
      due_on: controls.due_on.value, kind: controls.kind.value || null, note: controls.note.value.trim() || null };
    try {
      await papi.createTask(ctx.user, ward.id, body);
      showToast('Đã giao việc.', { kind: 'ok', id: 'manage' });
      await redraw();
    } catch (error) {
      showErrors(form, error);
    }
  });
  return form;
}

function taskList(tasks) {
  return h('section', {}, h('h3', { class: 'm-subtitle' }, 'Việc chưa xong'),
    tasks.length === 0 ? h('p', { class: 'empty' }, 'Không có việc nào đang mở.')
      : h('ul', { class: 'm-list' }, tasks.map((t) => h('li', { class: ['m-item', t.overdue && 'is-overdue'], dataset: { task: t.id } },
        h('div', { class: 'm-item-main' }, h('p', { class: 'm-item-title' }, `${t.group_name} · ${t.assignee_name}`),
          h('p', { class: 'm-item-meta' }, [t.kind && KIND_LABELS[t.kind], t.note,
            `hạn ${formatDate(new Date(`${t.due_on}T00:00:00`))}`, t.overdue && 'QUÁ HẠN'].filter(Boolean).join(' · ')))))));
}

function campaignForm(ctx, ward, redraw) {
  const today = localDay(new Date());
  const controls = { name: input('name', { maxlength: '120' }), from: input('from', { type: 'date', value: today }),
    to: input('to', { type: 'date', value: today }) };
  const counts = CAMPAIGN_COUNTS.map(([key, label]) => [key, label, input(key, { inputmode: 'numeric' })]);
  const form = h('form', { class: 'm-form', novalidate: true }, h('h3', { class: 'm-subtitle' }, 'Mở đợt vận động'),
    h('div', { class: 'm-grid' }, field('Tên đợt', controls.name, { wide: true, hint: 'Ví dụ: 90 ngày đêm cao điểm' }),
      field('Từ ngày', controls.from), field('Đến ngày', controls.to),
      counts.map(([, label, el]) => field(`Chỉ tiêu: ${label}`, el))),
    h('p', { class: 'form-message', hidden: true, role: 'alert', tabindex: '-1' }),
    h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, 'Mở đợt'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const targets = Object.fromEntries(counts.map(([key, , el]) => [key, intValue(el)]).filter(([, v]) => v !== undefined));
    try {
      await papi.createCampaign(ctx.user, ward.id, { name: controls.name.value.trim(), from: controls.from.value,
        to: controls.to.value, targets });
      showToast('Đã mở đợt vận động.', { kind: 'ok', id: 'manage' });
      await redraw();
    } catch (error) {
      showErrors(form, error);
    }
  });
  return form;
}

async function campaignList(ctx, campaigns) {
  const progress = await Promise.all(campaigns.slice(0, 5).map((c) => papi.campaign(ctx.user, c.id)));
  return h('section', {}, h('h3', { class: 'm-subtitle' }, 'Các đợt vận động'),
    progress.length === 0 ? h('p', { class: 'empty' }, 'Chưa có đợt nào.')
      : h('ul', { class: 'm-list' }, progress.map((c) => campaignItem(c))));
}

/** A campaign with a bar per target (used on the dashboard too). */
export function campaignItem(c) {
  const label = new Map(CAMPAIGN_COUNTS);
  return h('li', { class: 'm-item m-item-stack', dataset: { campaign: c.id } }, h('div', { class: 'm-item-main' },
    h('p', { class: 'm-item-title' }, `${c.name}${c.running ? ' · đang chạy' : ''}`),
    h('p', { class: 'm-item-meta' }, `${formatDate(new Date(`${c.from}T00:00:00`))} – ${formatDate(new Date(`${c.to}T00:00:00`))}`),
    c.targets.map((t) => {
      const bar = h('span', { class: 'm-bar-fill' });
      bar.style.width = `${Math.min(100, t.progress_pct || 0)}%`;
      return [h('p', { class: 'm-item-meta' }, `${label.get(t.kind) || t.kind}: ${t.actual}/${t.value} (${Math.round(t.progress_pct || 0)} %)`),
        h('div', { class: 'm-bar', role: 'img', 'aria-label': `Đạt ${Math.round(t.progress_pct || 0)} %` }, bar)];
    }),
    c.people.length > 0 && h('p', { class: 'm-item-meta' }, `Theo người: ${c.people.map((p) => `${p.full_name} ${p.events} hoạt động`).join(', ')}`)));
}
