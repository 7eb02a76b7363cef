// "Quản lý": running the ward from the app — its residential groups, its users, its targets, its
// monthly online-filing figures, its support points and QR boards. A commander manages their own ward; an admin picks one of
// the province's wards. Everything here needs the network; nothing is kept offline.
import { h, replace } from './dom.js';
import { failureNotice, loadingNotice } from './manage-form.js';
import { wardChoice } from './ward-picker.js';

export const TABS = [
  { id: 'groups', label: 'Tổ dân phố', load: () => import('./manage-groups.js') },
  { id: 'users', label: 'Người dùng', load: () => import('./manage-users.js') },
  { id: 'plans', label: 'Phân công', load: () => import('./manage-plans.js') },
  { id: 'targets', label: 'Chỉ tiêu', load: () => import('./manage-targets.js') },
  { id: 'filing', label: 'Số liệu DVC', load: () => import('./manage-filing.js') },
  { id: 'points', label: 'Điểm hỗ trợ', load: () => import('./manage-points.js') },
  { id: 'boards', label: 'Bảng QR', load: () => import('./manage-boards.js') },
];

export async function render(ctx, params = {}) {
  const tab = TABS.find((t) => t.id === params.tab) || TABS[0];
  const root = h('section', { class: 'screen manage' });
  const load = async () => {
    replace(root, tabBar(tab), loadingNotice());
    try {
      const { ward, picker } = await wardChoice(ctx.user, { pickFirst: true, onPick: load });
      if (!ward) {
        replace(root, tabBar(tab), h('p', { class: 'empty' }, 'Chưa có phường/xã nào để quản lý.'));
        return;
      }
      const module = await tab.load();
      const body = await module.render(ctx, ward);
      replace(root, tabBar(tab), picker, h('h2', { class: 'manage-ward' }, ward.name), body);
    } catch (error) {
      replace(root, tabBar(tab), failureNotice(error, load));
    }
  };
  await load();
  return root;
}

function tabBar(active) {
  return h('nav', { class: 'tabs', 'aria-label': 'Mục quản lý' }, TABS.map((t) => h('a', {
    href: `#/manage/${t.id}`, class: ['tab', t.id === active.id && 'is-active'],
    'aria-current': t.id === active.id ? 'page' : null,
  }, t.label)));
}
