// Comment and suggestion highlights in the text, and moving between a passage and its thread.

import { Decoration, EditorView } from "@codemirror/view";
import { StateEffect, StateField } from "@codemirror/state";
import { phoneLayout, selectTab } from "../tabs.js";
import { anchorIndex, cards, computeSpans, store } from "./store.js";
import { matchesFilter, renderThreads, setFilter, textPosition } from "./list.js";

const setThreadMarks = StateEffect.define();
export const threadMarksField = StateField.define({
  create: () => Decoration.none,
  update(marks, transaction) {
    for (const effect of transaction.effects) if (effect.is(setThreadMarks)) return effect.value;
    return transaction.docChanged ? marks.map(transaction.changes) : marks;
  },
  provide: (field) => EditorView.decorations.from(field),
});

function threadMarks() {
  const length = store.view.state.doc.length;
  const ranges = [];
  const add = (from, to, className, id) => {
    const start = Math.max(0, Math.min(from, length));
    const end = Math.max(0, Math.min(to, length));
    if (start >= end) return;
    const attributes = id === undefined ? {} : { "data-thread": String(id) };
    ranges.push(Decoration.mark({ class: className, attributes }).range(start, end));
  };
  for (const thread of store.threads) {
    const span = store.spans.get(thread.id);
    const active = thread.id === store.activeThread;
    if (!span || span.from === null || span.to === null || span.detached) continue;
    if (thread.resolved && !active) continue;
    const classes = ["cm-thread"];
    if (thread.kind === "suggestion") classes.push("cm-thread--suggestion");
    if (active) classes.push("cm-thread--active");
    add(span.from, span.to, classes.join(" "), thread.id);
  }
  if (store.draft) {
    const from = anchorIndex(store.draft.start);
    const to = anchorIndex(store.draft.end);
    if (from !== null && to !== null) add(from, to, "cm-thread cm-thread--draft");
  }
  return Decoration.set(ranges, true);
}

let marksTimer = null;
let spansSignature = "";

export function refreshMarks() {
  if (marksTimer !== null) clearTimeout(marksTimer);
  marksTimer = null;
  computeSpans();
  store.view.dispatch({ effects: setThreadMarks.of(threadMarks()) });
  // The list shows "Passage deleted" and follows the text's order: redraw it when those change.
  const signature = [...store.threads]
    .sort((a, b) => textPosition(a) - textPosition(b) || a.id - b.id)
    .map((thread) => `${thread.id}${store.spans.get(thread.id).detached ? "x" : ""}`)
    .join(",");
  if (signature !== spansSignature) {
    spansSignature = signature;
    renderThreads();
  }
}

export function scheduleMarks() {
  // Not inside the editor's own update (Yjs reports local edits while CodeMirror dispatches them).
  if (marksTimer === null) marksTimer = setTimeout(refreshMarks, 40);
}

export const threadClicks = EditorView.domEventHandlers({
  // On mousedown: by the click, remote cursors may have redrawn the store.spans under the pointer.
  mousedown(event) {
    const mark = event.target instanceof Element ? event.target.closest("[data-thread]") : null;
    if (mark) focusThread(Number(mark.dataset.thread), { reveal: "list" });
    return false;
  },
});

export function revealPassage(id) {
  computeSpans();
  const span = store.spans.get(id);
  if (!span || span.from === null || span.detached) return;
  if (phoneLayout.matches) selectTab("edit");
  // After the pane is shown, so that CodeMirror can measure it.
  setTimeout(() => {
    const from = Math.min(span.from, store.view.state.doc.length);
    store.view.dispatch({ selection: { anchor: from }, effects: EditorView.scrollIntoView(from, { y: "center" }) });
  }, 0);
}

export function focusThread(id, { reveal = null } = {}) {
  const thread = store.threads.find((item) => item.id === id);
  if (!thread) return;
  store.activeThread = id;
  if (!matchesFilter(thread)) setFilter("all");
  renderThreads();
  refreshMarks();
  if (reveal === "text") revealPassage(id);
  if (reveal === "list") {
    const card = cards.get(id)?.card;
    if (!phoneLayout.matches && card) card.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }
}
