// The dashboard's plans: per officer or volunteer and ISO week, the groups planned (their area
// and tasks due) against those they logged an event in; and each campaign's progress. Online
// only: without an answer the sections say so and the rest of the dashboard stands.
import * as papi from '../data/plans-api.js';
import { h } from './dom.js';
import { campaignItem } from './manage-plans.js';

export async function planSections(user, wardId) {
  return [await planVersusDone(user, wardId), await campaignProgress(user, wardId)];
}

async function planVersusDone(user, wardId) {
  const title = h('h2', { id: 'dash-plans', class: 'section-title' }, 'Kế hoạch và thực hiện theo tuần');
  let report;
  try {
    report = await papi.planReport(user, wardId);
  } catch {
    return h('section', { class: 'section' }, title, h('p', { class: 'hint' }, 'Cần có mạng để xem phần này.'));
  }
  const weeks = report.weeks;
  const people = weeks[0]?.users || [];
  return h('section', { class: 'section', 'aria-labelledby': 'dash-plans' }, title,
    h('p', { class: 'hint' }, 'Mỗi ô: số tổ đã đến / số tổ trong kế hoạch (tổ phụ trách và việc được giao).'),
    people.length === 0 ? h('p', { class: 'hint' }, 'Chưa có cán bộ hay đoàn viên nào.')
      : h('div', { class: 'table-wrap' }, h('table', { class: 'data-table plan-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Người'), weeks.map((w) => h('th', { scope: 'col' }, w.week.replace('-W', ' · T'))))),
        h('tbody', {}, people.map((person, i) => h('tr', { dataset: { user: person.user_id } },
          h('th', { scope: 'row' }, person.full_name),
          weeks.map((w) => {
            const cell = w.users[i];
            return h('td', { class: cell.planned && cell.done >= cell.planned ? 'is-done' : null },
              cell.planned ? `${cell.done}/${cell.planned}` : '—');
          })))))));
}

async function campaignProgress(user, wardId) {
  const title = h('h2', { id: 'dash-campaigns', class: 'section-title' }, 'Đợt vận động');
  try {
    const list = await papi.campaigns(user, wardId);
    const shown = await Promise.all(list.slice(0, 3).map((c) => papi.campaign(user, c.id)));
    return h('section', { class: 'section', 'aria-labelledby': 'dash-campaigns' }, title,
      shown.length === 0 ? h('p', { class: 'hint' }, 'Chưa có đợt vận động nào.')
        : h('ul', { class: 'm-list' }, shown.map(campaignItem)));
  } catch {
    return h('section', { class: 'section' }, title, h('p', { class: 'hint' }, 'Cần có mạng để xem phần này.'));
  }
}
