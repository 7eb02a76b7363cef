// The managers' tables: sortable by any column, figures right-aligned, the first column sticky.
import { h, replace } from './dom.js';
import { num } from './figures.js';

/**
 * A table sortable by its columns. columns: [{key, label, value(row) → sortable, render(row) →
 * text/node, num: bool, sticky: bool}]. Clicking a header sorts (numbers: largest first).
 */
export function sortableTable({ columns, rows, sortKey, sortDesc = true, caption, className, rowAttrs, foot }) {
  let key = sortKey;
  let desc = sortDesc;
  const tbody = h('tbody');
  const heads = columns.map((col) => {
    const button = h('button', { type: 'button', class: 'sort-btn', onclick: () => {
      desc = key === col.key ? !desc : col.num !== false;
      key = col.key;
      draw();
    } }, col.label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }));
    return h('th', { scope: 'col', class: [col.num !== false && 'num', col.sticky && 'sticky'], dataset: { key: col.key } }, button);
  });
  const draw = () => {
    const col = columns.find((c) => c.key === key) || columns[0];
    const value = col.value || ((row) => row[col.key]);
    const sorted = [...rows].sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      if (va === vb) return 0;
      if (va === null || va === undefined) return 1;  // no figure: always last
      if (vb === null || vb === undefined) return -1;
      const cmp = typeof va === 'string' ? va.localeCompare(vb, 'vi') : va - vb;
      return desc ? -cmp : cmp;
    });
    heads.forEach((th, i) => {
      const active = columns[i].key === col.key;
      th.setAttribute('aria-sort', active ? (desc ? 'descending' : 'ascending') : 'none');
      th.querySelector('.sort-mark').textContent = active ? (desc ? ' ▼' : ' ▲') : '';
    });
    replace(tbody, sorted.map((row) => h('tr', rowAttrs ? rowAttrs(row) : {}, columns.map((c, i) => {
      const cell = c.render ? c.render(row) : num(row[c.key]);
      return h(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : null, class: [c.num !== false && 'num', c.sticky && 'sticky'] }, cell);
    }))));
  };
  draw();
  return h('div', { class: ['table-wrap', className], tabindex: '0', role: 'region', 'aria-label': caption },
    h('table', { class: 'data-table' }, h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, heads)), tbody, foot || null));
}
