// Internal material in the editor (CodeMirror 6): internal parts get a distinct background and
// the label «Внутреннее — не попадёт в документы» on their first line; the toolbar's
// "Internal" button marks the current section, or wraps the selected lines in a passage block.
// The reading of the text is internal-scan.js, the same as the server's proposals/internal.py.

import { Decoration, ViewPlugin } from "@codemirror/view";
import { EditorSelection } from "@codemirror/state";
import { headingKeeper, internalParts, withoutMarkers } from "./internal-scan.js";

const SECTION_MARKER = "{внутреннее}";
const PASSAGE_OPEN = "::: внутреннее";
const PASSAGE_CLOSE = ":::";
// An act section (`## … {акт N}`) is left out of the documents too, but it is the act's
// proposed wording, not internal material: ./editor/act-marks.js marks it.
const ACT_SECTION = /\{\s*(?:акт|act)\s+\d+\s*\}$/iu;

function decorations(view, keepHeading, label) {
  const { doc } = view.state;
  const marks = [];
  for (const part of internalParts(doc.toString(), keepHeading)) {
    if (part.kind === "unrecognized" && ACT_SECTION.test(part.title)) continue;
    for (let number = part.first; number <= part.last; number += 1) {
      const line = doc.line(number + 1);
      const classes = ["cm-internal"];
      if (number === part.first) classes.push("cm-internal--first");
      if (number === part.last) classes.push("cm-internal--last");
      const attributes = { class: classes.join(" ") };
      if (number === part.first) attributes["data-internal-label"] = label;
      marks.push(Decoration.line({ attributes }).range(line.from));
    }
  }
  return Decoration.set(marks);
}

// `packageSections`: for a legislative proposal the beginnings of its documents' headings
// (submissions.legislative.SECTION_KEYS), so that other "##" sections show as internal too.
export function internalHighlight({ label, packageSections = null }) {
  const keepHeading = headingKeeper(packageSections);
  return ViewPlugin.fromClass(
    class {
      constructor(view) {
        this.decorations = decorations(view, keepHeading, label);
      }

      update(update) {
        if (update.docChanged) this.decorations = decorations(update.view, keepHeading, label);
      }
    },
    { decorations: (plugin) => plugin.decorations },
  );
}

// The heading line of the section the cursor is in, or null.
function sectionHeading(state, position) {
  for (let line = state.doc.lineAt(position); ; line = state.doc.line(line.number - 1)) {
    if (/^ {0,3}#{1,6}[ \t]/.test(line.text)) return line;
    if (line.number === 1) return null;
  }
}

// Selected text: wrapped in a passage block. No selection: the current section's heading gets
// (or loses) the {внутреннее} marker; with no heading above, an empty passage block is put in.
export function toggleInternal(view) {
  const { state } = view;
  const range = state.selection.main;
  if (!range.empty) {
    const first = state.doc.lineAt(range.from);
    const last = state.doc.lineAt(range.to);
    const insertBefore = `${PASSAGE_OPEN}\n`;
    view.dispatch({
      changes: [
        { from: first.from, insert: insertBefore },
        { from: last.to, insert: `\n${PASSAGE_CLOSE}` },
      ],
      selection: EditorSelection.cursor(last.to + insertBefore.length),
    });
    return true;
  }
  const heading = sectionHeading(state, range.head);
  if (heading) {
    const { title, markers } = withoutMarkers(heading.text.replace(/[ \t]+#+[ \t]*$/, ""));
    const text = markers.has("internal") ? title : `${title} ${SECTION_MARKER}`;
    view.dispatch({ changes: { from: heading.from, to: heading.to, insert: text } });
    return true;
  }
  const line = state.doc.lineAt(range.head);
  const block = `${PASSAGE_OPEN}\n\n${PASSAGE_CLOSE}`;
  view.dispatch({
    changes: { from: line.to, insert: `${line.text.trim() ? "\n\n" : ""}${block}\n` },
    selection: EditorSelection.cursor(line.to + (line.text.trim() ? 2 : 0) + PASSAGE_OPEN.length + 1),
  });
  return true;
}
