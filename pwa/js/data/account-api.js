// The signed-in user's own account (API.md · me): changing one's password. Online only.
import { online } from './client.js';

export const changePassword = (user, currentPassword, newPassword) => online(user, '/me/password', {
  method: 'PUT', body: { current_password: currentPassword, new_password: newPassword },
});
