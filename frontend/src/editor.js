// The live editor: CodeMirror 6 bound to the proposal's shared Yjs text over y-websocket.
// Edits are kept in IndexedDB (y-indexeddb) until the server has confirmed them, so a reload,
// a closed laptop or a lost connection loses nothing. The parts live in ./editor/, by concern.

import * as Y from "yjs";
import { yCollab, yUndoManagerKeymap } from "y-codemirror.next";
import { basicSetup } from "codemirror";
import { EditorView, keymap } from "@codemirror/view";
import { EditorState } from "@codemirror/state";
import { internalHighlight } from "./internal.js";
import { safeInput } from "./safe-input.js";
import { app, config, cspNonce, t } from "./editor/config.js";
import {
  attachView,
  editable,
  editableExtensions,
  isReadOnly,
  persistence,
  provider,
  render,
  statusState,
  ydoc,
  ytext,
} from "./editor/connection.js";
import "./editor/presence.js";
import "./editor/preview.js";
import "./editor/tabs.js";
import { authorship, setupAuthorship } from "./editor/authorship.js";
import { formattingKeymap, setupToolbar } from "./editor/toolbar.js";
import { setupComments } from "./editor/comments/index.js";
import { modeCompartment, modeExtensions, preferredMode, setupMode } from "./editor/mode.js";
import { richPaste } from "./editor/paste.js";
import { undoManagerFacet } from "./editor/tables.js";
import { cellCursorFacet } from "./editor/table-marks.js";
import { store } from "./editor/comments/store.js";
import { actMarks } from "./editor/act-marks.js";

const undoManager = new Y.UndoManager(ytext);
const view = new EditorView({
  parent: app.querySelector("[data-editor]"),
  state: EditorState.create({
    doc: "",
    extensions: [
      EditorView.cspNonce.of(cspNonce),
      keymap.of([...yUndoManagerKeymap, ...formattingKeymap()]),
      basicSetup,
      modeCompartment.of(modeExtensions(preferredMode())),
      richPaste,
      undoManagerFacet.of(undoManager),
      cellCursorFacet.of((at) => {
        const position = Y.createRelativePositionFromTypeIndex(ytext, at);
        provider.awareness.setLocalStateField("cursor", { anchor: position, head: position });
      }),
      EditorView.lineWrapping,
      editable.of(editableExtensions(!isReadOnly())),
      authorship.of([]),
      internalHighlight({ label: t("internalLabel"), packageSections: config.packageSections }),
      safeInput,
      yCollab(ytext, provider.awareness, { undoManager }),
      EditorView.contentAttributes.of({ "aria-label": t("editorLabel"), lang: "ru", spellcheck: "true" }),
    ],
  }),
});
attachView(view);
// The text's scroll region is reachable by the keyboard even when the text is read-only.
view.scrollDOM.tabIndex = 0;
view.scrollDOM.setAttribute("role", "region");
view.scrollDOM.setAttribute("aria-label", t("scrollerLabel"));
setupToolbar(view);
setupMode(view);
setupAuthorship(view);
setupComments(view);
actMarks(view);

persistence.whenSynced.then(() => {
  provider.connect();
  render();
});
render();
window.accordEditor = {
  ydoc,
  ytext,
  provider,
  view,
  undoManager,
  status: statusState,
  threads: () => store.threads,
  scrollTo: (pos) => EditorView.scrollIntoView(pos, { y: "start" }),
};
