// The coverage map (commanders; admins pick a ward): every residential group at its centre (or
// its boundary) coloured by coverage, gap groups ringed with a dashed line, the period's events as
// clustered points (or, past the server's point limit, its grid counts drawn as clusters), and a
// tap on a group shows its figures and latest events. The view is fitted to the groups and their
// circles shrink with the distance to their nearest neighbour so that none hides another. A list
// of the groups under the map says the same in words. The ward's support points and QR boards have
// markers of their own (channel-markers.js).
import * as mapApi from '../data/map-api.js';
import { CHANNEL_LEGEND, drawChannels } from './channel-markers.js';
import { h, replace } from './dom.js';
import { num, pct } from './figures.js';
import { KIND_LABELS, formatWhen } from './labels.js';
import { currentView, freshness, retryingScreen, updateView } from './manager.js';
import { NO_DATA, baseMap, colorOf, legend, loadLeaflet, spaceCircles, tileSettings } from './map-kit.js';
import { periodPicker, periodRange } from './period.js';
import { wardChoice } from './ward-picker.js';

const GAP_STYLE = { color: '#a0000d', weight: 4, dashArray: '5 4' };
const GROUP_STYLE = { color: '#1b1b1b', weight: 2 };
const EVENT_COLOR = '#b34700';
const RADIUS = 18;  // a group's circle where its neighbours leave room
const MIN_RADIUS = 4;

export function render(ctx) {
  return retryingScreen({ class: 'map-screen', dataset: { screen: 'map' } }, 'Đang tải bản đồ…',
    (root, draw) => build(ctx, root, draw));
}

async function attached(el) {
  while (!el.isConnected) await new Promise((resolve) => requestAnimationFrame(resolve));
}

async function build(ctx, root, redraw) {
  const { user } = ctx;
  const view = await currentView(user);
  const L = await loadLeaflet();
  const { ward, picker } = await wardChoice(user, { onPick: redraw });
  const controls = h('div', { class: 'dash-controls' }, picker, periodPicker(view.period, async (period) => {
    await updateView(user, { period });
    redraw();
  }));
  if (!ward) {
    replace(root, controls, h('p', { class: 'empty' }, 'Chọn một phường/xã để xem bản đồ.'));
    return;
  }
  const range = periodRange(view.period);
  const wardId = ward.id;
  const [groupsAnswer, metrics, points, settings, channels] = await Promise.all([
    mapApi.groups(user, wardId, range), mapApi.wardMetrics(user, wardId, range), mapApi.eventPoints(user, wardId, range),
    tileSettings(user), mapApi.wardChannels(user, wardId, range).catch(() => null),
  ]);
  const figures = new Map(metrics.data.groups.map((g) => [g.group_id, g]));
  const groups = groupsAnswer.data.map((g) => ({ ...g, figures: figures.get(g.id) || null }));
  const parts = {
    notice: h('div', { class: 'map-notice', 'aria-live': 'polite' }),
    mapEl: h('div', { id: 'coverage-map', class: 'map-box', role: 'region', 'aria-label': 'Bản đồ bao phủ các tổ dân phố' }),
    list: h('div', { class: 'map-list' }),
  };
  replace(root,
    controls,
    h('h2', { class: 'dash-title' }, ward.name || 'Phường/xã'),
    freshness(metrics.fresh && points.fresh ? metrics : { ...metrics, fresh: false }, redraw),
    mapBody(parts, points.data));
  await attached(parts.mapEl);
  drawMap(L, ctx, { ward, groups, settings, pointsInfo: points.data, channels: channels?.data }, parts);
}

function mapBody({ notice, mapEl, list }, pointsInfo) {
  return h('div', { class: 'map-body' },
    h('div', { class: 'map-main' },
      notice,
      mapEl,
      legend('Độ bao phủ hộ trong kỳ', [
        { className: 'swatch-gap', label: 'viền đỏ nét đứt: tổ bỏ trống (không có hoạt động 30 ngày)' },
        { className: 'swatch-event', color: EVENT_COLOR, label: 'chấm cam: một hoạt động; số trong đĩa cam: số hoạt động gộp lại (bấm để phóng to)' },
        ...CHANNEL_LEGEND,
      ]),
      h('p', { class: 'hint map-counts' }, `${num(pointsInfo.located ?? pointsInfo.count)} hoạt động có vị trí trên bản đồ`,
        pointsInfo.mode === 'clusters' ? ` (nhiều quá để vẽ từng điểm: gộp theo ô khoảng ${num(Math.round((pointsInfo.cell_deg || 0) * 111000))} m)` : '',
        pointsInfo.without_location ? `; ${num(pointsInfo.without_location)} hoạt động không có vị trí nên không hiện` : '',
        pointsInfo.truncated ? `; chỉ hiện ${num(pointsInfo.count)} hoạt động gần nhất` : '', '.')),
    list);
}

