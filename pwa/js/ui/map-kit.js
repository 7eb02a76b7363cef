// Leaflet (vendored, loaded on demand), the tile background from the server's setting, and the
// colour scale of the coverage and province maps. Drawing uses the canvas renderer so thousands
// of groups and tens of thousands of events stay smooth on a phone.
import { mapSettings } from '../data/map-api.js';
import { loadScript, loadStyle } from './assets.js';
import { h } from './dom.js';
import { pct } from './figures.js';

/** window.L with markercluster, loaded once. */
export async function loadLeaflet() {
  await Promise.all([
    loadStyle('/vendor/leaflet/leaflet.css'),
    loadStyle('/vendor/leaflet-markercluster/MarkerCluster.css'),
    loadStyle('/vendor/leaflet-markercluster/MarkerCluster.Default.css'),
    loadScript('/vendor/leaflet/leaflet.js'),
  ]);
  await loadScript('/vendor/leaflet-markercluster/leaflet.markercluster.js');
  return window.L;
}

/** The tile server setting (kept for offline use; null when never fetched). */
export async function tileSettings(user) {
  try {
    return (await mapSettings(user)).data;
  } catch {
    return null;
  }
}

/**
 * A map in `el` with the tile background when it loads; when no tile arrives (offline, tile server
 * blocked) the plain background stays and `onNoTiles` is called once.
 */
export function baseMap(L, el, settings, onNoTiles) {
  // Quarter zoom steps: a fit to the groups or wards fills the map instead of leaving up to half
  // of it empty at the whole zoom level below.
  const map = L.map(el, { preferCanvas: true, zoomControl: false, attributionControl: true, zoomSnap: 0.25 });
  L.control.zoom({ position: 'bottomright', zoomInTitle: 'Phóng to', zoomOutTitle: 'Thu nhỏ' }).addTo(map);
  map.attributionControl.setPrefix(false);
  if (settings?.tile_url) {
    let loaded = 0;
    let failed = 0;
    let told = false;
    const tiles = L.tileLayer(settings.tile_url, { attribution: settings.attribution || '', maxZoom: 19, crossOrigin: false });
    tiles.on('tileload', () => { loaded += 1; el.dataset.tiles = 'loaded'; });
    tiles.on('tileerror', () => {
      failed += 1;
      if (!loaded && !told && failed >= 1) {
        told = true;
        el.dataset.tiles = 'failed';
        onNoTiles?.();
      }
    });
    tiles.addTo(map);
  } else {
    el.dataset.tiles = 'none';
    onNoTiles?.();
  }
  return map;
}

/** Each circle's nearest other circle, found once (groups do not move). */
function nearestNeighbours(circles) {
  const at = circles.map((c) => c.getLatLng());
  const k = Math.cos((at[0]?.lat || 0) * Math.PI / 180);
  return at.map((a, i) => {
    let best = -1;
    let bestD = Infinity;
    for (let j = 0; j < at.length; j += 1) {
      const d = (a.lat - at[j].lat) ** 2 + ((a.lng - at[j].lng) * k) ** 2;
      if (j !== i && d < bestD) { best = j; bestD = d; }
    }
    return best;
  });
}

/** Circle markers no wider than half the distance to their nearest neighbour (stroke included)
 * and between `least` and `most` px, at every zoom: no circle covers another one. */
export function spaceCircles(map, circles, most, least) {
  const nearest = nearestNeighbours(circles);
  const resize = () => circles.forEach((c, i) => {
    const other = circles[nearest[i]];
    const room = other ? map.latLngToLayerPoint(c.getLatLng()).distanceTo(map.latLngToLayerPoint(other.getLatLng())) : Infinity;
    c.setRadius(Math.max(least, Math.min(most, room / 2 - c.options.weight / 2 - 1)));
  });
  resize();
  map.on('zoomend', resize);
}

/** Sequential classes (light → dark blue, after ColorBrewer YlGnBu): readable on tiles and plain. */
export const SCALE = [
  { min: 0, max: 20, color: '#ffffcc', label: 'dưới 20 %' },
  { min: 20, max: 40, color: '#a1dab4', label: '20 – 40 %' },
  { min: 40, max: 60, color: '#41b6c4', label: '40 – 60 %' },
  { min: 60, max: 80, color: '#2c7fb8', label: '60 – 80 %' },
  { min: 80, max: 101, color: '#253494', label: '80 – 100 %' },
];
export const NO_DATA = '#bdbdbd';

export function colorOf(value, scale = SCALE) {
  if (value === null || value === undefined) return NO_DATA;
  return (scale.find((s) => value >= s.min && value < s.max) || scale[scale.length - 1]).color;
}

/** Classes of the values themselves (up to five, of about as many values each, after their
 * quantiles) in SCALE's colours: values that all lie between 55 and 90 % still read apart. */
export function rangeScale(values) {
  const sorted = values.filter((v) => v !== null && v !== undefined).sort((a, b) => a - b);
  if (!sorted.length) return SCALE;
  const classes = Math.min(SCALE.length, new Set(sorted).size);
  const cuts = [...new Set(Array.from({ length: classes }, (_, i) => sorted[Math.floor(i * sorted.length / classes)]))];
  const top = sorted[sorted.length - 1];
  const colors = cuts.length === 1 ? [SCALE[SCALE.length - 1].color]
    : cuts.map((_, i) => SCALE[Math.round(i * (SCALE.length - 1) / (cuts.length - 1))].color);
  return cuts.map((min, i) => {
    const last = i === cuts.length - 1;
    const shownMax = last ? top : sorted.filter((v) => v < cuts[i + 1]).pop();
    return { min, max: last ? Infinity : cuts[i + 1], color: colors[i],
      label: min === shownMax ? pct(min) : `${pct(min).replace(' %', '')} – ${pct(shownMax)}` };
  });
}

function swatch(color, extraClass) {
  const el = h('span', { class: ['swatch', extraClass], 'aria-hidden': 'true' });
  el.style.background = color;
  return el;
}

/** The legend: one line per class of `scale`, "no figure", and extra entries [{className, label}]. */
export function legend(title, extras = [], scale = SCALE, noData = 'chưa có số liệu') {
  return h('div', { class: 'map-legend', role: 'note', 'aria-label': `Chú giải: ${title}` },
    h('p', { class: 'legend-title' }, title),
    h('ul', {},
      scale.map((s) => h('li', { dataset: { min: String(s.min) } }, swatch(s.color), s.label)),
      h('li', {}, swatch(NO_DATA), noData),
      extras.map((e) => h('li', {}, swatch(e.color || '#fff', e.className), e.label))));
}

export { pct };
