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
  const map = L.map(el, { preferCanvas: true, zoomControl: false, attributionControl: true });
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

/** Sequential classes (light → dark blue, after ColorBrewer YlGnBu): readable on tiles and plain. */
export const SCALE = [
  { min: 0, max: 20, color: '#ffffcc', label: 'dưới 20 %' },
  { min: 20, max: 40, color: '#a1dab4', label: '20 – 40 %' },
  { min: 40, max: 60, color: '#41b6c4', label: '40 – 60 %' },
  { min: 60, max: 80, color: '#2c7fb8', label: '60 – 80 %' },
  { min: 80, max: 101, color: '#253494', label: '80 – 100 %' },
];
export const NO_DATA = '#bdbdbd';

export function colorOf(value) {
  if (value === null || value === undefined) return NO_DATA;
  return (SCALE.find((s) => value >= s.min && value < s.max) || SCALE[SCALE.length - 1]).color;
}

function swatch(color, extraClass) {
  const el = h('span', { class: ['swatch', extraClass], 'aria-hidden': 'true' });
  el.style.background = color;
  return el;
}

/** The legend: one line per class, "no figure", and extra entries [{className, label}]. */
export function legend(title, extras = []) {
  return h('div', { class: 'map-legend', role: 'note', 'aria-label': `Chú giải: ${title}` },
    h('p', { class: 'legend-title' }, title),
    h('ul', {},
      SCALE.map((s) => h('li', {}, swatch(s.color), s.label)),
      h('li', {}, swatch(NO_DATA), 'chưa có số liệu'),
      extras.map((e) => h('li', {}, swatch(e.color || '#fff', e.className), e.label))));
}

export { pct };