/** The map in `mapEl`: groups, events, taps; what was drawn is left on the element's dataset. */
function drawMap(L, ctx, { ward, groups, settings, pointsInfo, channels }, { notice, mapEl, list }) {
  const started = performance.now();
  const map = baseMap(L, mapEl, settings, () => {
    replace(notice, h('p', { class: 'notice' }, 'Không tải được nền bản đồ (ngoại tuyến hoặc máy chủ bản đồ không trả lời). Các tổ và hoạt động vẫn hiện trên nền trơn.'));
  });
  const { layers, bounds } = drawGroups(L, map, groups, ctx, ward.id);
  // The list first: beside the map on a laptop it sets the map's width, which the fit needs.
  replace(list, groupList(groups, (id) => focusGroup(map, layers.get(id))));
  map.invalidateSize();
  const pad = RADIUS + 6;
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [pad, pad], maxZoom: 17 });
  else if (ward?.lat != null) map.setView([ward.lat, ward.lon], 14);
  else map.setView([16.05, 108.2], 6);
  spaceCircles(map, [...layers.values()].filter((l) => l.getLatLng), RADIUS, MIN_RADIUS);
  const cluster = pointsInfo.mode === 'clusters'
    ? drawCells(L, map, pointsInfo) : drawEvents(L, map, pointsInfo.points, groups);
  tapGroups(L, map, layers);
  const drawn = channels ? drawChannels(L, map, channels, groups) : { points: 0, boards: 0 };
  mapEl.coverage = { map, layers, cluster };
  mapEl.dataset.supportPoints = String(drawn.points);
  mapEl.dataset.qrBoards = String(drawn.boards);
  mapEl.dataset.qrScans = String(channels?.scans_total ?? 0);
  mapEl.dataset.mode = pointsInfo.mode || 'points';
  mapEl.dataset.groups = String(layers.size);
  mapEl.dataset.gaps = String([...layers.values()].filter((l) => l.options.gap).length);
  mapEl.dataset.points = String(pointsInfo.count);
  mapEl.dataset.drawMs = String(Math.round(performance.now() - started));
  mapEl.dataset.ready = '1';
}

function groupStyle(g) {
  const f = g.figures;
  const gap = Boolean(f?.gap);
  return { ...(gap ? GAP_STYLE : GROUP_STYLE), fillColor: f ? colorOf(f.coverage_pct) : NO_DATA,
    fillOpacity: 0.85, gap };
}

function drawGroups(L, map, groups, ctx, wardId) {
  // Groups are drawn above the unclustered events and under the cluster badges, which are small
  // enough to leave each group's colour showing around them. Their canvas lets taps through to
  // the events below; a tap on the map is matched to a group by hand (see tapGroups).
  map.createPane('groups');
  const pane = map.getPane('groups');
  pane.style.zIndex = '450';
  pane.style.pointerEvents = 'none';
  const renderer = L.canvas({ padding: 0.3, pane: 'groups' });
  const layers = new Map();
  const bounds = L.latLngBounds([]);
  const layerGroup = L.featureGroup().addTo(map);
  for (const g of groups) {
    const style = { ...groupStyle(g), interactive: false, pane: 'groups' };
    let layer = null;
    if (g.boundary) {
      try {
        layer = L.geoJSON(g.boundary, { renderer, style: () => style, interactive: false, pane: 'groups' });
        if (!layer.getLayers().length) layer = null;
      } catch {
        layer = null;  // a boundary Leaflet cannot read: fall back to the centre
      }
      if (layer) layer.options.gap = style.gap;
    }
    if (!layer && g.lat != null && g.lon != null) {
      layer = L.circleMarker([g.lat, g.lon], { renderer, radius: RADIUS, ...style });
    }
    if (!layer) continue;
    layer.groupId = g.id;
    bindGroupPopup(layer, () => groupPopup(g, ctx, wardId, layer), popupOptions(map));
    layer.addTo(layerGroup);
    layers.set(g.id, layer);
    bounds.extend(layer.getBounds ? layer.getBounds() : layer.getLatLng());
  }
  return { layers, bounds };
}

/** The group's popup, made once per opening: laid out again (update) when its latest events
 * arrive, it keeps its content instead of loading them again. */
function bindGroupPopup(layer, make, options) {
  let content = null;
  layer.bindPopup(() => content || (content = make()), options);
  layer.on('popupclose', () => { content = null; });
}

/** A popup no wider or taller than the map leaves room for, so that panning can show all of it. */
function popupOptions(map) {
  const { x, y } = map.getSize();
  const width = Math.max(160, Math.min(280, x - 90));  // its margins and close button take 66 px
  return { maxWidth: width, minWidth: Math.min(220, width), maxHeight: Math.max(160, Math.min(300, y - 70)),
    autoPanPadding: [12, 12] };
}

