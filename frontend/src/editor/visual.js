// Visual mode: the same Markdown text, shown as a document. Decorations over the one Y.Text style
// headings, emphasis, links, lists, quotes, rules and footnotes and hide their Markdown marks,
// except on the lines the cursor is on, where the member may want to change them; tables are
// widgets edited cell by cell (tables.js), into whose cells table-marks.js paints the editor's marks
// and remote cursors. Nothing here changes the text, so remote cursors, comment highlights,
// authorship colours and the read-only mode work as in Markdown mode.

import { syntaxTree } from "@codemirror/language";
import { Decoration, EditorView, ViewPlugin, WidgetType } from "@codemirror/view";
import { tableMarks } from "./table-marks.js";
import { tableField } from "./tables.js";

const hidden = Decoration.replace({});

class BulletWidget extends WidgetType {
  constructor(level) {
    super();
    this.level = level;
  }

  eq(other) {
    return other.level === this.level;
  }

  toDOM() {
    const bullet = document.createElement("span");
    bullet.className = "cm-v-bullet";
    bullet.textContent = ["•", "◦", "▪"][this.level % 3];
    return bullet;
  }
}

class RuleWidget extends WidgetType {
  eq() {
    return true;
  }

  toDOM() {
    const rule = document.createElement("span");
    rule.className = "cm-v-rule";
    rule.setAttribute("role", "separator");
    return rule;
  }
}

const rule = Decoration.replace({ widget: new RuleWidget() });
const FOOTNOTE_DEFINITION = /^\[\^([^\]\s]{1,40})\]:[ \t]?/;
const FOOTNOTE_REFERENCE = /\[\^([^\]\s]{1,40})\](?!:)/g;

/** The numbers of the lines any selection touches: their marks stay visible. */
function activeLines(state) {
  const lines = new Set();
  for (const range of state.selection.ranges) {
    const last = state.doc.lineAt(range.to).number;
    for (let number = state.doc.lineAt(range.from).number; number <= last; number += 1) lines.add(number);
  }
  return lines;
}

function decorate(view) {
  const { state } = view;
  const active = activeLines(state);
  const isActive = (pos) => active.has(state.doc.lineAt(pos).number);
  const ranges = [];
  const hide = (from, to) => {
    if (from < to && !isActive(from)) ranges.push(hidden.range(from, to));
  };
  const lineClass = (pos, className) => {
    ranges.push(Decoration.line({ class: className }).range(state.doc.lineAt(pos).from));
  };
  const mark = (from, to, className) => {
    if (from < to) ranges.push(Decoration.mark({ class: className }).range(from, to));
  };

  for (const { from, to } of view.visibleRanges) {
    syntaxTree(state).iterate({
      from,
      to,
      enter(node) {
        const name = node.name;
        const heading = /^ATXHeading(\d)$/.exec(name) || /^SetextHeading(\d)$/.exec(name);
        if (heading) {
          lineClass(node.from, `cm-v-h cm-v-h${heading[1]}`);
        } else if (name === "HeaderMark") {
          const line = state.doc.lineAt(node.from);
          // "## " at the start (with its space); closing "##" at the end; setext underlines stay.
          if (node.from === line.from || /^\s*$/.test(state.sliceDoc(line.from, node.from))) {
            const space = state.sliceDoc(node.to, node.to + 1) === " " ? 1 : 0;
            hide(node.from, node.to + space);
          } else if (node.to === line.to) {
            hide(node.from, node.to);
          }
        } else if (name === "StrongEmphasis") {
          mark(node.from, node.to, "cm-v-strong");
        } else if (name === "Emphasis") {
          mark(node.from, node.to, "cm-v-em");
        } else if (name === "Strikethrough") {
          mark(node.from, node.to, "cm-v-strike");
        } else if (name === "InlineCode") {
          mark(node.from, node.to, "cm-v-code");
        } else if (name === "EmphasisMark" || name === "StrikethroughMark" || name === "CodeMark") {
          if (node.node.parent?.name !== "FencedCode") hide(node.from, node.to);
        } else if (name === "Link") {
          const text = state.sliceDoc(node.from, node.to);
          if (text.startsWith("[^")) return false; // a footnote, below
          const marks = node.node.getChildren("LinkMark");
          const closing = marks[1];
          if (marks.length >= 2 && text.startsWith("[")) {
            mark(node.from + 1, closing.from, "cm-v-link");
            hide(node.from, node.from + 1);
            hide(closing.from, node.to);
          }
          return false;
        } else if (name === "ListMark") {
          const marker = state.sliceDoc(node.from, node.to);
          const line = state.doc.lineAt(node.from);
          lineClass(node.from, "cm-v-li");
          if (/^[-*+]$/.test(marker) && !isActive(node.from)) {
            const level = Math.floor((node.from - line.from) / 2);
            ranges.push(Decoration.replace({ widget: new BulletWidget(level) }).range(node.from, node.to));
          } else {
            mark(node.from, node.to, "cm-v-listmark");
          }
        } else if (name === "Blockquote") {
          for (let pos = node.from; pos <= node.to; ) {
            const line = state.doc.lineAt(pos);
            lineClass(line.from, "cm-v-quote");
            pos = line.to + 1;
          }
        } else if (name === "QuoteMark") {
          const space = state.sliceDoc(node.to, node.to + 1) === " " ? 1 : 0;
          hide(node.from, node.to + space);
        } else if (name === "HorizontalRule") {
          if (!isActive(node.from)) ranges.push(rule.range(node.from, node.to));
        } else if (name === "FencedCode" || name === "CodeBlock") {
          for (let pos = node.from; pos <= node.to; ) {
            const line = state.doc.lineAt(pos);
            lineClass(line.from, "cm-v-codeblock");
            pos = line.to + 1;
          }
          return false;
        } else if (name === "Table") {
          return false; // a widget (tables.js)
        }
        return undefined;
      },
    });

    // Footnotes ("[^1]" and "[^1]: …") are not CommonMark: found in the text itself.
    for (let pos = from; pos <= to; ) {
      const line = state.doc.lineAt(pos);
      const definition = FOOTNOTE_DEFINITION.exec(line.text);
      if (definition) {
        lineClass(line.from, "cm-v-footnote");
        mark(line.from, line.from + definition[0].length, "cm-v-fnlabel");
      }
      for (const match of line.text.matchAll(FOOTNOTE_REFERENCE)) {
        const start = line.from + match.index;
        mark(start, start + match[0].length, "cm-v-fnref");
        hide(start, start + 2);
        hide(start + match[0].length - 1, start + match[0].length);
      }
      pos = line.to + 1;
    }
  }
  return Decoration.set(ranges, true);
}

const livePreview = ViewPlugin.fromClass(
  class {
    constructor(view) {
      this.decorations = decorate(view);
    }

    update(update) {
      if (update.docChanged || update.selectionSet || update.viewportChanged || syntaxTree(update.startState) !== syntaxTree(update.state)) {
        this.decorations = decorate(update.view);
      }
    }
  },
  { decorations: (plugin) => plugin.decorations },
);

/** Everything visual mode adds to the editor; Markdown mode is the editor without it. */
export const visualMode = [livePreview, tableField, tableMarks, EditorView.editorAttributes.of({ class: "cm-visual" })];
