// The coverage map's own markers for the ward's channels: each support point (a blue square with
// its people helped in the period) and each QR board (a purple square with its scans), placed at
// their own position, or a board at its support point's or group's when it has none.
import { h } from './dom.js';
import { num } from './figures.js';

/** Place `boards` at their own position, or their point's, or their group's centre. */
export function boardPlaces(boards, points, groups) {
  const pointById = new Map(points.map((p) => [p.id, p]));
  const groupById = new Map(groups.map((g) => [g.id, g]));
  return boards.map((b) => {
    const at = [b, pointById.get(b.support_point_id), groupById.get(b.group_id)]
      .find((place) => place?.lat != null && place?.lon != null);
    return at ? { ...b, lat: at.lat, lon: at.lon } : b;
  });
}

/** Draw the channels of `channels` (GET /wards/<id>/channels) on `map`; → how many were drawn. */
export function drawChannels(L, map, channels, groups) {
  const points = channels.points.filter((p) => p.active && p.lat != null);
  const boards = boardPlaces(channels.boards.filter((b) => !b.retired), channels.points, groups)
    .filter((b) => b.lat != null);
  for (const p of points) {
    marker(L, map, p, 'channel-point', num(p.people_assisted),
      `Điểm hỗ trợ ${p.name}: ${num(p.sessions)} buổi, ${num(p.people_assisted)} người được hỗ trợ, ${num(p.vneid_activations)} kích hoạt VNeID`);
  }
  for (const b of boards) {
    marker(L, map, b, 'channel-board', num(b.scans), `Bảng QR ${b.name}: ${num(b.scans)} lượt quét trong kỳ`);
  }
  return { points: points.length, boards: boards.length };
}

function marker(L, map, item, className, label, text) {
  const icon = L.divIcon({ html: `<span>${label}</span>`, className: `channel-marker ${className}`, iconSize: [30, 30] });
  L.marker([item.lat, item.lon], { icon, title: text, keyboard: false, zIndexOffset: 500 })
    .bindPopup(() => h('p', { class: 'channel-popup' }, text))
    .addTo(map);
}

/** The legend lines of the channel markers. */
export const CHANNEL_LEGEND = [
  { className: 'swatch-point', label: 'ô xanh: điểm hỗ trợ (số người được hỗ trợ trong kỳ)' },
  { className: 'swatch-board', label: 'ô tím: bảng QR (số lượt quét trong kỳ)' },
];
