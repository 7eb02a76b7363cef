// Quản lý · Người dùng: the ward's officers, volunteers and commanders — add one, reset a
// password, lock or unlock an account, end every login of a lost phone.
import * as mapi from '../data/manage-api.js';
import { confirmDialog } from './dialog.js';
import { h, replace } from './dom.js';
import { ROLE_LABELS } from './labels.js';
import { failureText, field, input, requireFilled, select, showErrors } from './manage-form.js';
import { showToast } from './toast.js';

const FIELD_ROLES = [['officer', ROLE_LABELS.officer], ['volunteer', ROLE_LABELS.volunteer],
  ['commander', ROLE_LABELS.commander]];
// A user manages only users of a lower rank (the server's rule): a commander, officers and
// volunteers; an admin, commanders too. Peers and oneself only through one's own account.
const RANKS = { officer: 0, volunteer: 0, commander: 1, admin: 2 };
const outranks = (user, role) => RANKS[user.role] > (RANKS[role] ?? 99);

export async function render(ctx, ward) {
  const root = h('div', { class: 'manage-users' });
  const draw = async () => {
    const people = (await mapi.users(ctx.user, ward.id)).filter((u) => u.ward_id === ward.id);
    replace(root, ...content(ctx, ward, people, draw));
  };
  await draw();
  return root;
}

function content(ctx, ward, people, redraw) {
  const adder = h('div', { class: 'm-slot' });
  const addButton = h('button', {
    type: 'button', class: 'btn btn-primary btn-block',
    onclick: () => {
      replace(adder, userForm(ctx, ward, async (saved) => {
        showToast(`Đã thêm ${saved.full_name}. Hãy đưa tên đăng nhập và mật khẩu cho người dùng.`, { kind: 'ok', id: 'manage', timeout: 8000 });
        await redraw();
      }, () => replace(adder, addButton)));
      adder.querySelector('input')?.focus();
    },
  }, '+ Thêm người dùng');
  replace(adder, addButton);
  const active = people.filter((u) => u.active).length;
  return [
    adder,
    h('h3', { class: 'm-subtitle' }, `${people.length} người dùng · ${active} đang hoạt động`),
    h('ul', { class: 'm-list' }, people.map((person) => userItem(ctx, person, redraw))),
  ];
}

function userItem(ctx, person, redraw) {
  const li = h('li', { class: ['m-item', 'm-item-stack', !person.active && 'is-locked'], dataset: { username: person.username } });
  const slot = h('div', { class: 'm-slot' });
  const act = async (work, done) => {
    li.querySelectorAll('button').forEach((b) => { b.disabled = true; });
    try {
      await work();
      showToast(done, { kind: 'ok', id: 'manage' });
      await redraw();
    } catch (error) {
      li.querySelectorAll('button').forEach((b) => { b.disabled = false; });
      showToast(failureText(error), { kind: 'error', id: 'manage' });
    }
  };
  const lock = async () => {
    const ok = await confirmDialog({
      title: person.active ? `Khóa tài khoản ${person.username}?` : `Mở khóa ${person.username}?`,
      message: person.active
        ? 'Người dùng không đăng nhập được nữa; mọi phiên đăng nhập trên điện thoại kết thúc ngay. Hoạt động đã ghi vẫn được giữ.'
        : 'Người dùng đăng nhập lại được bằng mật khẩu hiện có.',
      confirm: person.active ? 'Khóa' : 'Mở khóa', cancel: 'Quay lại', danger: person.active,
    });
    if (ok) await act(() => mapi.updateUser(ctx.user, person.id, { active: !person.active }), person.active ? 'Đã khóa tài khoản.' : 'Đã mở khóa.');
  };
  const endAll = async () => {
    const ok = await confirmDialog({
      title: 'Đăng xuất mọi máy?',
      message: 'Dùng khi điện thoại bị mất. Người dùng phải đăng nhập lại; hoạt động chưa gửi trên máy của họ vẫn được giữ.',
      confirm: 'Đăng xuất mọi máy', cancel: 'Quay lại', danger: true,
    });
    if (ok) await act(() => mapi.endSessions(ctx.user, person.id), 'Đã kết thúc mọi phiên đăng nhập.');
  };
  const reset = () => {
    replace(slot, passwordForm(ctx, person, async () => {
      showToast('Đã đặt mật khẩu mới. Mọi phiên đăng nhập cũ đã kết thúc.', { kind: 'ok', id: 'manage' });
      await redraw();
    }, () => replace(slot)));
    slot.querySelector('input')?.focus();
  };
  replace(li,
    h('div', { class: 'm-item-main' },
      h('p', { class: 'm-item-title' }, person.full_name || person.username),
      h('p', { class: 'm-item-meta' }, `${ROLE_LABELS[person.role] || person.role} · ${person.username}`),
      !person.active && h('p', { class: 'm-locked' }, 'Đã khóa')),
    outranks(ctx.user, person.role) && h('div', { class: 'm-buttons' },
      h('button', { type: 'button', class: 'btn btn-secondary', onclick: reset }, 'Đặt lại mật khẩu'),
      h('button', { type: 'button', class: 'btn btn-secondary', onclick: endAll }, 'Đăng xuất mọi máy'),
      h('button', { type: 'button', class: ['btn', person.active ? 'btn-danger-outline' : 'btn-secondary'], onclick: lock },
        person.active ? 'Khóa' : 'Mở khóa')),
    slot);
  return li;
}

