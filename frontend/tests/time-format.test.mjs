// Times in the user's zone (frontend/src/shared/time-format.js): the editor shows an event at the
// clock time of the account's zone, not the computer's.

import assert from "node:assert/strict";
import { test } from "node:test";
import {
  isKnownTimeZone,
  pageTimeZone,
  timeFormatter,
} from "../src/shared/time-format.js";

const EVENT = "2027-01-05T15:00:00Z"; // 18:00 in Moscow, 01:00 next day in Vladivostok

test("the same instant reads at each zone's clock time", () => {
  const moscow = timeFormatter({ locale: "ru", timeZone: "Europe/Moscow" });
  const vladivostok = timeFormatter({ locale: "ru", timeZone: "Asia/Vladivostok" });
  assert.equal(moscow(EVENT), "5 янв., 18:00");
  assert.equal(vladivostok(EVENT), "6 янв., 01:00");
  assert.equal(vladivostok(new Date(EVENT)), "6 янв., 01:00");
});

test("English pages format in English, still in the account's zone", () => {
  const format = timeFormatter({ locale: "en", timeZone: "Asia/Vladivostok" });
  assert.match(format(EVENT), /Jan 6.*01:00|6 Jan.*01:00/);
});

test("an unreadable date gives an empty string", () => {
  const format = timeFormatter({ timeZone: "Europe/Moscow" });
  assert.equal(format("not a date"), "");
  assert.equal(format(undefined), "");
});

test("an unknown zone falls back to Moscow, the site's", () => {
  assert.equal(isKnownTimeZone("Asia/Vladivostok"), true);
  assert.equal(isKnownTimeZone("Mars/Olympus"), false);
  assert.equal(isKnownTimeZone(""), false);
  assert.equal(timeFormatter({ timeZone: "Mars/Olympus" })(EVENT), "5 янв., 18:00");
});

test("the page's zone comes from its data-time-zone attribute", () => {
  assert.equal(pageTimeZone({ dataset: { timeZone: "Asia/Vladivostok" } }), "Asia/Vladivostok");
  assert.equal(pageTimeZone({ dataset: { timeZone: "" } }), "Europe/Moscow");
  assert.equal(pageTimeZone({ dataset: { timeZone: "<script>" } }), "Europe/Moscow");
  assert.equal(pageTimeZone(null), "Europe/Moscow");
});

test("options override the default fields", () => {
  const format = timeFormatter({
    timeZone: "Asia/Vladivostok",
    options: { day: undefined, month: undefined },
  });
  assert.equal(format(EVENT), "01:00");
});
