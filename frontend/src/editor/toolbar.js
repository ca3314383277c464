// The formatting toolbar and its shortcuts: Markdown for people who do not know Markdown.

import { EditorSelection } from "@codemirror/state";
import { app, t } from "./config.js";
import { isReadOnly } from "./connection.js";
import { toggleInternal } from "../internal.js";

function wrap(before, after = before, placeholder = "") {
  return (editorView) => {
    if (isReadOnly()) return false;
    editorView.dispatch(
      editorView.state.changeByRange((range) => {
        const selected = editorView.state.sliceDoc(range.from, range.to) || placeholder;
        const insert = `${before}${selected}${after}`;
        return {
          changes: { from: range.from, to: range.to, insert },
          range: EditorSelection.range(range.from + before.length, range.from + before.length + selected.length),
        };
      }),
    );
    editorView.focus();
    return true;
  };
}

function prefixLines(prefix) {
  return (editorView) => {
    if (isReadOnly()) return false;
    const { state } = editorView;
    const changes = [];
    let number = 1;
    for (const range of state.selection.ranges) {
      for (let line = state.doc.lineAt(range.from); ; line = state.doc.line(line.number + 1)) {
        const text = typeof prefix === "function" ? prefix(number++) : prefix;
        if (!line.text.startsWith(text)) changes.push({ from: line.from, insert: text });
        if (line.to >= range.to || line.number === state.doc.lines) break;
      }
    }
    editorView.dispatch({ changes });
    editorView.focus();
    return true;
  };
}

function insertBlock(block) {
  return (editorView) => {
    if (isReadOnly()) return false;
    const { from } = editorView.state.selection.main;
    const line = editorView.state.doc.lineAt(from);
    const lead = line.text.trim() ? "\n\n" : "";
    editorView.dispatch({ changes: { from: line.to, insert: `${lead}${block}\n` } });
    editorView.focus();
    return true;
  };
}

export const ACTIONS = {
  heading: prefixLines("## "),
  bold: wrap("**", "**", t("boldPlaceholder")),
  italic: wrap("*", "*", t("italicPlaceholder")),
  bullets: prefixLines("- "),
  numbers: prefixLines((n) => `${n}. `),
  quote: prefixLines("> "),
  link: wrap("[", "](https://)", t("linkPlaceholder")),
  table: insertBlock(t("tableTemplate")),
  internal: (editorView) => {
    if (isReadOnly()) return false;
    toggleInternal(editorView);
    editorView.focus();
    return true;
  },
};

export function formattingKeymap() {
  return [
    { key: "Mod-b", run: (v) => ACTIONS.bold(v) },
    { key: "Mod-i", run: (v) => ACTIONS.italic(v) },
    { key: "Mod-k", run: (v) => ACTIONS.link(v) },
  ];
}

/** The toolbar's buttons act on `view`. */
export function setupToolbar(view) {
  app.querySelectorAll("[data-action]").forEach((button) => {
    button.addEventListener("click", () => ACTIONS[button.dataset.action](view));
  });
}
