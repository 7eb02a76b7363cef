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

/** A run of 9+ digits (a citizen ID or a phone number) or an e-mail: the server refuses these. */
const LONG_NUMBER = /(?<!\d)\d(?:[\s.-]?\d){8,}(?!\d)/;
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.-]+/;

export function looksPersonal(text) {
  return Boolean(text) && (LONG_NUMBER.test(text) || EMAIL.test(text));
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
