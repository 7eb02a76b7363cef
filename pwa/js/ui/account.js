// The account screen: who is signed in, the state of syncing and of the phone's storage, and
// signing out (warning first when something has not reached the server).
import { forgetAreas, loadAreas } from '../data/areas.js';
import { forgetSentExcept } from '../data/events.js';
import { changePassword } from '../data/account-api.js';
import { forgetChosenWard } from '../data/current-ward.js';
import { ApiError, NetworkError } from '../data/api.js';
import { signOut } from '../data/session.js';
import { forgetUser } from '../data/snapshots.js';
import { KEEP_SENT_DAYS, syncNow, syncStatus } from '../data/sync.js';
import { confirmDialog } from './dialog.js';
import { h, nextId, replace } from './dom.js';
import { ROLE_LABELS, formatAgo } from './labels.js';
import { showToast } from './toast.js';

export async function render(ctx) {
  const root = h('section', { class: 'screen account' });
  const password = passwordForm(ctx.user);  // one node: a redraw keeps what is typed in it
  const draw = async () => replace(root, await content(ctx, password));
  await draw();
  ctx.onChange(draw);
  return root;
}

async function content(ctx, password) {
  const { user } = ctx;
  const [status, areas, persisted, version] = await Promise.all([
    syncStatus(user.id), loadAreas(user.id), navigator.storage?.persisted?.().catch(() => false),
    appVersion()]);
  const ward = areas?.wards?.find((w) => w.id === user.ward_id);
  return [
    h('div', { class: 'card' },
      h('p', { class: 'account-name' }, user.full_name || user.username),
      h('p', {}, `${ROLE_LABELS[user.role] || user.role} · ${user.username}`),
      ward && h('p', {}, `${ward.name}`),
      areas && h('p', { class: 'hint' }, `${areas.groups.length} tổ dân phố lưu trên máy (cập nhật ${formatAgo(areas.savedAt)}).`)),
    h('h2', { class: 'section-title' }, 'Đồng bộ'),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Chờ gửi'), h('dd', { dataset: { testid: 'waiting' } }, String(status.waiting)),
      h('dt', {}, 'Cần xử lý'), h('dd', {}, String(status.refused + status.conflicts)),
      h('dt', {}, 'Đồng bộ thành công'), h('dd', {}, formatAgo(status.lastSuccessAt)),
      status.failures > 0 && [h('dt', {}, 'Lần thử gần nhất'), h('dd', {}, `Lỗi (${status.failures} lần liên tiếp). Sẽ tự thử lại.`)]),
    h('button', { type: 'button', class: 'btn btn-primary btn-block', onclick: () => syncNow({ manual: true }) }, 'Đồng bộ ngay'),
    h('h2', { class: 'section-title' }, 'Lưu trữ trên máy'),
    h('p', {}, persisted
      ? 'Trình duyệt đã đồng ý giữ dữ liệu của ứng dụng.'
      : 'Trình duyệt chưa cam kết giữ dữ liệu khi máy đầy bộ nhớ: hãy đồng bộ thường xuyên. Cài ứng dụng ra màn hình chính giúp giữ dữ liệu tốt hơn.'),
    h('p', { class: 'hint' }, `Hoạt động đã gửi được giữ trên máy ${KEEP_SENT_DAYS} ngày. Hoạt động chưa gửi không bao giờ bị tự xóa.`),
    password,
    h('button', { type: 'button', class: 'btn btn-danger-outline btn-block', onclick: () => logout(ctx) }, 'Đăng xuất'),
    version && h('p', { class: 'hint version' }, `Phiên bản ứng dụng: ${version}`),
  ];
}

/** "Đổi mật khẩu": the current password, then the new one twice (every role). */
function passwordForm(user) {
  const field = (label, autocomplete) => {
    const id = nextId('pw');
    const input = h('input', { id, type: 'password', class: 'text-input', autocomplete, required: true });
    return [input, h('label', { for: id, class: 'field-label' }, label), input];
  };
  const [current, ...currentField] = field('Mật khẩu hiện tại', 'current-password');
  const [fresh, ...freshField] = field('Mật khẩu mới (ít nhất 8 ký tự)', 'new-password');
  const [again, ...againField] = field('Nhập lại mật khẩu mới', 'new-password');
  const message = h('p', { class: 'form-message', role: 'alert', hidden: true });
  const say = (text) => { message.textContent = text; message.hidden = !text; };
  async function onSubmit(event) {
    event.preventDefault();
    if (!current.value || !fresh.value) return say('Nhập mật khẩu hiện tại và mật khẩu mới.');
    if (fresh.value !== again.value) return say('Hai lần nhập mật khẩu mới không khớp.');
    try {
      await changePassword(user, current.value, fresh.value);
      event.target.reset();
      say('');
      showToast('Đã đổi mật khẩu. Các máy khác đã bị đăng xuất.', { kind: 'ok' });
    } catch (error) {
      say(passwordError(error));
    }
  }
  return h('details', { class: 'card password-change' },
    h('summary', {}, 'Đổi mật khẩu'),
    h('form', { onsubmit: onSubmit, novalidate: true }, currentField, freshField, againField, message,
      h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, 'Lưu mật khẩu mới')));
}

function passwordError(error) {
  if (error instanceof NetworkError) return 'Cần có mạng để đổi mật khẩu.';
  if (error instanceof ApiError && error.status === 429) return 'Nhập sai quá nhiều lần, vui lòng thử lại sau.';
  if (error?.body?.errors?.current_password) return 'Mật khẩu hiện tại không đúng.';
  return error?.message || 'Không đổi được mật khẩu.';
}

async function logout(ctx) {
  const { user } = ctx;
  let status = await syncStatus(user.id);
  if (status.waiting && navigator.onLine) {
    await syncNow({ manual: true });
    status = await syncStatus(user.id);
  }
  if (status.total > 0) {
    const ok = await confirmDialog({
      title: 'Còn hoạt động chưa gửi',
      message: [
        `Còn ${status.total} hoạt động chưa lên máy chủ${status.refused + status.conflicts ? ' (có hoạt động cần xử lý)' : ''}.`,
        'Chúng vẫn được giữ trên điện thoại này, người khác đăng nhập sẽ không thấy, và sẽ được gửi khi bạn đăng nhập lại.',
        'Nếu xóa dữ liệu trình duyệt hoặc gỡ ứng dụng trước đó, chúng sẽ bị mất.',
      ],
      confirm: 'Vẫn đăng xuất', cancel: 'Ở lại', danger: true,
    });
    if (!ok) return;
  }
  await signOut();
  await forgetSentExcept(null);
  await forgetAreas(user.id);
  await forgetUser(user.id, { syncState: status.total === 0 });
  await forgetChosenWard(user.id);
  localStorage.clear();  // an older version kept the chosen ward there; nothing else uses it
  showToast('Đã đăng xuất.', { kind: 'ok' });
  ctx.signedOut();
}

function appVersion() {
  const worker = navigator.serviceWorker?.controller;
  if (!worker) return Promise.resolve(null);
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(null), 1000);
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      resolve(event.data?.version || null);
    };
    worker.postMessage({ type: 'version' }, [channel.port2]);
  });
}
