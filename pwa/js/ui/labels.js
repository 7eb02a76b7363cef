// Every word the officer reads, in Vietnamese, and the formatting of numbers and times.

export const KIND_LABELS = {
  meeting: 'Họp dân',
  household_visit: 'Đến hộ gia đình',
  support_session: 'Hỗ trợ VNeID/DVC',
  leaflet_drop: 'Phát tờ rơi',
  digital_post: 'Đăng bài Zalo/Facebook',
};

export const KIND_HINTS = {
  meeting: 'Họp tổ dân phố, họp thôn',
  household_visit: 'Tuyên truyền tại nhà',
  support_session: 'Điểm hỗ trợ, hướng dẫn',
  leaflet_drop: 'Tờ rơi, cẩm nang',
  digital_post: 'Zalo, Facebook, loa',
};

export const FIELD_LABELS = {
  id: 'Mã hoạt động',
  kind: 'Loại hoạt động',
  group_id: 'Tổ dân phố',
  occurred_at: 'Thời gian',
  duration_min: 'Thời lượng (phút)',
  attendees: 'Số người dự',
  households_visited: 'Số hộ đã đến',
  people_assisted: 'Số người được hỗ trợ',
  vneid_installs: 'Cài đặt VNeID',
  vneid_activations: 'Kích hoạt VNeID mức 2',
  dvc_filings: 'Hồ sơ DVC nộp trực tuyến',
  leaflets: 'Tờ rơi đã phát',
  online_reach: 'Lượt xem bài đăng',
  lat: 'Vĩ độ',
  lon: 'Kinh độ',
  accuracy_m: 'Độ chính xác vị trí',
  note: 'Ghi chú',
  support_point_id: 'Điểm hỗ trợ',
  platform: 'Nền tảng',
  base_version: 'Phiên bản',
  deleted: 'Xóa',
  _event: 'Hoạt động',
};

export const PLATFORM_LABELS = {
  zalo: 'Zalo', facebook: 'Facebook', loudspeaker: 'Loa phát thanh', website: 'Trang web', other: 'Khác',
};

export const POINT_KIND_LABELS = {
  one_stop: 'Bộ phận một cửa', market: 'Chợ', school: 'Trường học', group_hall: 'Nhà văn hóa tổ', other: 'Khác',
};

/** Counts as they read after a number in a list: "45 người dự · 9 cài VNeID". */
export const COUNT_UNITS = {
  attendees: 'người dự',
  households_visited: 'hộ',
  people_assisted: 'người được hỗ trợ',
  vneid_installs: 'cài VNeID',
  vneid_activations: 'kích hoạt mức 2',
  dvc_filings: 'hồ sơ DVC',
  leaflets: 'tờ rơi',
  online_reach: 'lượt xem',
};

