// Tables in visual mode: each Markdown table is shown as a table whose cells are edited in place.
// Typing in a cell replaces only that cell's text in the Markdown underneath; Tab and Shift+Tab
// move between cells; a small menu adds or removes a row or a column, rewriting the table with
// the smallest change (table-model.js), so what peers type elsewhere in the text survives.

import { Facet, StateField } from "@codemirror/state";
import { Decoration, EditorView, WidgetType } from "@codemirror/view";
import { t } from "./config.js";
import { cellCaretPosition, cellCursorFacet, unpaint } from "./table-marks.js";
import {
  addColumn,
  addRow,
  cellChange,
  findTables,
  minimalChange,
  parseTable,
  removeColumn,
  removeRow,
  serializeTable,
} from "./table-model.js";

// The Yjs UndoManager, so that Ctrl+Z in a cell undoes one's own edits as in the text.
export const undoManagerFacet = Facet.define({ combine: (values) => values[0] || null });

/** The table's source as it is now: the widget's place may have moved since it was drawn. */
function currentTable(view, dom) {
  const from = view.posAtDOM(dom);
  const table = findTables(view.state.sliceDoc(from))[0];
  if (!table || table.from !== 0) return null;
  return { from, source: view.state.sliceDoc(from, from + table.to) };
}

function applyChange(view, from, change, userEvent = "input.type") {
  view.dispatch({ changes: { from: from + change.from, to: from + change.to, insert: change.insert }, userEvent });
}

function cellsOf(dom) {
  return [...dom.querySelectorAll("[data-cell]")];
}

function moveToCell(dom, row, column) {
  const cell = dom.querySelector(`[data-cell="${row}:${column}"]`);
  if (!cell) return false;
  cell.focus();
  const selection = cell.ownerDocument.getSelection();
  selection.selectAllChildren(cell);
  selection.collapseToEnd();
  return true;
}

class TableWidget extends WidgetType {
  constructor(source, writable) {
    super();
    this.source = source;
    this.writable = writable;
    this.model = parseTable(source);
  }

  eq(other) {
    return other.source === this.source && other.writable === this.writable;
  }

  shape() {
    return `${this.writable}:${this.model.rows.length}x${this.model.align.length}`;
  }

  toDOM(view) {
    const dom = document.createElement("div");
    dom.className = "cm-v-table";
    dom.dataset.shape = this.shape();
    const table = document.createElement("table");
    const head = document.createElement("thead");
    const body = document.createElement("tbody");
    this.model.rows.forEach((cells, row) => {
      const line = document.createElement("tr");
      cells.forEach((text, column) => {
        const cell = document.createElement(row === 0 ? "th" : "td");
        cell.dataset.cell = `${row}:${column}`;
        cell.textContent = text;
        if (this.model.align[column]) cell.style.textAlign = this.model.align[column];
        if (this.writable) {
          cell.contentEditable = "true";
          cell.spellcheck = true;
          cell.setAttribute("aria-label", t("tableCell").replace("%(row)s", row + 1).replace("%(column)s", column + 1));
        }
        line.append(cell);
      });
      (row === 0 ? head : body).append(line);
    });
    table.append(head, body);
    dom.append(table);
    if (this.writable) {
      dom.append(this.menu(view, dom));
      this.listen(view, dom);
    }
    return dom;
  }

  updateDOM(dom) {
    // Same shape: refresh the cells in place, except the one being typed in.
    if (dom.dataset.shape !== this.shape()) return false;
    for (const cell of cellsOf(dom)) {
      const [row, column] = cell.dataset.cell.split(":").map(Number);
      const text = this.model.rows[row][column];
      if (cell !== document.activeElement && cell.textContent !== text) {
        cell.textContent = text;
        unpaint(cell);
      }
    }
    return true;
  }

