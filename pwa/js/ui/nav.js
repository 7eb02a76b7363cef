// The app's screens, who sees each, and which appear in the bottom navigation.
//
// To add a screen (e.g. a commander's dashboard): call registerScreen() from a module imported
// by app.js, or add an entry below. A screen module exports `render(ctx, params)` returning an
// element (or a promise of one); `ctx` is described in shell.js. Keep `path` in kebab-case; a
// `:name` segment becomes params.name. Every screen file must also be listed by
// scripts/build-sw-manifest.py (it takes all of pwa/js/) so it works offline.

export const FIELD_ROLES = ['officer', 'volunteer', 'commander'];
export const ALL_ROLES = ['officer', 'volunteer', 'commander', 'admin', 'national'];
export const MANAGER_ROLES = ['commander', 'admin'];

export const PLANNED_ROLES = ['officer', 'volunteer'];

const screens = [
  { id: 'plan', path: 'plan', title: 'Kế hoạch hôm nay', navLabel: 'Hôm nay', icon: 'check',
    roles: PLANNED_ROLES, nav: 5, load: () => import('./plan.js') },
  // The logging form opened from a stop of the plan (its group chosen) or from a kind button.
  { id: 'log-group', path: 'log/for/:group', title: 'Ghi hoạt động', parent: 'log',
    roles: FIELD_ROLES, load: () => import('./log-event.js') },
  { id: 'log-kind', path: 'log/kind/:kind', title: 'Ghi hoạt động', parent: 'log',
    roles: FIELD_ROLES, load: () => import('./log-event.js') },
  { id: 'log', path: 'log', title: 'Ghi hoạt động', navLabel: 'Ghi mới', icon: 'plus',
    roles: FIELD_ROLES, nav: 10, load: () => import('./log-event.js') },
  { id: 'events', path: 'events', title: 'Hoạt động của tôi', navLabel: 'Của tôi', icon: 'list',
    roles: FIELD_ROLES, nav: 20, load: () => import('./my-events.js') },
  // The list opened on "Cần xử lý": where the banners about returned and refused events lead,
  // also when the list is already on screen (the same address would not route again).
  { id: 'events-attention', path: 'events/attention', title: 'Hoạt động của tôi', parent: 'events',
    roles: FIELD_ROLES, load: () => import('./my-events.js') },
  { id: 'event', path: 'events/:id', title: 'Chi tiết hoạt động', parent: 'events',
    roles: FIELD_ROLES, load: () => import('./event-detail.js') },
  { id: 'edit', path: 'events/:id/edit', title: 'Sửa hoạt động', parent: 'events',
    roles: FIELD_ROLES, load: () => import('./log-event.js') },
  { id: 'national', path: 'national', title: 'Toàn quốc', navLabel: 'Toàn quốc', icon: 'table',
    roles: ['national'], nav: 4, load: () => import('./national.js') },
  { id: 'national-province', path: 'national/:id', title: 'Xếp hạng phường/xã', parent: 'national',
    roles: ['national'], load: () => import('./province.js') },
  // A ward of that province's ranking, read-only: its dashboard without the managers' actions.
  { id: 'national-ward', path: 'national/:id/ward/:ward', title: 'Tổng quan phường', parent: 'national',
    roles: ['national'], load: () => import('./dashboard.js') },
  { id: 'province', path: 'province', title: 'Xếp hạng phường/xã', navLabel: 'Toàn tỉnh', icon: 'table',
    roles: ['admin'], nav: 5, load: () => import('./province.js') },
  { id: 'dashboard', path: 'dashboard', title: 'Tổng quan phường', navLabel: 'Tổng quan', icon: 'chart',
    roles: MANAGER_ROLES, nav: 30, load: () => import('./dashboard.js') },
  { id: 'map', path: 'map', title: 'Bản đồ bao phủ', parent: 'dashboard',
    roles: MANAGER_ROLES, load: () => import('./coverage-map.js') },
  { id: 'review', path: 'review', title: 'Duyệt hoạt động', navLabel: 'Duyệt', icon: 'check',
    roles: MANAGER_ROLES, nav: 60, load: () => import('./review.js') },
  { id: 'manage', path: 'manage', title: 'Quản lý phường', navLabel: 'Quản lý', icon: 'settings',
    roles: MANAGER_ROLES, nav: 80, load: () => import('./manage.js') },
  { id: 'manage-tab', path: 'manage/:tab', title: 'Quản lý phường', parent: 'manage',
    roles: MANAGER_ROLES, load: () => import('./manage.js') },
  { id: 'reports', path: 'reports', title: 'Báo cáo', navLabel: 'Báo cáo', icon: 'file',
    roles: MANAGER_ROLES, nav: 70, load: () => import('./reports.js') },
  { id: 'account', path: 'account', title: 'Tài khoản và đồng bộ', navLabel: 'Tài khoản', icon: 'user',
    roles: ALL_ROLES, nav: 90, load: () => import('./account.js') },
];

export function registerScreen(screen) {
  const at = screens.findIndex((s) => s.id === screen.id);
  if (at >= 0) screens.splice(at, 1, screen);
  else screens.push(screen);
}

export function navScreens(role) {
  return screens.filter((s) => s.nav && s.roles.includes(role)).sort((a, b) => a.nav - b.nav);
}

// A role's first screen when it is not its first navigation entry: a commander lands on the
// ward's figures (they log from "Ghi mới" like an officer); an admin on the province ranking.
const HOMES = { commander: 'dashboard' };

/** Where a user lands: their role's home, else the first navigation entry of their role. */
export function homePath(role) {
  return HOMES[role] || navScreens(role)[0]?.path || 'account';
}

/** The screen and its params for a path like "events/abc/edit", if the role may see it. */
export function matchPath(path, role) {
  const parts = path.split('/').filter(Boolean);
  for (const screen of screens) {
    const pattern = screen.path.split('/');
    if (pattern.length !== parts.length || !screen.roles.includes(role)) continue;
    const params = {};
    const ok = pattern.every((seg, i) => {
      if (seg.startsWith(':')) {
        params[seg.slice(1)] = decodeURIComponent(parts[i]);
        return true;
      }
      return seg === parts[i];
    });
    if (ok) return { screen, params };
  }
  return null;
}

export function hrefOf(path) {
  return `#/${path}`;
}
