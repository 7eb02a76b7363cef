// The support points, QR boards and channel figures' client (API.md · Support points and QR
// boards). Online only; the ward's points are also kept on the phone by sync.js (areas.js).
import { query } from './api.js';
import { online as call } from './client.js';

export const points = (user, wardId) => call(user, `/wards/${wardId}/support-points`);
export const createPoint = (user, wardId, body) => call(user, `/wards/${wardId}/support-points`, { method: 'POST', body });
export const updatePoint = (user, pointId, body) => call(user, `/support-points/${pointId}`, { method: 'PATCH', body });
export const archivePoint = (user, pointId) => call(user, `/support-points/${pointId}`, { method: 'DELETE' });

export const boards = (user, wardId) => call(user, `/wards/${wardId}/qr-boards`);
export const createBoard = (user, wardId, body) => call(user, `/wards/${wardId}/qr-boards`, { method: 'POST', body });
export const retireBoard = (user, boardId) => call(user, `/qr-boards/${boardId}/retire`, { method: 'POST' });
export const posterPath = (boardId) => `/qr-boards/${boardId}/poster`;

export const channels = (user, wardId, period) => call(user, `/wards/${wardId}/channels${query({ from: period.from, to: period.to })}`);
