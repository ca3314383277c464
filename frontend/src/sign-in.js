// Sign-in and sign-up forms: the browser's time zone goes with them in a hidden field, adopted
// once by the server for a user who has not chosen one (accord/timezones.py).
import { browserTimeZone } from "./shared/time-format.js";

const zone = browserTimeZone();
if (zone) {
  document.querySelectorAll("input[data-browser-time-zone]").forEach((input) => {
    input.value = zone;
  });
}