function passwordForm(ctx, person, onSaved, onCancel) {
  const password = input('password', { type: 'text', minlength: '8', maxlength: '64', autocomplete: 'new-password' });
  const form = h('form', { class: 'm-form', novalidate: true },
    field(`Mật khẩu mới cho ${person.username}`, password, { hint: 'Ít nhất 8 ký tự, không dùng mật khẩu phổ biến.' }),
    h('p', { class: 'form-message', hidden: true, role: 'alert', tabindex: '-1' }),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn btn-secondary', onclick: onCancel }, 'Hủy'),
      h('button', { type: 'submit', class: 'btn btn-primary' }, 'Đặt mật khẩu')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await mapi.updateUser(ctx.user, person.id, { password: password.value });
      await onSaved();
    } catch (error) {
      showErrors(form, error);
    }
  });
  return form;
}

function userForm(ctx, ward, onSaved, onCancel) {
  const controls = {
    full_name: input('full_name', { maxlength: '120', autocomplete: 'off' }),
    username: input('username', { maxlength: '64', autocapitalize: 'none', spellcheck: 'false' }),
    role: select('role', FIELD_ROLES.filter(([role]) => outranks(ctx.user, role)), 'officer'),
    password: input('password', { type: 'text', maxlength: '64', autocomplete: 'new-password' }),
  };
  const form = h('form', { class: 'm-form', novalidate: true },
    h('h3', { class: 'm-subtitle' }, 'Thêm người dùng'),
    h('div', { class: 'm-grid' },
      field('Họ và tên', controls.full_name, { wide: true }),
      field('Tên đăng nhập', controls.username, { hint: 'Chữ không dấu, số, dấu chấm; ví dụ: quan.lm' }),
      field('Vai trò', controls.role),
      field('Mật khẩu ban đầu', controls.password, { hint: 'Ít nhất 8 ký tự.', wide: true })),
    h('p', { class: 'form-message', hidden: true, role: 'alert', tabindex: '-1' }),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn btn-secondary', onclick: onCancel }, 'Hủy'),
      h('button', { type: 'submit', class: 'btn btn-primary' }, 'Thêm')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!requireFilled(form, controls, ['full_name', 'username', 'password'])) return;
    // An empty box is left out, so the server answers "required" rather than "too short".
    const body = { full_name: controls.full_name.value.trim() || undefined,
      username: controls.username.value.trim() || undefined, role: controls.role.value,
      password: controls.password.value || undefined, ward_id: ward.id };
    form.querySelector('[type=submit]').disabled = true;
    try {
      await onSaved(await mapi.createUser(ctx.user, body));
    } catch (error) {
      form.querySelector('[type=submit]').disabled = false;
      showErrors(form, error);
    }
  });
  return form;
}
