// Installing the service worker, and the two toasts it brings: "ready to work offline" after the
// first install, "update available" when a new version of the app is waiting.
import { changes } from '../data/changes.js';
import { showToast } from './toast.js';

export function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  const hadController = Boolean(navigator.serviceWorker.controller);
  let controlled = hadController;
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // A new version took over (the user chose to update, here or in another tab): load it. The
    // first worker taking over a page on its first visit is not a new version.
    if (controlled && !reloading) {
      reloading = true;
      location.reload();
    }
    controlled = true;
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
    // Installed while a worker already controls the page (even one that arrived on this visit):
    // a new version is waiting for the user's go-ahead.
    if (worker.state === 'installed' && navigator.serviceWorker.controller) offerUpdate(worker);
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
