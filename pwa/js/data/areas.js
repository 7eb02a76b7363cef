// The user's ward, its residential groups and support points, kept on the phone for offline use,
// and the distance from the phone to each group's centre (computed here, no network needed).
import { announce } from './changes.js';
import * as db from './db.js';

const EARTH_RADIUS_M = 6371008.8;

export async function loadAreas(userId) {
  return (await db.get('areas', userId)) || null;
}

export async function saveAreas(userId, wards, groups, points = []) {
  await db.put('areas', { userId, wards, groups, points, savedAt: Date.now() });
  announce('areas');
}

export async function forgetAreas(userId) {
  await db.del('areas', userId);
}

/** Great-circle distance in metres between two {lat, lon} points (haversine). */
export function distanceM(a, b) {
  const rad = (deg) => (deg * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2
    + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Groups in the order to offer them: nearest first when the phone has a fix, otherwise the
 * ones this user picked most recently, then by code. Each item: {group, distanceM | null}.
 */
export function orderGroups(groups, position, recentIds = []) {
  const items = groups.map((group) => ({
    group,
    distanceM: position && group.lat != null && group.lon != null ? distanceM(position, group) : null,
  }));
  const recency = new Map(recentIds.map((id, i) => [id, i]));
  return items.sort((a, b) => {
    if (a.distanceM != null || b.distanceM != null) {
      return (a.distanceM ?? Infinity) - (b.distanceM ?? Infinity);
    }
    const ra = recency.get(a.group.id) ?? Infinity;
    const rb = recency.get(b.group.id) ?? Infinity;
    return ra - rb || String(a.group.code).localeCompare(String(b.group.code), 'vi', { numeric: true });
  });
}
