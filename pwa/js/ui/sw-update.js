// Installing the service worker, and the two toasts it brings: "ready to work offline" after the
// first install, "update available" when a new version of the app is waiting.
import { changes } from '../data/changes.js';
import { showToast } from './toast.js';

export function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  const hadController = Boolean(navigator.serviceWorker.controller);
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // A new version took over (the user chose to update, here or in another tab): load it.
    if (hadController && !reloading) {
      reloading = true;
      location.reload();
    }
  });
  navigator.serviceWorker.addEventListener('message', (event) => {
    if (event.data?.type === 'flush') changes.dispatchEvent(new CustomEvent('change', { detail: { what: 'outbox' } }));
  });
  navigator.serviceWorker.register('/sw.js', { updateViaCache: 'none' }).then((registration) => {
    if (registration.waiting && hadController) offerUpdate(registration.waiting);
    registration.addEventListener('updatefound', () => watch(registration.installing, hadController));
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') registration.update().catch(() => {});
    });
    changes.addEventListener('change', (event) => {
      // Offline with something queued: ask the browser to wake us when the network returns.
      if (event.detail.what === 'outbox' && !navigator.onLine) {
        registration.sync?.register('outbox-flush').catch(() => {});
      }
    });
  }).catch(() => {
    showToast('Không cài được chế độ ngoại tuyến trên trình duyệt này.', { kind: 'warn' });
  });
}

function watch(worker, hadController) {
  worker?.addEventListener('statechange', () => {
    if (worker.state === 'installed' && hadController) offerUpdate(worker);
    if (worker.state === 'activated' && !hadController) {
      document.documentElement.dataset.offlineReady = '1';
      showToast('Ứng dụng đã sẵn sàng dùng khi không có mạng.', { kind: 'ok', id: 'offline-ready', timeout: 6000 });
    }
  });
}

function offerUpdate(worker) {
  showToast('Có phiên bản mới của ứng dụng.', {
    kind: 'info', id: 'update', timeout: 0, action: 'Cập nhật',
    onAction: () => worker.postMessage({ type: 'skip-waiting' }),
  });
}
