// The server's limits on an event's fields, so the phone refuses what the server would refuse
// instead of having it refused later: the counts above which a number is a typing slip
// (server/outreach/counts.py COUNT_LIMITS), the duration and the note (server/outreach/schemas.py),
// the age and the clock skew allowed (server/config.py, by default). tests/test_phone_limits.py
// fails when one of them differs from the server's.
export const COUNT_MAX = {
  attendees: 3000,
  households_visited: 500,
  people_assisted: 2000,
  vneid_installs: 2000,
  vneid_activations: 2000,
  dvc_filings: 2000,
  leaflets: 50000,
  online_reach: 5000000,
};
export const DURATION_MAX_MIN = 1440;
export const NOTE_MAX_CHARS = 500;
export const EVENT_MAX_AGE_DAYS = 90;
export const FUTURE_SKEW_S = 300;
