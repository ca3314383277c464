// Paste conversion (frontend/src/editor/html-to-markdown.js): clipboard HTML as Word, LibreOffice,
// Google Docs and a web page put it there (tests/fixtures/paste/*.html) -> the expected Markdown.
// Run by `node --test frontend/tests/` (tests/frontend/test_node_units.py).

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import domino from "@mixmark-io/domino";
import { htmlToMarkdown, isRichHtml } from "../src/editor/html-to-markdown.js";

const fixtures = new URL("./fixtures/paste/", import.meta.url);
const parse = (html) => domino.createDocument(html);

for (const name of readdirSync(fixtures).filter((file) => file.endsWith(".html"))) {
  test(`paste from ${name.replace(".html", "")} gives the expected Markdown`, () => {
    const html = readFileSync(new URL(name, fixtures), "utf8");
    const expected = readFileSync(new URL(name.replace(".html", ".md"), fixtures), "utf8").trim();
    const doc = parse(html);
    assert.ok(isRichHtml(doc));
    assert.equal(htmlToMarkdown(doc), expected);
  });
}

test("styles, comments, tracked deletions and images leave nothing behind", () => {
  const markdown = htmlToMarkdown(parse(readFileSync(new URL("word.html", fixtures), "utf8")));
  for (const trace of ["mso-", "ИС1", "Проверить формулировку", "старый текст", "<", "Toc", "o:p"]) {
    assert.ok(!markdown.includes(trace), `${trace} in ${markdown}`);
  }
});

test("HTML with nothing but text is not rich: the plain text is pasted as it is", () => {
  assert.equal(isRichHtml(parse("<meta charset='utf-8'><div><span>просто текст</span></div>")), false);
  assert.equal(isRichHtml(parse("<p>абзац <b>жирный</b></p>")), true);
});

test("unsafe links keep their text only", () => {
  assert.equal(htmlToMarkdown(parse('<p><a href="javascript:alert(1)">нажми</a> <a href="data:text/html,x">и это</a></p>')), "нажми и это");
});
