// The formatting commands of the toolbar and the shortcuts (frontend/src/editor/markdown-commands.js).

import assert from "node:assert/strict";
import { test } from "node:test";
import { EditorSelection, EditorState } from "@codemirror/state";
import { indentListItem, setHeading, toggleList, toggleWrap } from "../src/editor/markdown-commands.js";

/** The text after the command, with the selection as [ and ]. */
function run(text, command) {
  const anchor = text.indexOf("[");
  const head = text.indexOf("]") - 1;
  const doc = text.replace("[", "").replace("]", "");
  const state = EditorState.create({ doc, selection: EditorSelection.single(anchor, head) });
  const spec = command(state);
  if (!spec) return null;
  const next = state.update(spec).state;
  const { from, to } = next.selection.main;
  const out = next.doc.toString();
  return `${out.slice(0, from)}[${out.slice(from, to)}]${out.slice(to)}`;
}

test("bold wraps the selection and unwraps it again", () => {
  assert.equal(run("a [слово] b", (s) => toggleWrap(s, "**")), "a **[слово]** b");
  assert.equal(run("a **[слово]** b", (s) => toggleWrap(s, "**")), "a [слово] b");
  assert.equal(run("a [**слово**] b", (s) => toggleWrap(s, "**")), "a [слово] b");
  assert.equal(run("a []b", (s) => toggleWrap(s, "**", "**", "жирный")), "a **[жирный]**b");
  // Pressed again at the end of what was typed in bold: out of the marks, nothing inserted.
  assert.equal(run("a **слово[]**", (s) => toggleWrap(s, "**")), "a **слово**[]");
  assert.equal(run("a **[]**", (s) => toggleWrap(s, "**")), "a ****[]");
  assert.equal(run("a *слово[]*", (s) => toggleWrap(s, "*")), "a *слово*[]");
  // Before someone else's bold, outside any: a new pair, as before.
  assert.equal(run("a []**b**", (s) => toggleWrap(s, "**")), "a **[]****b**");
});

test("italic does not take bold's stars for its own", () => {
  assert.equal(run("**[слово]**", (s) => toggleWrap(s, "*")), "***[слово]***");
  assert.equal(run("*[слово]*", (s) => toggleWrap(s, "*")), "[слово]");
  assert.equal(run("***[слово]***", (s) => toggleWrap(s, "*")), "**[слово]**");
});

test("Ctrl+Alt+1..3 set the heading level; the same level again removes it", () => {
  assert.equal(run("Загол[]овок", (s) => setHeading(s, 2)), "## Загол[]овок");
  assert.equal(run("# Загол[]овок", (s) => setHeading(s, 3)), "### Загол[]овок");
  assert.equal(run("## Загол[]овок", (s) => setHeading(s, 2)), "Загол[]овок");
});

test("lists toggle on the selected lines and switch kind", () => {
  assert.equal(run("[один\nдва]", (s) => toggleList(s, "bullet")), "- [один\n- два]");
  assert.equal(run("[- один\n- два]", (s) => toggleList(s, "ordered")), "[1. один\n2. два]");
  assert.equal(run("[1. один\n2. два]", (s) => toggleList(s, "ordered")), "[один\nдва]");
  assert.equal(run("  - вло[]женный", (s) => toggleList(s, "bullet")), "  вло[]женный");
});

test("Tab nests a list item under the one above; Shift+Tab brings it out", () => {
  assert.equal(run("- один\n- д[]ва", (s) => indentListItem(s, 1)), "- один\n  - д[]ва");
  assert.equal(run("1. один\n2. д[]ва", (s) => indentListItem(s, 1)), "1. один\n   2. д[]ва");
  assert.equal(run("- один\n  - д[]ва", (s) => indentListItem(s, -1)), "- один\n- д[]ва");
  assert.equal(run("- один\n  - два\n    - т[]ри", (s) => indentListItem(s, -1)), "- один\n  - два\n  - т[]ри");
  assert.equal(run("просто т[]екст", (s) => indentListItem(s, 1)), null);
});
