// The Markdown table model of the visual editor (frontend/src/editor/table-model.js).

import assert from "node:assert/strict";
import { test } from "node:test";
import {
  addColumn,
  addRow,
  cellChange,
  cellOffsets,
  findTables,
  minimalChange,
  parseTable,
  removeColumn,
  removeRow,
  serializeTable,
  splitRow,
} from "../src/editor/table-model.js";

const TABLE = "| Срок | Мера |\n| :--- | ---: |\n| 2027 | Отчёт \\| сводный |\n| 2028 |";

const apply = (text, { from, to, insert }) => text.slice(0, from) + insert + text.slice(to);

test("rows split on unescaped pipes, with or without the outer pipes", () => {
  assert.deepEqual(splitRow("| a | b \\| c |").map((cell) => cell.text), ["a", "b | c"]);
  assert.deepEqual(splitRow("a | b").map((cell) => cell.text), ["a", "b"]);
  assert.deepEqual(splitRow("|  | x |").map((cell) => cell.text), ["", "x"]);
});

test("tables are found outside code fences, up to the first blank line", () => {
  const text = `# Заголовок\n\n${TABLE}\n\nТекст | с чертой\n\n\`\`\`\n| a | b |\n| - | - |\n\`\`\`\n`;
  const tables = findTables(text);
  assert.equal(tables.length, 1);
  assert.equal(text.slice(tables[0].from, tables[0].to), TABLE);
});

test("a table reads as alignment, rows and cells, and writes back", () => {
  const model = parseTable(TABLE);
  assert.deepEqual(model.align, ["left", "right"]);
  assert.deepEqual(model.rows, [["Срок", "Мера"], ["2027", "Отчёт | сводный"], ["2028", ""]]);
  assert.equal(
    serializeTable(model),
    "| Срок | Мера |\n| :--- | ---: |\n| 2027 | Отчёт \\| сводный |\n| 2028 |  |",
  );
  assert.deepEqual(parseTable(serializeTable(model)).rows, model.rows);
});

test("editing a cell changes only that cell's text", () => {
  const change = cellChange(TABLE, 1, 0, "2030 | позже");
  assert.ok(change.from > TABLE.indexOf("2027") - 2 && change.to <= TABLE.indexOf("2027") + 5);
  assert.equal(parseTable(apply(TABLE, change)).rows[1][0], "2030 | позже");
  // Typing one letter changes one letter of the source.
  const typed = cellChange(TABLE, 1, 1, "Отчёт | сводный!");
  assert.deepEqual(typed, { from: TABLE.indexOf("сводный") + "сводный".length, to: TABLE.indexOf("сводный") + "сводный".length, insert: "!" });
  // A short row is written out in full.
  const short = apply(TABLE, cellChange(TABLE, 2, 1, "план"));
  assert.deepEqual(parseTable(short).rows[2], ["2028", "план"]);
});

test("rows and columns are added and removed; the header and the last column stay", () => {
  const model = parseTable(TABLE);
  assert.equal(addRow(model, 0).rows.length, 4);
  assert.deepEqual(addRow(model, 0).rows[1], ["", ""]);
  assert.equal(removeRow(model, 0).rows.length, 3);
  assert.deepEqual(removeRow(model, 1).rows.map((row) => row[0]), ["Срок", "2028"]);
  assert.deepEqual(addColumn(model, 0).rows[0], ["Срок", "", "Мера"]);
  assert.deepEqual(addColumn(model, 0).align, ["left", null, "right"]);
  assert.deepEqual(removeColumn(model, 0).rows[0], ["Мера"]);
  assert.deepEqual(removeColumn(removeColumn(model, 0), 0).rows[0], ["Мера"]);
});

test("the smallest change between two texts", () => {
  assert.deepEqual(minimalChange("| a | b |", "| a | bc |"), { from: 7, to: 7, insert: "c" });
  assert.deepEqual(minimalChange("abc", "abc"), { from: 3, to: 3, insert: "" });
  const before = "x".repeat(10);
  assert.equal(apply(before, minimalChange(before, "xxyxx")), "xxyxx");
});

test("each character of a cell's text has its place in the source", () => {
  const table = parseTable(TABLE);
  const cell = table.cells[1][1]; // " Отчёт \\| сводный "
  const offsets = cellOffsets(TABLE, cell.from, cell.to);
  const text = table.rows[1][1];
  assert.equal(offsets.length, text.length + 1);
  assert.equal(TABLE[offsets[0]], "О");
  assert.equal(TABLE.slice(offsets[text.indexOf("|")], offsets[text.indexOf("|")] + 2), "\\|");
  assert.equal(TABLE[offsets[text.indexOf("с")]], "с");
  assert.equal(offsets.at(-1), TABLE.indexOf("сводный") + "сводный".length);
  const empty = parseTable("| a |  |\n| - | - |").cells[0][1];
  assert.deepEqual(cellOffsets("| a |  |\n| - | - |", empty.from, empty.to), [empty.to]);
});
