// How the managers' screens write a figure: counts, decimals, percentages, hours and a change in
// percentage points; '—' where there is no figure.
import { formatNumber } from './labels.js';

const decimal = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
const oneDecimal = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 92,4 % style; '—' when there is no figure. */
export function pct(value) {
  return value === null || value === undefined ? '—' : `${decimal.format(value)} %`;
}

export function num(value) {
  return value === null || value === undefined ? '—' : formatNumber(value);
}

/** 0,82 style; a value that rounds to zero is "0", never "-0". */
export function dec(value) {
  return value === null || value === undefined ? '—' : decimal.format(Math.round(value * 100) / 100 || 0);
}

export function hours(value) {
  return value === null || value === undefined ? '—' : oneDecimal.format(value);
}

/** "+2,5 điểm %" / "−1 điểm %" for a change in percentage points. */
export function change(value) {
  if (value === null || value === undefined) return 'chưa có tháng trước để so';
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  return `${sign}${decimal.format(Math.abs(value))} điểm % so với tháng trước`;
}
