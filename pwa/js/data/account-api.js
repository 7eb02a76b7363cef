// The signed-in user's own account (API.md · me): changing one's password, the ward last looked
// at. Online only.
import { online } from './client.js';

export const changePassword = (user, currentPassword, newPassword) => online(user, '/me/password', {
  method: 'PUT', body: { current_password: currentPassword, new_password: newPassword },
});

/** Tell the server the ward the user chose to look at (PUT /me/last-ward). */
export const rememberLastWard = (user, wardId) => online(user, '/me/last-ward', {
  method: 'PUT', body: { ward_id: wardId },
});
