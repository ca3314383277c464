import * as Y from "yjs";
import { app, config } from "../config.js";
import { provider, ydoc, ytext } from "../connection.js";
import { pageTimeZone, timeFormatter } from "../../shared/time-format.js";

// Comments and suggestions: what the comment modules share.
// Threads are anchored to a passage by two Yjs relative positions, so the highlight follows the
// passage through everyone's edits; the list comes from the REST API and is fetched again when
// the proposal's events stream says a thread changed.

export const QUOTE_LIMIT = 5000;
export const QUOTE_SHOWN = 400;
// A passage's start sticks to its first character and its end to its last (assoc -1), so text
// typed just after the passage stays out of it.
export const PASSAGE_END_ASSOC = -1;
export { EVENTS_FINAL_CLOSE_CODES } from "../../close-codes.js";
export const MENTION = /@\[([^\]\n]{1,150})\]/g;

export const commentsPane = app.querySelector("[data-comments]");
export const threadList = commentsPane.querySelector("[data-threads]");
export const commentsStatus = commentsPane.querySelector("[data-comments-status]");
export const formSlot = commentsPane.querySelector("[data-thread-form-slot]");
export const filterButtons = [...commentsPane.querySelectorAll("[data-filter]")];
export const openCountBadge = app.querySelector("[data-open-count]");
export const emptyNote = document.createElement("p");
emptyNote.className = "comments__empty";
threadList.after(emptyNote);
export const members = (config.members || []).filter((name) => name !== config.user.name);
// In the user's zone (the page's data-time-zone), as the server's pages show times.
export const formatTime = timeFormatter({
  locale: document.documentElement.lang || "ru",
  timeZone: pageTimeZone(app),
});

// What the comment modules share; `view` is set once the editor exists.
export const store = {
  view: null,
  threads: [],
  threadsLoaded: false,
  spans: new Map(), // thread id -> { from, to, detached } in the live text
  activeThread: null,
  filter: "open",
  draft: null, // the passage of the comment being written: { kind, start, end, quote }
  revealOnLoad: /^#thread-(\d+)$/.exec(window.location.hash)?.[1],
};
export const cards = new Map(); // thread id -> { card, main, error, reply }

export function el(tag, className = "", text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export const toBase64 = (bytes) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text) => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));

/** The index in the live text of an anchor (base64 or a RelativePosition); null if unknown. */
export function anchorIndex(anchor) {
  try {
    const relative = typeof anchor === "string" ? Y.decodeRelativePosition(fromBase64(anchor)) : anchor;
    const absolute = Y.createAbsolutePositionFromRelativePosition(relative, ydoc);
    return absolute && absolute.type === ytext ? absolute.index : null;
  } catch {
    return null;
  }
}

export function computeSpans() {
  store.spans = new Map(
    store.threads.map((thread) => {
      const from = anchorIndex(thread.anchor_start);
      const to = anchorIndex(thread.anchor_end);
      // An anchor this browser cannot place yet (text not received) is not a deleted passage.
      const unknown = from === null || to === null;
      const detached = thread.quote !== "" && (unknown ? provider.synced : from >= to);
      return [thread.id, { from, to, detached }];
    }),
  );
}
