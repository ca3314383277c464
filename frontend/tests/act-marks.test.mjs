// The act sections and problems the editor decorates (frontend/src/editor/act-marks-model.js).

import assert from "node:assert/strict";
import { test } from "node:test";
import { markRanges } from "../src/editor/act-marks-model.js";

const TEXT = [
  "# Законопроект 😀",
  "",
  "## Редакция {акт 3}",
  "",
  "Статья 7. Содействие",
  "1. В соответствии с частью 9 статьи 4 органы содействуют.",
  "## Финансово-экономическое обоснование",
  "Не требуется.",
].join("\n");
const AT = TEXT.indexOf("частью 9 статьи 4");
const SECTION = { from: TEXT.indexOf("## Редакция"), to: TEXT.indexOf("## Финансово"), label: "Редакция акта" };

test("a section covers its heading and wording, not the next heading", () => {
  const { sections } = markRanges(TEXT, { sections: [SECTION], problems: [] });
  assert.deepEqual(sections, [{ first: 2, last: 5, label: "Редакция акта" }]);
});

test("a section to the end of the text ends on the last line", () => {
  const { sections } = markRanges(TEXT, { sections: [{ ...SECTION, to: TEXT.length }] });
  assert.equal(sections[0].last, 7);
});

test("a problem is kept at its offsets when they still hold its words", () => {
  const problem = { from: AT, to: AT + 17, kind: "broken_reference", text: "частью 9 статьи 4", title: "Неверная ссылка" };
  const { problems } = markRanges(TEXT, { problems: [problem] });
  assert.deepEqual(problems, [{ from: AT, to: AT + 17, kind: "broken_reference", title: "Неверная ссылка" }]);
  assert.equal(TEXT.slice(problems[0].from, problems[0].to), "частью 9 статьи 4");
});

test("offsets count UTF-16 units, as the server sends them (an emoji is two)", () => {
  assert.equal("😀".length, 2);
  const problem = { from: AT, to: AT + 17, kind: "broken_reference", text: "частью 9 статьи 4" };
  assert.equal(markRanges(TEXT, { problems: [problem] }).problems[0].from, AT);
});

test("a passage that moved is found nearby; one that is gone is dropped", () => {
  const moved = { from: AT - 5, to: AT + 12, kind: "broken_reference", text: "частью 9 статьи 4" };
  assert.equal(markRanges(TEXT, { problems: [moved] }).problems[0].from, AT);
  const gone = { from: AT, to: AT + 5, kind: "broken_reference", text: "статьей 99" };
  assert.deepEqual(markRanges(TEXT, { problems: [gone] }).problems, []);
});

test("hostile or broken answers give no marks, never an exception", () => {
  const bad = [
    { from: -1, to: 3, kind: "renumbered" },
    { from: 5, to: 5, kind: "renumbered" },
    { from: "1", to: 9, kind: "renumbered" },
    { from: 0, to: TEXT.length + 10, kind: "renumbered" },
  ];
  assert.deepEqual(markRanges(TEXT, { problems: bad, sections: [{ from: 9999, to: 10000 }] }), {
    sections: [],
    problems: [],
  });
  assert.deepEqual(markRanges(TEXT, null), { sections: [], problems: [] });
});

test("problems come sorted, as CodeMirror's range sets need", () => {
  const line = TEXT.indexOf("Статья 7");
  const problems = [
    { from: AT, to: AT + 17, kind: "broken_reference", text: "частью 9 статьи 4" },
    { from: line, to: line + 8, kind: "renumbered" },
  ];
  assert.deepEqual(markRanges(TEXT, { problems }).problems.map((p) => p.from), [line, AT]);
});