/** The server's rejection codes (server/outreach/schemas.py, service.py), said plainly. */
export const ERROR_MESSAGES = {
  required: 'Thiếu thông tin bắt buộc.',
  unknown_kind: 'Loại hoạt động không hợp lệ.',
  outside_ward: 'Tổ dân phố này không thuộc phường/xã của bạn (có thể đã được chuyển hoặc xóa). Hãy chọn tổ khác.',
  group_stopped: 'Tổ dân phố này đã ngừng (sáp nhập, chia tách hoặc giải thể) trước ngày của hoạt động. Hãy chọn tổ thay thế.',
  negative: 'Không được là số âm.',
  too_large: 'Số quá lớn so với một hoạt động. Hãy kiểm tra lại.',
  required_for_kind: 'Loại hoạt động này cần ít nhất 1.',
  offset_required: 'Thời gian thiếu múi giờ. Hãy lưu lại hoạt động.',
  invalid_datetime: 'Thời gian không hợp lệ.',
  in_future: 'Thời gian ở tương lai. Hãy kiểm tra đồng hồ điện thoại và sửa lại giờ.',
  too_old: 'Hoạt động đã quá cũ, máy chủ không nhận nữa (quá thời hạn ghi, thường là 90 ngày). Hãy kiểm tra ngày.',
  out_of_range: 'Giá trị nằm ngoài khoảng cho phép.',
  contains_personal_data: 'Ghi chú có vẻ chứa dữ liệu cá nhân (số CCCD, số điện thoại hoặc email). Hãy xóa phần đó.',
  not_yours: 'Hoạt động này không phải của bạn nên không sửa được.',
  not_found: 'Máy chủ không còn hoạt động này.',
  not_integer: 'Phải là số nguyên.',
  not_number: 'Phải là một số.',
  not_string: 'Phải là chữ.',
  nul_character: 'Có ký tự không hợp lệ (ký tự NUL). Hãy gõ lại phần chữ này.',
  not_boolean: 'Giá trị không hợp lệ.',
  too_long: 'Quá dài (tối đa 500 ký tự).',
  invalid_uuid: 'Mã hoạt động không hợp lệ.',
  required_with_other_coordinate: 'Vị trí thiếu một tọa độ.',
  not_an_object: 'Dữ liệu hoạt động bị hỏng.',
  other_ward: 'Đợt vận động này không thuộc phường/xã của bạn.',
  outside_campaign: 'Hoạt động nằm ngoài thời gian của đợt vận động. Hãy bỏ chọn đợt hoặc sửa ngày.',
  not_for_kind: 'Mục này không dùng cho loại hoạt động đã chọn.',
  unknown_platform: 'Nền tảng không hợp lệ.',
  period_closed: 'Tháng này đã chốt số liệu, không ghi, sửa hay xóa hoạt động được nữa. Chỉ cán bộ quản trị tỉnh mở lại được tháng đã chốt; khi tháng được mở lại, máy tự gửi lại hoạt động này.',
};

/** One line per refused field: "Ghi chú: Ghi chú có vẻ chứa …". */
export function describeErrors(errors) {
  const lines = [];
  for (const [field, codes] of Object.entries(errors || {})) {
    const list = Array.isArray(codes) ? codes : [codes];
    for (const code of list.flat()) {
      const text = typeof code === 'string' ? ERROR_MESSAGES[code] || `Lỗi: ${code}` : 'Dữ liệu không hợp lệ.';
      lines.push({ field, code, label: FIELD_LABELS[field] || field, text });
    }
  }
  return lines;
}

export const STATE_LABELS = {
  pending: 'Chờ gửi',
  sent: 'Đã gửi',
  rejected: 'Bị từ chối',
  conflict: 'Xung đột',
  deleting: 'Chờ gửi lệnh xóa',
  returned: 'Bị trả lại',
};

/** The one state shown on the user's event (a key of STATE_LABELS): a sent event the commander
 * returned reads "Bị trả lại", what needs them, rather than "Đã gửi". */
export function shownState(record, returned) {
  if (returned) return 'returned';
  return record.deleted && record.state === 'pending' ? 'deleting' : record.state;
}

export const ROLE_LABELS = {
  officer: 'Cảnh sát khu vực',
  volunteer: 'Tình nguyện viên',
  commander: 'Chỉ huy Công an phường',
  admin: 'Quản trị tỉnh',
  national: 'Bộ Công an (toàn quốc)',
};

const numberFormat = new Intl.NumberFormat('vi-VN');

export function formatNumber(value) {
  return numberFormat.format(value || 0);
}

const pad = (n) => String(n).padStart(2, '0');

