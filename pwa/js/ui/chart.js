// A weekly bar chart drawn as SVG by hand (no library): one bar per ISO week, the value above
// it, the week's Monday under it. Each bar has a <title> so a screen reader can read it. The
// week not over yet (ongoing) is hatched and labelled "tuần này (chưa hết)".
const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
}

const short = new Intl.NumberFormat('vi-VN', { notation: 'compact', maximumFractionDigits: 1 });

function hatching() {
  const pattern = svg('pattern', { id: 'week-ongoing', width: 8, height: 8, patternUnits: 'userSpaceOnUse',
    patternTransform: 'rotate(45)' });
  pattern.append(svg('rect', { width: 8, height: 8, class: 'hatch-ground' }),
    svg('line', { x1: 0, y1: 0, x2: 0, y2: 8, class: 'hatch-line' }));
  return svg('defs', {}, pattern);
}

/** weeks: [{label, value, title, ongoing}] → an <svg> scaled to its container's width. */
export function weeklyBars(weeks, { unit = '' } = {}) {
  const width = Math.max(320, weeks.length * 52);
  const height = 208;
  const top = 24;
  const bottom = 44;
  const plot = height - top - bottom;
  const max = Math.max(1, ...weeks.map((w) => w.value));
  const slot = width / Math.max(1, weeks.length);
  const barW = Math.min(36, slot * 0.62);
  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${height}`, class: 'week-chart', role: 'img',
    'aria-label': `Biểu đồ theo tuần${unit ? `: ${unit}` : ''}`, preserveAspectRatio: 'xMidYMid meet',
  });
  chart.append(hatching(), svg('line', { x1: 0, x2: width, y1: top + plot, y2: top + plot, class: 'axis' }));
  weeks.forEach((week, i) => {
    const x = i * slot + (slot - barW) / 2;
    const barH = week.value > 0 ? Math.max(2, (week.value / max) * plot) : 0;
    const y = top + plot - barH;
    const group = svg('g', { class: week.ongoing ? 'bar bar-ongoing' : 'bar', 'data-week': week.label });
    group.append(svg('title', {}, week.ongoing ? `${week.title} (tuần này, chưa hết)` : week.title));
    group.append(svg('rect', { x, y, width: barW, height: barH, rx: 3 }));
    group.append(svg('text', { x: x + barW / 2, y: y - 6, class: 'bar-value', 'text-anchor': 'middle' },
      short.format(week.value)));
    group.append(svg('text', { x: x + barW / 2, y: height - 22, class: 'bar-label', 'text-anchor': 'middle' },
      week.label));
    if (week.ongoing) {
      // Under its date, kept inside the chart when the week is the last one.
      group.append(svg('text', { x: Math.min(width - 2, x + barW / 2 + 50), y: height - 4, class: 'bar-note', 'text-anchor': 'end' },
        'tuần này (chưa hết)'));
    }
    chart.append(group);
  });
  return chart;
}
