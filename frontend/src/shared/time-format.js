// Times in the browser follow the user's time zone (their account's, passed by the page in a
// `data-time-zone` attribute), not the computer's clock, so the editor shows the same clock time
// as the server's pages. Pure: no DOM access beyond what callers pass in.

const FALLBACK_ZONE = "Europe/Moscow";

/** True if this browser's Intl knows the IANA zone name. */
export function isKnownTimeZone(zone) {
  if (typeof zone !== "string" || zone === "") return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone the browser runs in, or "" if it cannot say. */
export function browserTimeZone() {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return isKnownTimeZone(zone) ? zone : "";
  } catch {
    return "";
  }
}

/** The zone to format in: the page's if this browser knows it, else Moscow (the site's). */
export function pageTimeZone(element) {
  const zone = element?.dataset?.timeZone;
  return isKnownTimeZone(zone) ? zone : FALLBACK_ZONE;
}

/**
 * A formatter of instants in `timeZone`: format(iso or Date) → "5 янв., 18:00", "" for a date
 * that cannot be read. `options` are Intl.DateTimeFormat's (the day, short month and time by
 * default).
 */
export function timeFormatter({ locale = "ru", timeZone = FALLBACK_ZONE, options } = {}) {
  const format = new Intl.DateTimeFormat(locale, {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    ...options,
    timeZone: isKnownTimeZone(timeZone) ? timeZone : FALLBACK_ZONE,
  });
  return (value) => {
    const date = value instanceof Date ? value : new Date(value);
    return Number.isNaN(date.getTime()) ? "" : format.format(date);
  };
}
