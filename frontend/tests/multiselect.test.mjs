// The searchable list of choices' pure part (frontend/src/forms/filter.js).
// Run by `node --test frontend/tests/` (tests/frontend/test_node_units.py).

import assert from "node:assert/strict";
import { test } from "node:test";
import { filterItems, formatCount, matches, normalize } from "../src/forms/filter.js";

test("normalize folds case, «ё» and quotes", () => {
  assert.equal(normalize("  «Ёлки»  Комитет "), "елки комитет");
});

test("every word of the query starts a word of the text, in any order", () => {
  const text = "Смирнов А.В., Председатель Комитета по образованию";
  assert.ok(matches("ком образ", text));
  assert.ok(matches("образ КОМ", text));
  assert.ok(matches("смирнов", text));
  assert.ok(!matches("митет", text), "matches word starts, not the middle of words");
  assert.ok(!matches("ком финанс", text), "all words must match");
  assert.ok(matches("", text));
  assert.ok(matches("   ", text));
});

test("ё and е find each other", () => {
  assert.ok(matches("федоров", "Фёдоров П.П."));
  assert.ok(matches("фёдоров", "Федоров П.П."));
});

test("filterItems says which are shown and counts the chosen among all", () => {
  const items = [
    { text: "Комитет по образованию", chosen: true },
    { text: "Министерство просвещения", chosen: false },
    { text: "Комитет по бюджету", chosen: true },
  ];
  const { shown, counts } = filterItems("комитет", items);
  assert.deepEqual(shown, [true, false, true]);
  assert.deepEqual(counts, { shown: 2, total: 3, chosen: 2 });
  assert.equal(filterItems("", items).counts.shown, 3);
});

test("formatCount fills the translated template and leaves unknown keys", () => {
  const line = formatCount("%(shown)s из %(total)s · выбрано %(chosen)s %(other)s", {
    shown: 2,
    total: 9,
    chosen: 1,
  });
  assert.equal(line, "2 из 9 · выбрано 1 %(other)s");
});
