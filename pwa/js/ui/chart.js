// A weekly bar chart drawn as SVG by hand (no library): one bar per ISO week, the value above
// it, the week's Monday under it. Each bar has a <title> so a screen reader can read it.
const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
}

const short = new Intl.NumberFormat('vi-VN', { notation: 'compact', maximumFractionDigits: 1 });

/** weeks: [{label, value, title}] → an <svg> scaled to its container's width. */
export function weeklyBars(weeks, { unit = '' } = {}) {
  const width = Math.max(320, weeks.length * 52);
  const height = 200;
  const top = 24;
  const bottom = 36;
  const plot = height - top - bottom;
  const max = Math.max(1, ...weeks.map((w) => w.value));
  const slot = width / Math.max(1, weeks.length);
  const barW = Math.min(36, slot * 0.62);
  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${height}`, class: 'week-chart', role: 'img',
    'aria-label': `Biểu đồ theo tuần${unit ? `: ${unit}` : ''}`, preserveAspectRatio: 'xMidYMid meet',
  });
  chart.append(svg('line', { x1: 0, x2: width, y1: top + plot, y2: top + plot, class: 'axis' }));
  weeks.forEach((week, i) => {
    const x = i * slot + (slot - barW) / 2;
    const barH = week.value > 0 ? Math.max(2, (week.value / max) * plot) : 0;
    const y = top + plot - barH;
    const group = svg('g', { class: 'bar', 'data-week': week.label });
    group.append(svg('title', {}, week.title));
    group.append(svg('rect', { x, y, width: barW, height: barH, rx: 3 }));
    group.append(svg('text', { x: x + barW / 2, y: y - 6, class: 'bar-value', 'text-anchor': 'middle' },
      short.format(week.value)));
    group.append(svg('text', { x: x + barW / 2, y: height - 14, class: 'bar-label', 'text-anchor': 'middle' },
      week.label));
    chart.append(group);
  });
  return chart;
}
