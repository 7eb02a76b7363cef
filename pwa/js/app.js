// Entry point: install the service worker and start the app.
import { startShell } from './ui/shell.js';
import { registerServiceWorker } from './ui/sw-update.js';

registerServiceWorker();
startShell(document.getElementById('app'));