/** The group drawn under a tap at `point` (container pixels): the nearest centre within reach, or
 * a boundary containing it. */
function groupAt(L, map, layers, point) {
  const reach = 8;
  let best = null;
  let bestDistance = Infinity;
  const latlng = map.containerPointToLatLng(point);
  for (const layer of layers.values()) {
    if (layer.getLatLng) {
      const d = map.latLngToContainerPoint(layer.getLatLng()).distanceTo(point);
      if (d <= layer.options.radius + reach && d < bestDistance) {
        best = layer;
        bestDistance = d;
      }
    } else if (bestDistance === Infinity && layer.getBounds().contains(latlng)) {
      const inside = layer.getLayers().some((part) => (part._containsPoint
        ? part._containsPoint(map.latLngToLayerPoint(latlng)) : true));
      if (inside) best = layer;
    }
  }
  return best;
}

function tapGroups(L, map, layers) {
  map.on('click', (e) => {
    const layer = groupAt(L, map, layers, e.containerPoint);
    if (layer) layer.openPopup(layer.getLatLng ? layer.getLatLng() : e.latlng);
  });
}

/** A badge: a number of events in an orange disc, a thumb's width at least. */
function countIcon(L, count) {
  const size = count < 100 ? 44 : count < 1000 ? 50 : 56;
  return L.divIcon({ html: `<span>${Number(count)}</span>`, className: 'event-cluster', iconSize: [size, size] });
}

/** Clusters of events with their count in a badge; `cells`: each marker is a grid cell standing
 * for `options.events` of them (summed; plain points are counted by markercluster itself). */
function clusterGroup(L, cells = false) {
  const count = cells ? (c) => c.getAllChildMarkers().reduce((sum, m) => sum + m.options.events, 0)
    : (c) => c.getChildCount();
  return L.markerClusterGroup({
    chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 45, spiderfyOnMaxZoom: true,
    disableClusteringAtZoom: 18, iconCreateFunction: (c) => countIcon(L, count(c)),
  });
}

/** The server's grid counts (past its point limit): a badge per cell, clustered as events are. */
function drawCells(L, map, info) {
  const cells = info.clusters;
  const cluster = clusterGroup(L, true);
  const metres = Math.round((info.cell_deg || 0) * 111000);
  const markers = cells.count.map((count, i) => L.marker([cells.lat[i], cells.lon[i]], {
    icon: countIcon(L, count), events: count, keyboard: false,
  }).bindPopup(() => h('div', { class: 'popup' },
    h('p', { class: 'popup-title' }, `${num(count)} hoạt động`),
    h('p', {}, `trong ô khoảng ${num(metres)} m quanh đây`)), { maxWidth: 240 }));
  map.addLayer(cluster);
  cluster.addLayers(markers);
  return cluster;
}

function drawEvents(L, map, points, groups) {
  const names = new Map(groups.map((g) => [g.id, g.name]));
  const renderer = L.canvas({ padding: 0.3 });
  const cluster = clusterGroup(L);
  const style = { renderer, radius: 6, color: '#ffffff', weight: 1.5, fillColor: EVENT_COLOR, fillOpacity: 1 };
  const markers = new Array(points.lat.length);
  for (let i = 0; i < points.lat.length; i += 1) {
    markers[i] = L.circleMarker([points.lat[i], points.lon[i]], style);
    markers[i].pointIndex = i;
  }
  // One popup for every event, filled on a tap (50,000 popups made up front would cost seconds).
  const popup = L.popup({ maxWidth: 260 });
  cluster.on('click', (e) => {
    const i = e.layer.pointIndex;
    if (i === undefined) return;
    const kind = points.kind[i];
    popup.setLatLng(e.layer.getLatLng()).setContent(h('div', { class: 'popup' },
      h('p', { class: 'popup-title' }, KIND_LABELS[kind] || kind),
      h('p', {}, formatWhen(points.occurred_at[i])),
      h('p', {}, names.get(points.group_id[i]) || 'Toàn phường'))).openOn(map);
  });
  // On the map (which has its view) first: added before, markercluster checks each new layer against its waiting list
  // (quadratic: seconds for 50,000); added after, it clusters them in chunks between frames.
  map.addLayer(cluster);
  cluster.addLayers(markers);
  return cluster;
}

function focusGroup(map, layer) {
  if (!layer) return;
  const target = layer.getBounds ? layer.getBounds().getCenter() : layer.getLatLng();
  const topbar = document.querySelector('.topbar')?.offsetHeight || 0;
  window.scrollBy(0, map.getContainer().getBoundingClientRect().top - topbar - 6);  // just under the top bar
  map.setView(target, Math.max(map.getZoom(), 16), { animate: false });
  layer.openPopup(target);  // the popup pans the map so that it fits
}

