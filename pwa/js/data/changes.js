// One signal, "the phone's data changed", for screens to redraw; also heard by the app's other tabs.

export const changes = new EventTarget();
const channel = 'BroadcastChannel' in self ? new BroadcastChannel('outreach-changes') : null;

channel?.addEventListener('message', (message) => {
  changes.dispatchEvent(new CustomEvent('change', { detail: { ...message.data, remote: true } }));
});

export function announce(what) {
  changes.dispatchEvent(new CustomEvent('change', { detail: { what } }));
  channel?.postMessage({ what });
}