/** "08:30" in the phone's time. */
export function formatTime(date) {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** "2025-11-20": the phone's calendar day, as the API's from/to and date fields take it. */
export function localDay(date) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** "08:30 · 20/11/2025" in the phone's time. */
export function formatWhen(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${formatTime(date)} · ${formatDate(date)}`;
}

export function formatDate(date) {
  return `${pad(date.getDate())}/${pad(date.getMonth() + 1)}/${date.getFullYear()}`;
}

/** "Hôm nay", "Hôm qua" or the date, for list headings. */
export function dayHeading(iso) {
  const date = new Date(iso);
  const today = new Date();
  const start = (d) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((start(today) - start(date)) / 86400000);
  const weekday = ['Chủ nhật', 'Thứ hai', 'Thứ ba', 'Thứ tư', 'Thứ năm', 'Thứ sáu', 'Thứ bảy'][date.getDay()];
  if (days === 0) return `Hôm nay, ${formatDate(date)}`;
  if (days === 1) return `Hôm qua, ${formatDate(date)}`;
  return `${weekday}, ${formatDate(date)}`;
}

/** "lúc 10:32 hôm nay", "lúc 18:05 ngày 19/11" — when something last happened. */
export function formatAgo(ms) {
  if (!ms) return 'chưa lần nào';
  const date = new Date(ms);
  const sameDay = new Date().toDateString() === date.toDateString();
  const time = formatTime(date);
  return sameDay ? `lúc ${time} hôm nay` : `lúc ${time} ngày ${pad(date.getDate())}/${pad(date.getMonth() + 1)}`;
}

/** "17:24" today, else "19/11 17:24": for the top bar. */
export function formatShort(ms) {
  const date = new Date(ms);
  const time = formatTime(date);
  return new Date().toDateString() === date.toDateString()
    ? time : `${pad(date.getDate())}/${pad(date.getMonth() + 1)} ${time}`;
}

export function formatDistance(metres) {
  if (metres == null) return '';
  return metres < 1000 ? `${Math.round(metres)} m` : `${(metres / 1000).toFixed(1).replace('.', ',')} km`;
}

export function formatDuration(minutes) {
  if (!minutes) return '';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!h) return `${m} phút`;
  return m ? `${h} giờ ${m} phút` : `${h} giờ`;
}

/** What each kind of target is called, wherever a target is shown or set (in the form's order). */
export const TARGET_LABELS = {
  vneid_activations: 'Kích hoạt VNeID mức 2',
  vneid_installs: 'Cài đặt VNeID',
  dvc_filings: 'Hồ sơ DVC hỗ trợ nộp trực tuyến',
  events: 'Số hoạt động tuyên truyền',
  households_visited: 'Số hộ được đến',
  attendees: 'Số người dự họp',
  people_assisted: 'Số người được hỗ trợ',
  leaflets: 'Số tờ rơi',
  online_reach: 'Lượt xem bài đăng',
  coverage_pct: 'Độ bao phủ hộ',
  dvc_rate_overall: 'Tỷ lệ nộp hồ sơ trực tuyến chung',
  dvc_rate_permanent_residence: 'Tỷ lệ nộp trực tuyến: đăng ký thường trú',
  dvc_rate_temporary_residence: 'Tỷ lệ nộp trực tuyến: đăng ký tạm trú',
  dvc_rate_temporary_absence: 'Tỷ lệ nộp trực tuyến: khai báo tạm vắng',
  dvc_rate_stay_notice: 'Tỷ lệ nộp trực tuyến: thông báo lưu trú',
  dvc_rate_residence: 'Tỷ lệ nộp trực tuyến: cư trú (gộp)',
  dvc_rate_id_card: 'Tỷ lệ nộp trực tuyến: căn cước',
  dvc_rate_other_mps: 'Tỷ lệ nộp trực tuyến: DVC khác của Bộ Công an',
  dvc_rate_other: 'Tỷ lệ nộp trực tuyến: thủ tục khác',
};
/** The targets that are a percentage (the rest are counts). */
export const PERCENT_TARGETS = ['coverage_pct', ...Object.keys(TARGET_LABELS).filter((kind) => kind.startsWith('dvc_rate_'))];

/** The service groups of filing statistics, in the order of the reporting chain's tables. */
export const SERVICE_GROUP_LABELS = [
  ['permanent_residence', 'Đăng ký thường trú'], ['temporary_residence', 'Đăng ký tạm trú'],
  ['temporary_absence', 'Khai báo tạm vắng'], ['stay_notice', 'Thông báo lưu trú'],
  ['residence', 'Cư trú (gộp)'], ['id_card', 'Căn cước'], ['other_mps', 'DVC khác của Bộ Công an'],
  ['other', 'Lĩnh vực khác'],
];