function lastVisit(f) {
  if (!f || f.days_since_last === null || f.days_since_last === undefined) return 'chưa từng có hoạt động';
  return f.days_since_last === 0 ? 'hôm nay' : `${num(f.days_since_last)} ngày trước`;
}

function groupPopup(g, ctx, wardId, layer) {
  const f = g.figures || {};
  const recent = h('div', { class: 'popup-events' }, h('p', { class: 'hint' }, 'Đang tải hoạt động gần nhất…'));
  // Taller once its latest events arrive: laid out and panned again so that none of it is cut off.
  loadRecent(ctx.user, wardId, g.id, recent).then(() => layer.getPopup()?.update());
  return h('div', { class: 'popup', dataset: { group: String(g.id) } },
    h('p', { class: 'popup-title' }, g.name, ` (${g.code})`),
    f.gap && h('p', { class: 'badge badge-gap' }, 'Bỏ trống: 30 ngày không có hoạt động'),
    h('dl', { class: 'popup-facts' },
      h('dt', {}, 'Độ bao phủ'), h('dd', {}, pct(f.coverage_pct)),
      h('dt', {}, 'Hộ được đến'), h('dd', {}, `${num(f.households_visited)} / ${num(g.households_total)}`),
      h('dt', {}, 'Hoạt động'), h('dd', {}, num(f.events)),
      h('dt', {}, 'Kích hoạt VNeID'), h('dd', {}, num(f.vneid_activations)),
      h('dt', {}, 'Hồ sơ DVC'), h('dd', {}, num(f.dvc_filings)),
      h('dt', {}, 'Lần cuối'), h('dd', {}, lastVisit(f))),
    h('p', { class: 'popup-sub' }, 'Hoạt động gần nhất'),
    recent);
}

async function loadRecent(user, wardId, groupId, box) {
  try {
    const page = await mapApi.recentEvents(user, wardId, groupId);
    replace(box, page.items.length === 0 ? h('p', { class: 'hint' }, 'Chưa có hoạt động nào.')
      : h('ul', {}, page.items.map((e) => h('li', {},
        h('strong', {}, KIND_LABELS[e.kind] || e.kind), ` · ${formatWhen(e.occurred_at)}`,
        e.author_name ? ` · ${e.author_name}` : ''))));
  } catch {
    replace(box, h('p', { class: 'hint' }, 'Cần có mạng để xem các hoạt động gần nhất.'));
  }
}

const LIST_FIRST = 200;

function groupList(groups, onPick) {
  const sorted = [...groups].sort((a, b) => {
    const ga = a.figures?.gap ? 0 : 1;
    const gb = b.figures?.gap ? 0 : 1;
    return ga - gb || (a.figures?.coverage_pct ?? -1) - (b.figures?.coverage_pct ?? -1) || a.code.localeCompare(b.code);
  });
  return [
    h('h2', { class: 'section-title' }, `Các tổ dân phố (${groups.length})`),
    h('p', { class: 'hint' }, 'Tổ bỏ trống lên đầu, rồi đến tổ có độ bao phủ thấp. Bấm một tổ để xem trên bản đồ.'),
    h('ul', { class: 'gap-list' }, sorted.slice(0, LIST_FIRST).map((g) => groupItem(g, onPick))),
    sorted.length > LIST_FIRST && h('button', { type: 'button', class: 'btn btn-secondary btn-block', onclick: (e) => {
      e.currentTarget.previousElementSibling.append(...sorted.slice(LIST_FIRST).map((g) => groupItem(g, onPick)));
      e.currentTarget.remove();
    } }, `Hiện thêm ${num(sorted.length - LIST_FIRST)} tổ`),
  ];
}

function groupItem(g, onPick) {
  const f = g.figures || {};
  const dot = h('span', { class: ['swatch', f.gap && 'swatch-gap'], 'aria-hidden': 'true' });
  dot.style.background = colorOf(f.coverage_pct);
  return h('li', {}, h('button', { type: 'button', class: ['gap-item', 'gap-btn', f.gap && 'is-gap'],
    dataset: { group: String(g.id), gap: f.gap ? '1' : '0' }, onclick: () => onPick(g.id) },
    dot,
    h('span', { class: 'gap-main' },
      h('span', { class: 'gap-name' }, g.name),
      h('span', { class: 'gap-meta' }, `Bao phủ ${pct(f.coverage_pct)} · ${num(f.events)} hoạt động trong kỳ · ${f.days_since_last == null ? 'chưa từng có hoạt động' : `lần cuối ${lastVisit(f)}`}`)),
    f.gap && h('span', { class: 'badge badge-gap' }, 'Bỏ trống')));
}
