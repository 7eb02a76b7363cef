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
  'lat', 'lon', 'accuracy_m', 'note', 'campaign_id', 'support_point_id', 'platform'];

/** Where a digital post went out (server/outreach/models.py PLATFORMS). */
export const PLATFORMS = ['zalo', 'facebook', 'loudspeaker', 'website', 'other'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];  // Date#getDay() order

/** Whether a support point's weekly hours ({mon: [["07:30", "11:30"]], ...}) hold `date`. */
export function isOpen(point, date) {
  const spans = point.opening_hours?.[WEEKDAYS[date.getDay()]] || [];
  const now = `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
  return spans.some(([opens, closes]) => opens <= now && now < closes);
}

// The server's own rules (server/personal_data.py), so the phone refuses exactly what the server
// would (tests/data/pii_cases.json holds the cases both answer alike): a 12-digit citizen ID, a
// phone number (0 or +84, perhaps "+84 (0)", then 9 or 10 digits) or an e-mail. The text is read
// after NFKC (full-width digits become ASCII) without zero-width characters and with full dates
// set aside; between two digits up to three separators (spaces, . - / _ and brackets) are
// ignored. A sum of money ("125.000.000 đồng"), a date or a time passes.
const D = '\\p{Nd}';
const ZERO_WIDTH = /[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]/gu;
const DATE = new RegExp(`(?<!${D})(?:${D}{1,2}([/.\\-])${D}{1,2}\\1${D}{4}|${D}{4}-${D}{1,2}-${D}{1,2})(?!${D})`, 'gu');
const SEP = '[ \\t\\n\\r\\f\\v.\\-/_()\\u2010-\\u2015\\u2212]{0,3}';
const NOT_AFTER_DIGIT = `(?<!${D})(?<!${D}[.\\-/_])`;
const NOT_BEFORE_DIGIT = `(?![.\\-/_]?${D})`;
const CITIZEN_ID = new RegExp(`${NOT_AFTER_DIGIT}${D}(?:${SEP}${D}){11}${NOT_BEFORE_DIGIT}`, 'u');
const PHONE = new RegExp(`${NOT_AFTER_DIGIT}(?:\\+?84(?:${SEP}0)?|0)${SEP}[1-9](?:${SEP}${D}){8,9}${NOT_BEFORE_DIGIT}`, 'u');
const EMAIL = /[\p{L}\p{N}_.+-]+@[\p{L}\p{N}_-]+\.[\p{L}\p{N}_.-]+/u;

export function looksPersonal(text) {
  if (!text) return false;
  const normalised = text.normalize('NFKC').replace(ZERO_WIDTH, '').replace(DATE, '#');
  return [CITIZEN_ID, PHONE, EMAIL].some((pattern) => pattern.test(normalised));
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
