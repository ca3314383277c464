// One presence chip per person (frontend/src/editor/presence-model.js): tabs of one account are
// grouped, with their number; this tab's own state has no id, the caller supplies it.

import assert from "node:assert/strict";
import { test } from "node:test";
import { groupPresence, pluralText } from "../src/editor/presence-model.js";

const anna = (clientId, extra = {}) => [
  clientId,
  { user: { id: 7, name: "Анна Петрова", color: "#aa3300", ...extra } },
];
const ivan = (clientId) => [clientId, { user: { id: 9, name: "Иван Орлов", color: "#0055aa" } }];

test("two tabs of one person make one entry counting 2", () => {
  const people = groupPresence(new Map([anna(1), ivan(2), anna(3)]), {
    localClientId: 2,
    localUser: { id: 9, name: "Иван Орлов" },
  });
  assert.deepEqual(
    people.map(({ name, tabs, self }) => [name, tabs, self]),
    [
      ["Иван Орлов", 1, true],
      ["Анна Петрова", 2, false],
    ],
  );
});

test("this tab (no id in its own state) joins the account's other tabs", () => {
  const states = new Map([
    [10, { user: { name: "Анна Петрова", color: "#aa3300" } }], // this tab, as set locally
    anna(11), // another of Anna's tabs, stamped by the server
    ivan(12),
  ]);
  const people = groupPresence(states, {
    localClientId: 10,
    localUser: { id: 7, name: "Анна Петрова" },
  });
  assert.equal(people.length, 2);
  assert.deepEqual(people[0], {
    key: "id:7",
    id: 7,
    name: "Анна Петрова",
    color: "#aa3300",
    tabs: 2,
    self: true,
  });
});

test("two people with the same name stay two", () => {
  const people = groupPresence(
    new Map([
      [1, { user: { id: 1, name: "Анна", color: "#111111" } }],
      [2, { user: { id: 2, name: "Анна", color: "#222222" } }],
    ]),
  );
  assert.equal(people.length, 2);
});

test("states without a user or a name are skipped; a bad colour is replaced", () => {
  const people = groupPresence(
    new Map([
      [1, null],
      [2, {}],
      [3, { user: "x" }],
      [4, { user: { id: 3, name: "  " } }],
      [5, { user: { id: 4, name: "Ольга", color: "red;background:url(x)" } }],
    ]),
  );
  assert.deepEqual(
    people.map(({ name, color }) => [name, color]),
    [["Ольга", "#1f4e8c"]],
  );
});

test("without ids (an older server) the name groups the tabs", () => {
  const people = groupPresence(
    new Map([
      [1, { user: { name: "Анна" } }],
      [2, { user: { name: "Анна" } }],
    ]),
  );
  assert.deepEqual(
    people.map(({ key, tabs }) => [key, tabs]),
    [["name:Анна", 2]],
  );
});

test("the number of tabs in words, by the language's plural rules", () => {
  const ru = {
    one: "%(count)s вкладка",
    few: "%(count)s вкладки",
    many: "%(count)s вкладок",
    other: "%(count)s вкладки",
  };
  assert.equal(pluralText(ru, 2, "ru"), "2 вкладки");
  assert.equal(pluralText(ru, 5, "ru"), "5 вкладок");
  assert.equal(pluralText(ru, 21, "ru"), "21 вкладка");
  const en = { one: "%(count)s tab", other: "%(count)s tabs" };
  assert.equal(pluralText(en, 3, "en"), "3 tabs");
  assert.equal(pluralText(undefined, 3, "ru"), "3");
});
