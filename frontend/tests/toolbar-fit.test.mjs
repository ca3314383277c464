// node --test frontend/tests/: the editor toolbar's one-row layout.
import assert from "node:assert/strict";
import { test } from "node:test";

import { fittingCount } from "../src/editor/toolbar-fit.js";

test("every button stays when the row is wide enough", () => {
  assert.equal(fittingCount([50, 50, 50], 160, { gap: 5, moreWidth: 40 }), 3);
  assert.equal(fittingCount([], 10), 0);
});

test("the More button takes the place of the buttons that do not fit", () => {
  // 50+5+50 = 105, +5+40 = 150 <= 150: two buttons and More.
  assert.equal(fittingCount([50, 50, 50, 50], 150, { gap: 5, moreWidth: 40 }), 2);
  assert.equal(fittingCount([50, 50, 50, 50], 149, { gap: 5, moreWidth: 40 }), 1);
});

test("a row too narrow for anything keeps only More", () => {
  assert.equal(fittingCount([80, 80], 60, { gap: 5, moreWidth: 40 }), 0);
});