  menu(view, dom) {
    const menu = document.createElement("div");
    menu.className = "cm-v-table__menu";
    menu.setAttribute("role", "group");
    menu.setAttribute("aria-label", t("tableMenu"));
    const actions = [
      ["tableAddRow", "+", addRow, "row"],
      ["tableRemoveRow", "−", removeRow, "row"],
      ["tableAddColumn", "+", addColumn, "column"],
      ["tableRemoveColumn", "−", removeColumn, "column"],
    ];
    for (const [label, sign, change, axis] of actions) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "cm-v-table__action";
      button.dataset.tableAction = label;
      button.textContent = `${sign} ${t(axis === "row" ? "tableRow" : "tableColumn")}`;
      button.title = t(label);
      button.addEventListener("mousedown", (event) => event.preventDefault()); // keep the cell
      button.addEventListener("click", () => {
        const current = currentTable(view, dom);
        if (!current) return;
        const [row, column] = (dom.dataset.lastCell || "0:0").split(":").map(Number);
        const model = parseTable(current.source);
        const next = change(model, axis === "row" ? row : column);
        applyChange(view, current.from, minimalChange(current.source, serializeTable(next)), "input.table");
        requestAnimationFrame(() => {
          const target = [...view.dom.querySelectorAll(".cm-v-table")].find((node) => view.posAtDOM(node) === current.from);
          if (target) moveToCell(target, Math.min(row + (axis === "row" && sign === "+" ? 1 : 0), next.rows.length - 1), Math.min(column, next.align.length - 1));
        });
      });
      menu.append(button);
    }
    return menu;
  }

  listen(view, dom) {
    dom.addEventListener("focusin", (event) => {
      const cell = event.target.closest?.("[data-cell]");
      if (cell) dom.dataset.lastCell = cell.dataset.cell;
    });
    // The others see this member's cursor in the cell (CodeMirror's selection is outside it).
    const tellCursor = (event) => {
      const cell = event.target.closest?.("[data-cell]");
      const report = view.state.facet(cellCursorFacet);
      if (!cell || !report) return;
      requestAnimationFrame(() => {
        const at = cell.isConnected ? cellCaretPosition(view, cell) : null;
        if (at !== null) report(at);
      });
    };
    for (const name of ["focusin", "keyup", "mouseup"]) dom.addEventListener(name, tellCursor);
    dom.addEventListener("compositionstart", () => (dom.dataset.composing = "true"));
    dom.addEventListener("compositionend", () => delete dom.dataset.composing);
    dom.addEventListener("input", (event) => {
      const cell = event.target.closest?.("[data-cell]");
      const current = cell && currentTable(view, dom);
      if (!current) return;
      const [row, column] = cell.dataset.cell.split(":").map(Number);
      const text = cell.textContent.replace(/\u00a0/g, " ");
      applyChange(view, current.from, cellChange(current.source, row, column, text.trim() ? text : ""));
    });
    dom.addEventListener("paste", (event) => {
      // Into a cell goes plain text only, on one line.
      if (!event.target.closest?.("[data-cell]")) return;
      event.preventDefault();
      const text = (event.clipboardData?.getData("text/plain") || "").replace(/\s*\n\s*/g, " ");
      document.execCommand("insertText", false, text);
    });
    dom.addEventListener("keydown", (event) => {
      const cell = event.target.closest?.("[data-cell]");
      if (!cell) return;
      const [row, column] = cell.dataset.cell.split(":").map(Number);
      const columns = this.model.align.length;
      const mod = event.ctrlKey || event.metaKey;
      if (event.key === "Tab") {
        event.preventDefault();
        const index = row * columns + column + (event.shiftKey ? -1 : 1);
        const rows = cellsOf(dom).length / columns;
        if (index >= 0 && index < rows * columns) moveToCell(dom, Math.floor(index / columns), index % columns);
        else if (!event.shiftKey) {
          // Past the last cell: back into the text after the table.
          const current = currentTable(view, dom);
          if (current) {
            view.focus();
            view.dispatch({ selection: { anchor: Math.min(view.state.doc.length, current.from + current.source.length + 1) } });
          }
        }
      } else if (event.key === "Enter") {
        event.preventDefault();
        moveToCell(dom, row + 1, column);
      } else if (event.key === "Escape") {
        event.preventDefault();
        view.focus();
      } else if (mod && !event.shiftKey && !event.altKey && event.key.toLowerCase() === "a") {
        // The cell's text, not the whole editor (typing over that would replace the document).
        event.preventDefault();
        document.getSelection().selectAllChildren(cell);
      } else if (mod && ["b", "i", "u"].includes(event.key.toLowerCase())) {
        // The browser's own bold would not reach the Markdown: the cell gets the Markdown marks.
        event.preventDefault();
        const marks = { b: "**", i: "*" }[event.key.toLowerCase()];
        const selected = document.getSelection()?.toString() || "";
        if (marks && selected) document.execCommand("insertText", false, `${marks}${selected}${marks}`);
      } else if (mod && event.key.toLowerCase() === "z") {
        event.preventDefault();
        view.focus();
        const undoManager = view.state.facet(undoManagerFacet);
        if (undoManager) (event.shiftKey ? undoManager.redo() : undoManager.undo());
      }
    });
  }

  ignoreEvent() {
    return true;
  }
}

function tableDecorations(state) {
  const editable = !state.readOnly;
  const text = state.doc.toString();
  const ranges = findTables(text).map(({ from, to }) =>
    Decoration.replace({ widget: new TableWidget(text.slice(from, to), editable), block: true }).range(from, to),
  );
  return Decoration.set(ranges);
}

export const tableField = StateField.define({
  create: tableDecorations,
  update(decorations, transaction) {
    if (transaction.docChanged || transaction.startState.readOnly !== transaction.state.readOnly) {
      return tableDecorations(transaction.state);
    }
    return decorations;
  },
  provide: (field) => EditorView.decorations.from(field),
});
