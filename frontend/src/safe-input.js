// A CodeMirror filter: what the member types, pastes or drops is cleaned of the characters the
// server refuses (textsafety.js) before it enters the shared Y.Text. Remote and programmatic
// changes carry no input event and pass untouched, so peers never diverge.

import { EditorSelection, EditorState } from "@codemirror/state";
import { cleanText, hasUnsafeText } from "./textsafety.js";

export const safeInput = EditorState.transactionFilter.of((tr) => {
  if (!tr.docChanged || !tr.isUserEvent("input")) return tr;
  let unsafe = false;
  tr.changes.iterChanges((_fromA, _toA, _fromB, _toB, inserted) => {
    if (hasUnsafeText(inserted.toString())) unsafe = true;
  });
  if (!unsafe) return tr;
  const changes = [];
  let shift = 0;
  let cursor = 0;
  tr.changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
    const insert = cleanText(inserted.toString());
    changes.push({ from: fromA, to: toA, insert });
    cursor = fromA + shift + insert.length;
    shift += insert.length - (toA - fromA);
  });
  return { changes, selection: EditorSelection.cursor(cursor), scrollIntoView: true, userEvent: "input" };
});
