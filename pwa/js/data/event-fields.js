// What an outreach event is made of, as the API names it (server/outreach/models.py).

export const KINDS = ['meeting', 'household_visit', 'support_session', 'leaflet_drop', 'digital_post'];

export const COUNT_FIELDS = [
  'attendees', 'households_visited', 'people_assisted', 'vneid_installs',
  'vneid_activations', 'dvc_filings', 'leaflets', 'online_reach',
];

/** The count each kind must report (≥ 1); a digital post counts as one post even with no reach. */
export const MAIN_COUNT = {
  meeting: 'attendees',
  household_visit: 'households_visited',
  support_session: 'people_assisted',
  leaflet_drop: 'leaflets',
  digital_post: null,
};

/** The counts that matter for each kind, most important first; the others are one tap away. */
export const KIND_COUNTS = {
  meeting: ['attendees', 'vneid_installs', 'vneid_activations', 'dvc_filings', 'leaflets'],
  household_visit: ['households_visited', 'people_assisted', 'vneid_installs', 'vneid_activations',
    'dvc_filings'],
  support_session: ['people_assisted', 'vneid_installs', 'vneid_activations', 'dvc_filings'],
  leaflet_drop: ['leaflets', 'households_visited'],
  digital_post: ['online_reach'],
};

/** Kinds that happen in one residential group; a post may be ward-wide. */
export const GROUP_REQUIRED = new Set(['meeting', 'household_visit', 'support_session', 'leaflet_drop']);

export const CONTENT_FIELDS = ['kind', 'group_id', 'occurred_at', 'duration_min', ...COUNT_FIELDS,
  'lat', 'lon', 'accuracy_m', 'note'];

// The server's own rules (server/outreach/schemas.py), so the phone refuses exactly what the
// server would: a 12-digit citizen ID or a phone number (0 or +84, then 9 or 10 digits), each
// possibly grouped by spaces, dots or dashes and written in any script's digits, or an e-mail.
// A sum of money ("125.000.000 đồng") or a date is not personal data and passes.
const D = '\\p{Nd}';
const NOT_AFTER_DIGIT = `(?<!${D})(?<!${D}[.\\-])`;
const NOT_BEFORE_DIGIT = `(?![.\\-]?${D})`;
const CITIZEN_ID = new RegExp(`${NOT_AFTER_DIGIT}${D}(?:[\\s.\\-]?${D}){11}${NOT_BEFORE_DIGIT}`, 'u');
const PHONE = new RegExp(`${NOT_AFTER_DIGIT}(?:\\+?84|0)[\\s.\\-]?[1-9](?:[\\s.\\-]?${D}){8,9}${NOT_BEFORE_DIGIT}`, 'u');
const EMAIL = /[\p{L}\p{N}_.+-]+@[\p{L}\p{N}_-]+\.[\p{L}\p{N}_.-]+/u;

export function looksPersonal(text) {
  return Boolean(text) && [CITIZEN_ID, PHONE, EMAIL].some((pattern) => pattern.test(text));
}

/** The event's content as the server returned it, in the phone's shape. */
export function fieldsFromServer(item) {
  const fields = {};
  for (const name of CONTENT_FIELDS) fields[name] = item[name] ?? null;
  for (const name of COUNT_FIELDS) fields[name] = item[name] ?? 0;
  fields.duration_min = item.duration_min ?? 0;
  return fields;
}

/** An ISO 8601 time with the phone's own UTC offset, e.g. 2025-11-20T08:30:00+07:00. */
export function isoWithOffset(date) {
  const pad = (n) => String(Math.abs(n)).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
    + `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
    + `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}
