// Signing in. Needs the network once; after that the app works offline until sign-out.
import { ApiError, NetworkError, confirmTotp } from '../data/api.js';
import { forgetSentExcept } from '../data/events.js';
import { signIn } from '../data/session.js';
import { syncNow } from '../data/sync.js';
import { h, nextId } from './dom.js';

/** The sign-in screen. `previous` is a session whose tokens died: its user signs in again. */
export function renderLogin({ previous, onSignedIn }) {
  const userId = nextId('user');
  const passId = nextId('pass');
  const username = h('input', { id: userId, name: 'username', class: 'text-input', autocomplete: 'username',
    autocapitalize: 'none', spellcheck: 'false', required: true, value: previous?.user.username || '' });
  const password = h('input', { id: passId, name: 'password', type: 'password', class: 'text-input',
    autocomplete: 'current-password', required: true });
  const codeId = nextId('code');
  const code = h('input', { id: codeId, name: 'totp', class: 'text-input', inputmode: 'numeric',
    autocomplete: 'one-time-code', maxlength: 8 });
  const codeField = h('div', { hidden: true },
    h('label', { for: codeId, class: 'field-label' }, 'Mã xác thực (6 số)'), code);
  const message = h('p', { class: 'form-message', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, 'Đăng nhập');

  async function onSubmit(event) {
    event.preventDefault();
    if (!username.value.trim() || !password.value) {
      say('Nhập tên đăng nhập và mật khẩu.');
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Đang đăng nhập…';
    try {
      const session = await signIn(username.value.trim(), password.value, code.value.trim());
      if (session.enrolment) {
        screen.replaceWith(renderEnrolment(session, () => finish(session)));
        return;
      }
      await finish(session);
    } catch (error) {
      if (needsCode(error)) codeField.hidden = false;
      say(loginError(error));
      submit.disabled = false;
      submit.textContent = 'Đăng nhập';
    }
  }

  async function finish(session) {
    await forgetSentExcept(session.user.id);
    navigator.storage?.persist?.().catch(() => {});
    submit.textContent = 'Đang tải danh sách tổ dân phố…';
    // Send what this user left waiting, then fetch the ward's groups and their events, under
    // the one sync lock: a pull racing a send could miss an event sent meanwhile.
    await syncNow({ force: true });  // never rejects; the next sync tries again
    onSignedIn(session);
  }

  function say(text) {
    message.textContent = text;
    message.hidden = false;
  }

  const screen = h('section', { class: 'screen login' },
    h('div', { class: 'login-brand' },
      h('img', { src: '/icons/icon-192.png', alt: '', width: 72, height: 72 }),
      h('h1', {}, 'Tuyên truyền Đề án 06'),
      h('p', {}, 'Ghi hoạt động tuyên truyền VNeID và dịch vụ công trực tuyến, kể cả khi không có mạng.')),
    previous && h('p', { class: 'notice notice-warn' },
      `Phiên đăng nhập của ${previous.user.full_name || previous.user.username} đã hết hạn. `
      + 'Đăng nhập lại để gửi các hoạt động đang chờ — dữ liệu trên máy không bị mất.'),
    h('form', { class: 'login-form', onsubmit: onSubmit, novalidate: true },
      h('label', { for: userId, class: 'field-label' }, 'Tên đăng nhập'), username,
      h('label', { for: passId, class: 'field-label' }, 'Mật khẩu'), password,
      codeField, message, submit),
    previous && h('a', { href: '#/', class: 'btn btn-secondary btn-block' }, 'Để sau, tiếp tục ghi hoạt động'),
    h('p', { class: 'hint' }, 'Lần đầu đăng nhập cần có mạng. Sau đó vẫn ghi được hoạt động khi mất sóng.'));
  return screen;
}

/** First login of a role that needs a second factor: scan the QR code, type a first code. */
function renderEnrolment(session, done) {
  const codeId = nextId('code');
  const code = h('input', { id: codeId, name: 'code', class: 'text-input', inputmode: 'numeric',
    autocomplete: 'one-time-code', maxlength: 8, required: true });
  const message = h('p', { class: 'form-message', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, 'Xác nhận');
  async function onSubmit(event) {
    event.preventDefault();
    submit.disabled = true;
    try {
      await confirmTotp(session.accessToken, code.value.trim());
      await done();
    } catch (error) {
      message.textContent = error instanceof NetworkError
        ? 'Không kết nối được máy chủ.' : 'Mã không đúng hoặc đã hết hạn, hãy nhập mã mới.';
      message.hidden = false;
      submit.disabled = false;
    }
  }
  return h('section', { class: 'screen login enrol' },
    h('h1', {}, 'Bật xác thực hai bước'),
    h('p', {}, 'Tài khoản của bạn cần mã xác thực khi đăng nhập. Mở ứng dụng xác thực '
      + '(Google Authenticator, Microsoft Authenticator…), quét mã QR dưới đây rồi nhập mã 6 số nó hiện.'),
    h('img', { src: session.enrolment.qr_code, alt: 'Mã QR để thêm tài khoản vào ứng dụng xác thực',
      class: 'totp-qr', width: 220, height: 220 }),
    h('p', { class: 'hint' }, 'Không quét được? Nhập khóa: ',
      h('code', { dataset: { testid: 'totp-secret' } }, session.enrolment.secret)),
    h('form', { class: 'login-form', onsubmit: onSubmit, novalidate: true },
      h('label', { for: codeId, class: 'field-label' }, 'Mã xác thực (6 số)'), code, message, submit));
}

function needsCode(error) {
  return error instanceof ApiError && error.status === 401
    && Boolean(error.body?.errors?.totp);
}

function loginError(error) {
  if (error instanceof NetworkError) {
    return 'Không kết nối được máy chủ. Cần có mạng để đăng nhập.';
  }
  if (needsCode(error) && error.body.errors.totp[0] === 'required') {
    return 'Nhập mã 6 số từ ứng dụng xác thực.';
  }
  if (needsCode(error)) return 'Mã xác thực không đúng hoặc đã dùng, hãy nhập mã mới.';
  if (error instanceof ApiError && error.status === 401) return 'Sai tên đăng nhập hoặc mật khẩu.';
  if (error instanceof ApiError && error.status === 429) {
    return 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút.';
  }
  return `Không đăng nhập được (${error?.message || error}).`;
}
