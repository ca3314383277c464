// Marks inside the table widgets of visual mode. A table is one widget over its Markdown, so the
// editor's own marks (comment highlights, authorship colours, remote selections) and remote
// cursors, drawn on the hidden source, would not show. After each update this paints them into
// the cells again: every mark decoration of the editor that overlaps a cell's text becomes a span
// with the same class and attributes, a remote cursor a caret with its member's name. The text of
// a cell stays its own (the carets add no characters), so typing in a cell reads as before.

import { Facet } from "@codemirror/state";
import { EditorView, ViewPlugin } from "@codemirror/view";
import { cellOffsets, findTables, parseTable } from "./table-model.js";

// Tells the others where this member's cursor is while they type in a cell (set in editor.js:
// the awareness cursor). CodeMirror's own selection stays outside the widget.
export const cellCursorFacet = Facet.define({ combine: (values) => values[0] || null });

const painted = new WeakMap(); // cell -> what it shows, to redraw only what changed
const HEX_COLOUR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/;

/** A cell whose text was written again as plain text: paint it again. */
export function unpaint(cell) {
  painted.delete(cell);
}

/** Mark decorations and remote carets of the whole editor between `from` and `to`. */
function decorationsBetween(view, from, to) {
  const marks = [];
  const carets = [];
  for (const source of view.state.facet(EditorView.decorations)) {
    const set = typeof source === "function" ? source(view) : source;
    if (!set || typeof set.between !== "function") continue;
    set.between(from, to, (start, end, decoration) => {
      const { spec } = decoration;
      if (decoration.point) {
        const widget = spec.widget;
        // y-codemirror's caret widget carries its member's colour and name.
        if (widget && typeof widget.name === "string" && typeof widget.color === "string" && start >= from && start <= to) {
          carets.push({ at: start, name: widget.name, color: HEX_COLOUR.test(widget.color) ? widget.color : "#1f4e8c" });
        }
        return;
      }
      if ((spec.class || spec.attributes) && end > from && start < to) {
        marks.push({ from: Math.max(start, from), to: Math.min(end, to), className: spec.class || "", attributes: spec.attributes || {} });
      }
    });
  }
  return { marks, carets };
}

function caretElement({ name, color }) {
  const caret = document.createElement("span");
  caret.className = "cm-v-cell-caret";
  caret.contentEditable = "false";
  caret.style.borderColor = color;
  caret.style.setProperty("--caret-colour", color);
  caret.dataset.name = name; // shown by CSS (::after), so that it is not part of the cell's text
  caret.setAttribute("aria-label", name);
  return caret;
}

function markElement(mark) {
  const span = document.createElement("span");
  for (const [name, value] of Object.entries(mark.attributes)) {
    if (/^(style|title|data-[a-z-]+)$/.test(name)) span.setAttribute(name, value);
  }
  const className = [mark.className, mark.attributes.class].filter(Boolean).join(" ");
  if (className) span.className = className;
  return span;
}

/** The cell's content: its text split where marks begin or end, carets between. */
function cellContent(text, marks, carets) {
  const cuts = new Set([0, text.length]);
  for (const mark of marks) cuts.add(mark.from).add(mark.to);
  for (const caret of carets) cuts.add(caret.at);
  const points = [...cuts].filter((at) => at >= 0 && at <= text.length).sort((a, b) => a - b);
  const nodes = [];
  points.forEach((at, index) => {
    for (const caret of carets) if (caret.at === at) nodes.push(caretElement(caret));
    const next = points[index + 1];
    if (next === undefined || next === at) return;
    let node = document.createTextNode(text.slice(at, next));
    for (const mark of marks) {
      if (mark.from <= at && mark.to >= next) {
        const span = markElement(mark);
        span.append(node);
        node = span;
      }
    }
    nodes.push(node);
  });
  return nodes;
}

/** The caret's place in a focused cell, as an offset in its text. */
function caretOffset(cell) {
  const selection = cell.ownerDocument.getSelection();
  if (!selection || selection.rangeCount === 0 || !cell.contains(selection.focusNode)) return null;
  const range = cell.ownerDocument.createRange();
  range.selectNodeContents(cell);
  range.setEnd(selection.focusNode, selection.focusOffset);
  return range.toString().length;
}

function placeCaret(cell, offset) {
  const walker = cell.ownerDocument.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  let left = offset;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (left <= node.length) {
      cell.ownerDocument.getSelection().collapse(node, left);
      return;
    }
    left -= node.length;
  }
  cell.ownerDocument.getSelection().selectAllChildren(cell);
  cell.ownerDocument.getSelection().collapseToEnd();
}

/** The text offset `at` (a position of the document) falls on, in a cell's offsets. */
function textIndex(offsets, at) {
  let index = 0;
  while (index < offsets.length - 1 && offsets[index] < at) index += 1;
  return index;
}

function paintTable(view, dom) {
  let from;
  try {
    from = view.posAtDOM(dom);
  } catch {
    return; // no longer in the document
  }
  const table = findTables(view.state.sliceDoc(from, Math.min(view.state.doc.length, from + 200_000)))[0];
  if (!table || table.from !== 0) return;
  const source = view.state.sliceDoc(from, from + table.to);
  const model = parseTable(source);
  for (const cell of dom.querySelectorAll("[data-cell]")) {
    const [row, column] = cell.dataset.cell.split(":").map(Number);
    const place = model.cells[row]?.[column];
    const text = model.rows[row]?.[column] ?? "";
    if (!place) continue;
    const offsets = cellOffsets(source, place.from, place.to);
    const focused = cell === cell.ownerDocument.activeElement;
    if (focused && (cell.textContent !== text || dom.dataset.composing === "true")) continue; // mid-typing
    const found = decorationsBetween(view, from + offsets[0], from + offsets.at(-1));
    const marks = found.marks
      .map((mark) => ({ ...mark, from: textIndex(offsets, mark.from - from), to: textIndex(offsets, mark.to - from) }))
      .filter((mark) => mark.from < mark.to);
    const carets = found.carets.map((caret) => ({ ...caret, at: textIndex(offsets, caret.at - from) }));
    const signature = JSON.stringify([text, marks, carets]);
    if (painted.get(cell) === signature && cell.textContent === text) continue;
    const offset = focused ? caretOffset(cell) : null;
    cell.replaceChildren(...cellContent(text, marks, carets));
    painted.set(cell, signature);
    if (focused && offset !== null) placeCaret(cell, offset);
  }
}

/** Where in the document the caret of a focused cell is: for the others' view of this cursor. */
export function cellCaretPosition(view, cell) {
  const dom = cell.closest(".cm-v-table");
  const offset = caretOffset(cell);
  if (!dom || offset === null) return null;
  const from = view.posAtDOM(dom);
  const table = findTables(view.state.sliceDoc(from))[0];
  if (!table || table.from !== 0) return null;
  const source = view.state.sliceDoc(from, from + table.to);
  const [row, column] = cell.dataset.cell.split(":").map(Number);
  const place = parseTable(source).cells[row]?.[column];
  if (!place) return null;
  const offsets = cellOffsets(source, place.from, place.to);
  return from + offsets[Math.min(offset, offsets.length - 1)];
}

export const tableMarks = ViewPlugin.fromClass(
  class {
    constructor(view) {
      this.schedule(view);
    }

    update(update) {
      this.schedule(update.view);
    }

    schedule(view) {
      // After CodeMirror has drawn the widgets of this update.
      view.requestMeasure({
        key: this,
        read: () => null,
        write: () => view.dom.querySelectorAll(".cm-v-table").forEach((dom) => paintTable(view, dom)),
      });
    }
  },
);
