// The phone's position, when the user allows it. Never required.

/** Resolves {lat, lon, accuracy_m} or rejects with a GeolocationPositionError-like {code}. */
export function currentPosition({ timeout = 15000 } = {}) {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) {
      reject({ code: 0 });
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (pos) => resolve({
        lat: Number(pos.coords.latitude.toFixed(6)),
        lon: Number(pos.coords.longitude.toFixed(6)),
        accuracy_m: Math.round(pos.coords.accuracy * 10) / 10,
      }),
      (error) => reject(error),
      { enableHighAccuracy: true, timeout, maximumAge: 60000 },
    );
  });
}

/** True when the user already allowed location, so asking shows no prompt. */
export async function locationAllowed() {
  try {
    return (await navigator.permissions.query({ name: 'geolocation' })).state === 'granted';
  } catch {
    return false;
  }
}

export function positionErrorText(error) {
  if (error?.code === 1) return 'Bạn chưa cho phép lấy vị trí. Vẫn lưu được khi không có vị trí.';
  if (error?.code === 3) return 'Chưa bắt được vị trí (hết thời gian chờ). Vẫn lưu được khi không có vị trí.';
  return 'Không lấy được vị trí. Vẫn lưu được khi không có vị trí.';
}
