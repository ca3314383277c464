// The live editor: CodeMirror 6 bound to the proposal's shared Yjs text over y-websocket.
// Edits are kept in IndexedDB (y-indexeddb) until the server has confirmed them, so a reload,
// a closed laptop or a lost connection loses nothing.

import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { IndexeddbPersistence } from "y-indexeddb";
import { yCollab, yUndoManagerKeymap } from "y-codemirror.next";
import { basicSetup } from "codemirror";
import { EditorView, keymap, ViewPlugin, Decoration } from "@codemirror/view";
import { EditorState, Compartment, EditorSelection, StateEffect, StateField } from "@codemirror/state";
import { markdown } from "@codemirror/lang-markdown";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import * as syncProtocol from "y-protocols/sync";
import { internalHighlight, toggleInternal } from "./internal.js";
import { safeInput } from "./safe-input.js";
import { FINAL_CLOSE_CODES, EVENTS_FINAL_CLOSE_CODES } from "./close-codes.js";

const MESSAGE_SYNC = 0;
const MESSAGE_AUTH = 2;
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;

const app = document.getElementById("editor-app");
const config = JSON.parse(document.getElementById("editor-config").textContent);
// CodeMirror adds its styles as <style> elements; they carry the page's CSP nonce.
const cspNonce = document.querySelector('meta[name="csp-nonce"]')?.content || "";
const t = (key, count) => {
  const text = config.strings[key] || key;
  return count === undefined ? text : text.replace("%(count)s", String(count));
};

const ydoc = new Y.Doc();
const ytext = ydoc.getText("markdown");
const persistence = new IndexeddbPersistence(`accord:proposal:${config.proposal}`, ydoc);

const wsScheme = window.location.protocol === "https:" ? "wss" : "ws";
const provider = new WebsocketProvider(
  `${wsScheme}://${window.location.host}/ws/proposals`,
  `${config.proposal}/`,
  ydoc,
  { connect: false, maxBackoffTime: 5000 },
);
provider.awareness.setLocalStateField("user", {
  name: config.user.name,
  color: config.user.color,
  colorLight: `${config.user.color}33`,
});
// Remote colours go into style attributes (y-codemirror's cursors): hex colours only. The server
// refuses others too; this is the second line of defence.
const HEX_COLOUR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/;
provider.awareness.on("change", ({ added, updated }) => {
  for (const clientID of [...added, ...updated]) {
    const user = provider.awareness.getStates().get(clientID)?.user;
    if (user && typeof user === "object") {
      if (!HEX_COLOUR.test(user.color)) user.color = "#1f4e8c";
      if (!HEX_COLOUR.test(user.colorLight)) user.colorLight = "#1f4e8c33";
    }
  }
});

// Read-only mode: by role at page load, and whenever the server says so (auth message).
const editable = new Compartment();
const authorship = new Compartment(); // "who wrote what" colouring, off by default
let readOnly = !config.permissions.writable;
// Commenters cannot change the text but must be able to select a passage (also by keyboard), so
// their editor stays focusable and only the state is read-only.
const editableExtensions = (canEdit) => [
  EditorView.editable.of(canEdit || Boolean(config.permissions.comment)),
  EditorState.readOnly.of(!canEdit),
];

// Unsynced changes: counted from local edits, cleared when the server has confirmed them.
// A confirmation is the server's sync-step-2 answer to a sync step 1 sent after the edits: the
// server handles a socket's messages in order and stores an update before reading the next.
let localChanges = 0;
let confirmedChanges = 0;
let probeMarks = [];
let skipStep2 = 0;
let probeTimer = null;
let finalClose = null;

function sendProbe() {
  probeTimer = null;
  if (!provider.wsconnected || !provider.ws) return;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, ydoc);
  probeMarks.push(localChanges);
  provider.ws.send(encoding.toUint8Array(encoder));
}

function scheduleProbe(delay = 250) {
  if (probeTimer === null) probeTimer = setTimeout(sendProbe, delay);
}

const syncHandler = provider.messageHandlers[MESSAGE_SYNC];
provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, prov, emitSynced, messageType) => {
  const kind = decoding.peekVarUint(decoder);
  syncHandler(encoder, decoder, prov, emitSynced, messageType);
  if (kind === SYNC_STEP2) {
    if (skipStep2 > 0) {
      skipStep2 -= 1;
    } else if (probeMarks.length) {
      confirmedChanges = Math.max(confirmedChanges, probeMarks.shift());
    }
  } else if (kind === SYNC_STEP1) {
    // Our answer (step 2, with what we hold and the server lacks) goes out with this message;
    // probe right after it.
    scheduleProbe(0);
  }
  render();
};

provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => {
  decoding.readVarUint(decoder);
  decoding.readVarString(decoder);
  setReadOnly(true);
};

ydoc.on("update", (_update, origin) => {
  if (origin === provider || origin === persistence) return;
  if (readOnly) return;
  localChanges += 1;
  if (provider.wsconnected) scheduleProbe();
  render();
});

provider.on("status", ({ status }) => {
  if (status === "connected") {
    probeMarks = [];
    skipStep2 = 1; // the answer to the provider's own step 1, sent on open
  }
  render();
});
provider.on("sync", render);
provider.on("connection-close", (event) => {
  if (event && FINAL_CLOSE_CODES.has(event.code)) {
    finalClose = event.code;
    provider.disconnect();
  }
  render();
});
window.addEventListener("online", render);
window.addEventListener("offline", render);

// The editor ---------------------------------------------------------------------------------

const undoManager = new Y.UndoManager(ytext);
const view = new EditorView({
  parent: app.querySelector("[data-editor]"),
  state: EditorState.create({
    doc: "",
    extensions: [
      EditorView.cspNonce.of(cspNonce),
      keymap.of([...yUndoManagerKeymap, ...formattingKeymap()]),
      basicSetup,
      markdown(),
      EditorView.lineWrapping,
      editable.of(editableExtensions(!readOnly)),
      authorship.of([]),
      internalHighlight({ label: t("internalLabel"), packageSections: config.packageSections }),
      safeInput,
      yCollab(ytext, provider.awareness, { undoManager }),
      EditorView.contentAttributes.of({ "aria-label": t("editorLabel"), lang: "ru", spellcheck: "true" }),
    ],
  }),
});

function setReadOnly(value) {
  if (readOnly === value) return;
  readOnly = value;
  view.dispatch({ effects: editable.reconfigure(editableExtensions(!readOnly)) });
  render();
}

// Formatting toolbar: Markdown for people who do not know Markdown.
function wrap(before, after = before, placeholder = "") {
  return (editorView) => {
    if (readOnly) return false;
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
    if (readOnly) return false;
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
    if (readOnly) return false;
    const { from } = editorView.state.selection.main;
    const line = editorView.state.doc.lineAt(from);
    const lead = line.text.trim() ? "\n\n" : "";
    editorView.dispatch({ changes: { from: line.to, insert: `${lead}${block}\n` } });
    editorView.focus();
    return true;
  };
}

const ACTIONS = {
  heading: prefixLines("## "),
  bold: wrap("**", "**", t("boldPlaceholder")),
  italic: wrap("*", "*", t("italicPlaceholder")),
  bullets: prefixLines("- "),
  numbers: prefixLines((n) => `${n}. `),
  quote: prefixLines("> "),
  link: wrap("[", "](https://)", t("linkPlaceholder")),
  table: insertBlock(t("tableTemplate")),
  internal: (editorView) => {
    if (readOnly) return false;
    toggleInternal(editorView);
    editorView.focus();
    return true;
  },
};

function formattingKeymap() {
  return [
    { key: "Mod-b", run: (v) => ACTIONS.bold(v) },
    { key: "Mod-i", run: (v) => ACTIONS.italic(v) },
    { key: "Mod-k", run: (v) => ACTIONS.link(v) },
  ];
}

app.querySelectorAll("[data-action]").forEach((button) => {
  button.addEventListener("click", () => ACTIONS[button.dataset.action](view));
});

// Live preview: the server's one renderer, the same as the PDF's -----------------------------

const preview = app.querySelector("[data-preview]");
let previewTimer = null;
let previewRequest = 0;

async function refreshPreview() {
  previewTimer = null;
  const request = ++previewRequest;
  try {
    const response = await fetch(config.previewUrl, {
      method: "POST",
      headers: { "Content-Type": "text/plain; charset=utf-8", "X-CSRFToken": config.csrfToken },
      body: ytext.toString(),
      credentials: "same-origin",
    });
    if (request !== previewRequest) return;
    if (response.status === 400) {
      // The renderer refused the text (too deeply nested, too many headings…): say why.
      const refusal = document.createElement("p");
      refusal.className = "preview-refused";
      refusal.textContent = await response.text();
      preview.replaceChildren(refusal);
      preview.removeAttribute("aria-busy");
      return;
    }
    if (!response.ok) throw new Error(String(response.status));
    preview.innerHTML = await response.text(); // sanitized by the server's renderer (nh3)
    preview.removeAttribute("aria-busy");
  } catch {
    if (request === previewRequest) preview.setAttribute("aria-busy", "true");
  }
}

ytext.observe(() => {
  if (previewTimer !== null) clearTimeout(previewTimer);
  previewTimer = setTimeout(refreshPreview, 300);
});

// Authorship: who wrote each passage (every Yjs item carries its author's client id) ----------

const authorsLegend = app.querySelector("[data-authors-legend]");
let clientOwners = {};

async function loadClientOwners() {
  try {
    const response = await fetch(config.clientsUrl, { credentials: "same-origin" });
    if (response.ok) clientOwners = await response.json();
  } catch {
    // The colours wait for the next refresh.
  }
}

function authorOf(clientId) {
  return clientOwners[String(clientId)] || { name: t("importedText"), colour: "#adb5bd" };
}

function authorshipDecorations() {
  const ranges = [];
  const seen = new Map();
  let index = 0;
  for (let item = ytext._start; item !== null; item = item.right) {
    if (!item.deleted && item.countable) {
      const author = authorOf(item.id.client);
      seen.set(author.name, author.colour);
      ranges.push(
        Decoration.mark({ attributes: { style: `background-color: ${author.colour}2e` } }).range(index, index + item.length),
      );
      index += item.length;
    }
  }
  authorsLegend.replaceChildren(
    ...[...seen.entries()].map(([name, colour]) => {
      const item = document.createElement("li");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = /^#[0-9a-fA-F]{6}$/.test(colour) ? colour : "#adb5bd";
      item.append(swatch, document.createTextNode(name));
      return item;
    }),
  );
  return Decoration.set(ranges, true);
}

const authorshipPlugin = ViewPlugin.fromClass(
  class {
    constructor() {
      this.decorations = authorshipDecorations();
    }
    update(update) {
      if (update.docChanged) this.decorations = authorshipDecorations();
    }
  },
  { decorations: (plugin) => plugin.decorations },
);

const authorshipToggle = app.querySelector("[data-authorship-toggle]");
authorshipToggle.addEventListener("click", async () => {
  const on = authorshipToggle.getAttribute("aria-pressed") !== "true";
  if (on) await loadClientOwners();
  authorshipToggle.setAttribute("aria-pressed", String(on));
  authorsLegend.hidden = !on;
  view.dispatch({ effects: authorship.reconfigure(on ? authorshipPlugin : []) });
});

// Presence and status --------------------------------------------------------------------------

const presenceList = app.querySelector("[data-presence]");
const status = app.querySelector("[data-status]");
const readOnlyNotice = app.querySelector("[data-readonly]");

function renderPresence() {
  const people = new Map();
  provider.awareness.getStates().forEach((state) => {
    if (state && state.user && state.user.name) {
      people.set(state.user.id ?? state.user.name, state.user);
    }
  });
  presenceList.replaceChildren(
    ...[...people.values()].map((user) => {
      const item = document.createElement("li");
      item.className = "presence__person";
      const dot = document.createElement("span");
      dot.className = "presence__dot";
      dot.style.background = /^#[0-9a-fA-F]{3,8}$/.test(user.color) ? user.color : "#1f4e8c";
      dot.setAttribute("aria-hidden", "true");
      item.append(dot, document.createTextNode(user.name));
      return item;
    }),
  );
}
provider.awareness.on("change", renderPresence);

function render() {
  const unsynced = Math.max(0, localChanges - confirmedChanges);
  let state;
  let text;
  if (finalClose !== null) {
    state = "error";
    text = t(`closed${finalClose}`) || t("closedFinal");
  } else if (!navigator.onLine) {
    state = "offline";
    text = unsynced ? t("offlineUnsynced", unsynced) : t("offline");
  } else if (!provider.wsconnected) {
    state = "reconnecting";
    text = unsynced ? t("reconnectingUnsynced", unsynced) : t("reconnecting");
  } else if (!provider.synced) {
    state = "syncing";
    text = t("syncing");
  } else if (unsynced) {
    state = "saving";
    text = t("saving", unsynced);
  } else {
    state = "connected";
    text = t("saved");
  }
  status.dataset.state = state;
  status.querySelector("[data-status-text]").textContent = text;
  status.dataset.unsynced = String(unsynced);
  readOnlyNotice.hidden = !readOnly;
  app.classList.toggle("is-readonly", readOnly);
}

// Tabs: on phones one pane at a time (text, preview or comments); on middling screens the text
// stays and the right-hand column shows the preview or the comments.
const tabs = [...app.querySelectorAll("[data-tab]")];
const phoneLayout = window.matchMedia("(max-width: 900px)");
const middleLayout = window.matchMedia("(min-width: 901px) and (max-width: 1279px)");
app.dataset.side = "preview";

function showTabs() {
  const current = middleLayout.matches ? app.dataset.side : app.dataset.view;
  tabs.forEach((tab) => tab.setAttribute("aria-selected", String(tab.dataset.tab === current)));
}

function selectTab(name) {
  app.dataset.view = name;
  if (name !== "edit") app.dataset.side = name;
  showTabs();
}

tabs.forEach((tab) => tab.addEventListener("click", () => selectTab(tab.dataset.tab)));
middleLayout.addEventListener("change", showTabs);
showTabs();

// Comments and suggestions ----------------------------------------------------------------------
// Threads are anchored to a passage by two Yjs relative positions, so the highlight follows the
// passage through everyone's edits; the list comes from the REST API and is fetched again when
// the proposal's events stream says a thread changed.

const QUOTE_LIMIT = 5000;
const QUOTE_SHOWN = 400;
// A passage's start sticks to its first character and its end to its last (assoc -1), so text
// typed just after the passage stays out of it.
const PASSAGE_END_ASSOC = -1;
const MENTION = /@\[([^\]\n]{1,150})\]/g;

const commentsPane = app.querySelector("[data-comments]");
const threadList = commentsPane.querySelector("[data-threads]");
const commentsStatus = commentsPane.querySelector("[data-comments-status]");
const formSlot = commentsPane.querySelector("[data-thread-form-slot]");
const filterButtons = [...commentsPane.querySelectorAll("[data-filter]")];
const openCountBadge = app.querySelector("[data-open-count]");
const emptyNote = document.createElement("p");
emptyNote.className = "comments__empty";
threadList.after(emptyNote);
const members = (config.members || []).filter((name) => name !== config.user.name);
const timeFormat = new Intl.DateTimeFormat(document.documentElement.lang || "ru", {
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
});

let threads = [];
let threadsLoaded = false;
let spans = new Map(); // thread id -> { from, to, detached } in the live text
let activeThread = null;
let filter = "open";
let draft = null; // the passage of the comment being written: { kind, start, end, quote }
let revealOnLoad = /^#thread-(\d+)$/.exec(window.location.hash)?.[1];
const cards = new Map(); // thread id -> { card, main, error, reply }

function el(tag, className = "", text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const toBase64 = (bytes) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text) => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));

/** The index in the live text of an anchor (base64 or a RelativePosition); null if unknown. */
function anchorIndex(anchor) {
  try {
    const relative = typeof anchor === "string" ? Y.decodeRelativePosition(fromBase64(anchor)) : anchor;
    const absolute = Y.createAbsolutePositionFromRelativePosition(relative, ydoc);
    return absolute && absolute.type === ytext ? absolute.index : null;
  } catch {
    return null;
  }
}

function computeSpans() {
  spans = new Map(
    threads.map((thread) => {
      const from = anchorIndex(thread.anchor_start);
      const to = anchorIndex(thread.anchor_end);
      // An anchor this browser cannot place yet (text not received) is not a deleted passage.
      const unknown = from === null || to === null;
      const detached = thread.quote !== "" && (unknown ? provider.synced : from >= to);
      return [thread.id, { from, to, detached }];
    }),
  );
}

// Highlights in the text --------------------------------------------------------------------------

const setThreadMarks = StateEffect.define();
const threadMarksField = StateField.define({
  create: () => Decoration.none,
  update(marks, transaction) {
    for (const effect of transaction.effects) if (effect.is(setThreadMarks)) return effect.value;
    return transaction.docChanged ? marks.map(transaction.changes) : marks;
  },
  provide: (field) => EditorView.decorations.from(field),
});

function threadMarks() {
  const length = view.state.doc.length;
  const ranges = [];
  const add = (from, to, className, id) => {
    const start = Math.max(0, Math.min(from, length));
    const end = Math.max(0, Math.min(to, length));
    if (start >= end) return;
    const attributes = id === undefined ? {} : { "data-thread": String(id) };
    ranges.push(Decoration.mark({ class: className, attributes }).range(start, end));
  };
  for (const thread of threads) {
    const span = spans.get(thread.id);
    const active = thread.id === activeThread;
    if (!span || span.from === null || span.to === null || span.detached) continue;
    if (thread.resolved && !active) continue;
    const classes = ["cm-thread"];
    if (thread.kind === "suggestion") classes.push("cm-thread--suggestion");
    if (active) classes.push("cm-thread--active");
    add(span.from, span.to, classes.join(" "), thread.id);
  }
  if (draft) {
    const from = anchorIndex(draft.start);
    const to = anchorIndex(draft.end);
    if (from !== null && to !== null) add(from, to, "cm-thread cm-thread--draft");
  }
  return Decoration.set(ranges, true);
}

let marksTimer = null;
let spansSignature = "";

function refreshMarks() {
  if (marksTimer !== null) clearTimeout(marksTimer);
  marksTimer = null;
  computeSpans();
  view.dispatch({ effects: setThreadMarks.of(threadMarks()) });
  // The list shows "Passage deleted" and follows the text's order: redraw it when those change.
  const signature = [...threads]
    .sort((a, b) => textPosition(a) - textPosition(b) || a.id - b.id)
    .map((thread) => `${thread.id}${spans.get(thread.id).detached ? "x" : ""}`)
    .join(",");
  if (signature !== spansSignature) {
    spansSignature = signature;
    renderThreads();
  }
}

function scheduleMarks() {
  // Not inside the editor's own update (Yjs reports local edits while CodeMirror dispatches them).
  if (marksTimer === null) marksTimer = setTimeout(refreshMarks, 40);
}

ytext.observe(scheduleMarks);
provider.on("sync", scheduleMarks);

const threadClicks = EditorView.domEventHandlers({
  // On mousedown: by the click, remote cursors may have redrawn the spans under the pointer.
  mousedown(event) {
    const mark = event.target instanceof Element ? event.target.closest("[data-thread]") : null;
    if (mark) focusThread(Number(mark.dataset.thread), { reveal: "list" });
    return false;
  },
});

function revealPassage(id) {
  computeSpans();
  const span = spans.get(id);
  if (!span || span.from === null || span.detached) return;
  if (phoneLayout.matches) selectTab("edit");
  // After the pane is shown, so that CodeMirror can measure it.
  setTimeout(() => {
    const from = Math.min(span.from, view.state.doc.length);
    view.dispatch({ selection: { anchor: from }, effects: EditorView.scrollIntoView(from, { y: "center" }) });
  }, 0);
}

function focusThread(id, { reveal = null } = {}) {
  const thread = threads.find((item) => item.id === id);
  if (!thread) return;
  activeThread = id;
  if (!matchesFilter(thread)) setFilter("all");
  renderThreads();
  refreshMarks();
  if (reveal === "text") revealPassage(id);
  if (reveal === "list") {
    const card = cards.get(id)?.card;
    if (!phoneLayout.matches && card) card.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }
}

// The list -------------------------------------------------------------------------------------------

function matchesFilter(thread) {
  return filter === "all" || (filter === "resolved") === thread.resolved;
}

function textPosition(thread) {
  const span = spans.get(thread.id);
  return span && !span.detached && span.from !== null ? span.from : Number.MAX_SAFE_INTEGER;
}

function setFilter(value) {
  filter = value;
  filterButtons.forEach((button) => {
    const on = button.dataset.filter === value;
    button.classList.toggle("is-active", on);
    button.setAttribute("aria-pressed", String(on));
  });
}

filterButtons.forEach((button) =>
  button.addEventListener("click", () => {
    setFilter(button.dataset.filter);
    renderThreads();
  }),
);

function timeNode(iso) {
  const time = el("time", "cthread__time");
  time.dateTime = iso;
  const date = new Date(iso);
  time.textContent = Number.isNaN(date.getTime()) ? "" : timeFormat.format(date);
  return time;
}

/** A comment's text with its @[Name] mentions set apart; text nodes only. */
function bodyNodes(text) {
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(MENTION)) {
    if (match.index > last) nodes.push(document.createTextNode(text.slice(last, match.index)));
    nodes.push(el("span", "mention", `@${match[1]}`));
    last = match.index + match[0].length;
  }
  nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}

function clip(text) {
  return text.length > QUOTE_SHOWN ? `${text.slice(0, QUOTE_SHOWN)}…` : text;
}

function threadUrl(action, id) {
  return config.threadUrls[action].replace("{id}", String(id));
}

function errorText(payload) {
  if (!payload) return "";
  if (typeof payload === "string") return payload;
  if (Array.isArray(payload)) return payload.map(errorText).join(" ");
  if (typeof payload === "object") return Object.values(payload).map(errorText).join(" ");
  return String(payload);
}

async function postJson(url, data) {
  let response;
  try {
    response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": config.csrfToken },
      body: JSON.stringify(data ?? {}),
    });
  } catch {
    throw new Error(t("networkError"));
  }
  let payload = null;
  try {
    payload = await response.json();
  } catch {
    // An error page instead of JSON: the generic message below.
  }
  if (!response.ok) throw new Error(errorText(payload) || t("actionFailed"));
  return payload;
}

function replaceThread(updated) {
  const index = threads.findIndex((thread) => thread.id === updated.id);
  if (index === -1) threads.push(updated);
  else threads[index] = updated;
  computeSpans();
  renderThreads();
  refreshMarks();
}

function showError(id, message) {
  const entry = cards.get(id);
  if (!entry) return;
  entry.error.textContent = message;
  entry.error.hidden = !message;
}

async function runAction(id, action, button) {
  button.disabled = true;
  showError(id, "");
  try {
    replaceThread(await postJson(threadUrl(action, id)));
    announce(t(`${action}Done`));
  } catch (error) {
    button.disabled = false;
    showError(id, error.message);
  }
}

function actionButton(thread, action, className, disabled = false) {
  const button = el("button", className, t(action));
  button.type = "button";
  button.dataset.threadAction = action;
  button.disabled = disabled;
  if (action === "accept" && disabled) button.title = t("acceptDetached");
  button.addEventListener("click", () => runAction(thread.id, action, button));
  return button;
}

function autosize(textarea) {
  textarea.style.height = "auto";
  textarea.style.height = `${Math.min(textarea.scrollHeight + 2, 320)}px`;
}

function commentInput({ rows, placeholder, label }) {
  const input = el("textarea", "comment-input");
  input.rows = rows;
  input.maxLength = 10000;
  if (placeholder) input.placeholder = placeholder;
  if (label) input.setAttribute("aria-label", label);
  input.addEventListener("input", () => autosize(input));
  return input;
}

function replyForm(id) {
  const form = el("form", "cthread__reply");
  form.noValidate = true;
  form.dataset.reply = "";
  const input = commentInput({ rows: 1, placeholder: t("replyPlaceholder"), label: t("reply") });
  const send = el("button", "btn btn--small", t("send"));
  send.type = "submit";
  form.append(mentionField(input), send);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.defaultPrevented) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = input.value.trim();
    if (!body) {
      showError(id, t("writeSomething"));
      input.focus();
      return;
    }
    send.disabled = true;
    showError(id, "");
    try {
      const updated = await postJson(threadUrl("reply", id), { body });
      input.value = "";
      autosize(input);
      replaceThread(updated);
      announce(t("replyDone"));
    } catch (error) {
      showError(id, error.message);
    } finally {
      send.disabled = false;
    }
  });
  return form;
}

function threadCard(thread) {
  let entry = cards.get(thread.id);
  if (!entry) {
    const card = el("li", "thread cthread");
    card.id = `thread-${thread.id}`;
    card.dataset.threadId = String(thread.id);
    card.tabIndex = -1;
    const main = el("div", "cthread__main");
    const error = el("p", "cthread__error");
    error.setAttribute("role", "alert");
    error.hidden = true;
    const reply = config.permissions.comment ? replyForm(thread.id) : null;
    card.append(main, error, ...(reply ? [reply] : []));
    entry = { card, main, error, reply };
    cards.set(thread.id, entry);
  }
  fillCard(entry, thread);
  return entry.card;
}

function fillCard(entry, thread) {
  const span = spans.get(thread.id) || { from: null, to: null, detached: false };
  const suggestion = thread.kind === "suggestion";
  const accepted = thread.state === "accepted";
  // An accepted suggestion replaced its passage on purpose: that is not a deleted passage.
  const detached = span.detached && !accepted;
  const { card } = entry;
  card.dataset.kind = thread.kind;
  card.dataset.state = thread.state || "";
  card.dataset.resolved = String(thread.resolved);
  card.dataset.detached = String(detached);
  card.classList.toggle("is-active", thread.id === activeThread);
  card.classList.toggle("is-resolved", thread.resolved);

  const head = el("div", "cthread__head");
  head.append(el("span", `badge badge--kind-${thread.kind}`, t(suggestion ? "kindSuggestion" : "kindComment")));
  if (suggestion) head.append(el("span", `badge badge--state-${thread.state}`, t(`state_${thread.state}`)));
  else if (thread.resolved) head.append(el("span", "badge badge--resolved", t("resolvedBadge")));
  if (detached) head.append(el("span", "badge badge--detached", t("detached")));
  // A suggestion's author, unless the first comment (the suggester's note) says it already.
  if (suggestion && thread.comments[0]?.author !== thread.created_by) {
    const by = el("span", "cthread__by");
    by.append(el("strong", "", thread.created_by || t("formerMember")), timeNode(thread.created_at));
    head.append(by);
  }
  const parts = [head];

  if (thread.quote) {
    const placed = !detached && !accepted && span.from !== null;
    const quote = el(placed ? "button" : "div", `cthread__quote${placed ? "" : " cthread__quote--static"}`);
    if (placed) {
      quote.type = "button";
      quote.title = t("showInText");
      quote.append(el("span", "visually-hidden", `${t("showInText")}: `));
      quote.addEventListener("click", () => focusThread(thread.id, { reveal: "text" }));
    }
    quote.append(suggestion ? el("del", "", clip(thread.quote)) : document.createTextNode(clip(thread.quote)));
    parts.push(quote);
  }
  if (suggestion) {
    const replacement = el("p", "cthread__replacement");
    replacement.append(el("span", "cthread__label", t("suggestedText")));
    replacement.append(
      thread.replacement ? el("ins", "", clip(thread.replacement)) : el("em", "muted", t("suggestedDeletion")),
    );
    parts.push(replacement);
  }
  if (thread.comments.length) {
    const list = el("ul", "cthread__comments");
    for (const comment of thread.comments) {
      const item = el("li", "cthread__comment");
      const meta = el("div", "cthread__meta");
      meta.append(el("strong", "", comment.author || t("formerMember")), timeNode(comment.created_at));
      const text = el("p", "cthread__text");
      text.append(...bodyNodes(comment.body));
      item.append(meta, text);
      list.append(item);
    }
    parts.push(list);
  }
  const actions = el("div", "cthread__actions");
  if (config.permissions.writable && suggestion && thread.state === "open") {
    actions.append(
      actionButton(thread, "accept", "btn btn--small btn--accept", detached),
      actionButton(thread, "reject", "btn btn--small"),
    );
  }
  if (config.permissions.comment) {
    if (!thread.resolved) actions.append(actionButton(thread, "resolve", "btn btn--small btn--ghost"));
    else if (!suggestion || thread.state === "open") actions.append(actionButton(thread, "reopen", "btn btn--small btn--ghost"));
  }
  if (actions.childElementCount) parts.push(actions);
  entry.main.replaceChildren(...parts);
  if (entry.reply) entry.reply.hidden = thread.resolved;
}

/** Where the keyboard was inside the list, to put it back after the list is redrawn. */
function keyboardPlace() {
  const focused = document.activeElement;
  if (!focused || !threadList.contains(focused)) return null;
  const card = focused.closest("[data-thread-id]");
  return {
    focused,
    card,
    action: focused.dataset.threadAction,
    index: [...threadList.children].indexOf(card),
    selection: "selectionStart" in focused ? [focused.selectionStart, focused.selectionEnd] : null,
  };
}

function restoreKeyboardPlace(place) {
  if (!place || document.activeElement === place.focused) return;
  let target = null;
  if (place.focused.isConnected && !place.focused.closest("[hidden]")) target = place.focused;
  else if (place.card?.isConnected) {
    target = place.card.querySelector("[data-thread-action]:not([disabled])") || place.card;
  } else {
    target = threadList.children[Math.min(place.index, threadList.children.length - 1)] || filterButtons[0];
  }
  target.focus({ preventScroll: true });
  if (target === place.focused && place.selection) target.setSelectionRange(...place.selection);
}

function renderThreads() {
  const place = keyboardPlace();
  for (const id of cards.keys()) if (!threads.some((thread) => thread.id === id)) cards.delete(id);
  const visible = threads
    .filter(matchesFilter)
    .sort(
      (a, b) => Number(a.resolved) - Number(b.resolved) || textPosition(a) - textPosition(b) || a.id - b.id,
    )
    .map(threadCard);
  const unchanged =
    visible.length === threadList.children.length && visible.every((card, index) => threadList.children[index] === card);
  if (!unchanged) threadList.replaceChildren(...visible);
  restoreKeyboardPlace(place);

  const open = threads.filter((thread) => !thread.resolved).length;
  const counts = { open, resolved: threads.length - open, all: threads.length };
  commentsPane.querySelectorAll("[data-filter-count]").forEach((badge) => {
    badge.textContent = threadsLoaded ? String(counts[badge.dataset.filterCount]) : "";
  });
  openCountBadge.textContent = String(open);
  openCountBadge.hidden = open === 0;
  emptyNote.hidden = !threadsLoaded || visible.length > 0 || draft !== null;
  emptyNote.textContent =
    filter === "open" ? (config.permissions.comment ? t("emptyOpenHint") : t("emptyOpen")) : t(filter === "resolved" ? "emptyResolved" : "emptyAll");
}

let announceTimer = null;
function announce(message) {
  commentsStatus.textContent = message;
  commentsStatus.classList.remove("is-error");
  if (announceTimer !== null) clearTimeout(announceTimer);
  announceTimer = setTimeout(() => {
    if (commentsStatus.textContent === message) commentsStatus.textContent = "";
  }, 4000);
}

// Loading and live updates -----------------------------------------------------------------------

let threadsRequest = 0;
let threadsTimer = null;

async function loadThreads() {
  threadsTimer = null;
  const request = ++threadsRequest;
  if (!threadsLoaded) commentsStatus.textContent = t("commentsLoading");
  try {
    const response = await fetch(config.threadsUrl, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (request !== threadsRequest) return;
    if (!response.ok) {
      const final = [401, 403, 404].includes(response.status);
      throw Object.assign(new Error(String(response.status)), { final });
    }
    threads = await response.json();
    if (request !== threadsRequest) return;
    threadsLoaded = true;
    if (commentsStatus.classList.contains("is-error") || commentsStatus.textContent === t("commentsLoading")) {
      commentsStatus.textContent = "";
      commentsStatus.classList.remove("is-error");
    }
    if (activeThread !== null && !threads.some((thread) => thread.id === activeThread)) activeThread = null;
    computeSpans();
    renderThreads();
    refreshMarks();
    if (revealOnLoad) {
      // Opened from a notification's link (#thread-12): the thread, and its passage once placed.
      const id = Number(revealOnLoad);
      revealOnLoad = null;
      if (phoneLayout.matches || middleLayout.matches) selectTab("comments");
      focusThread(id, { reveal: "list" });
      if (provider.synced) revealPassage(id);
      else provider.once("sync", () => revealPassage(id));
    }
  } catch (error) {
    if (request !== threadsRequest) return;
    commentsStatus.textContent = error.final ? t("commentsForbidden") : t("commentsLoadFailed");
    commentsStatus.classList.add("is-error");
    if (!error.final) scheduleThreads(5000);
  }
}

function scheduleThreads(delay = 250) {
  if (threadsTimer !== null) clearTimeout(threadsTimer);
  threadsTimer = setTimeout(loadThreads, delay);
}

let eventsAttempts = 0;

function connectEvents() {
  const socket = new WebSocket(`${wsScheme}://${window.location.host}${config.eventsUrl}`);
  socket.addEventListener("open", () => {
    // Whatever changed while the stream was down.
    if (eventsAttempts > 0) scheduleThreads(0);
    eventsAttempts = 0;
  });
  socket.addEventListener("message", (event) => {
    let message = null;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    if (message && typeof message.kind === "string" && message.kind.startsWith("thread.")) scheduleThreads();
  });
  socket.addEventListener("close", (event) => {
    if (EVENTS_FINAL_CLOSE_CODES.has(event.code)) return;
    const delay = Math.min(30_000, 1000 * 2 ** eventsAttempts) * (0.75 + Math.random() * 0.5);
    eventsAttempts += 1;
    setTimeout(connectEvents, delay);
  });
}

window.addEventListener("online", () => scheduleThreads(0));

// @mentions ----------------------------------------------------------------------------------------

let mentionLists = 0;

/** Wrap a textarea so that typing "@" offers the group's members; choosing inserts @[Name]. */
function mentionField(textarea) {
  const field = el("div", "mention-field");
  field.append(textarea);
  if (!members.length) return field;
  const list = el("ul", "mention-list");
  list.id = `mention-list-${++mentionLists}`;
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", t("mentionMembers"));
  list.hidden = true;
  field.append(list);
  textarea.setAttribute("aria-autocomplete", "list");
  textarea.setAttribute("aria-controls", list.id);
  textarea.setAttribute("aria-haspopup", "listbox");
  let matches = [];
  let selected = 0;
  let start = -1;

  function typedName() {
    const caret = textarea.selectionStart;
    if (caret !== textarea.selectionEnd) return null;
    const match = /(^|[\s([{«"'])@([^\n@[\]]{0,40})$/.exec(textarea.value.slice(0, caret));
    if (!match) return null;
    start = caret - match[2].length - 1;
    return match[2].trimStart().toLocaleLowerCase();
  }

  function close() {
    list.hidden = true;
    matches = [];
    textarea.removeAttribute("aria-activedescendant");
    textarea.setAttribute("aria-expanded", "false");
  }

  function open() {
    const typed = typedName();
    if (typed === null) return close();
    matches = members
      .filter((name) => {
        const lower = name.toLocaleLowerCase();
        return lower.startsWith(typed) || lower.split(/\s+/).some((word) => word.startsWith(typed));
      })
      .slice(0, 8);
    if (!matches.length) return close();
    selected = Math.min(selected, matches.length - 1);
    list.replaceChildren(
      ...matches.map((name, index) => {
        const option = el("li", "mention-list__option", name);
        option.id = `${list.id}-${index}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", String(index === selected));
        option.addEventListener("mousedown", (event) => event.preventDefault()); // keep the focus
        option.addEventListener("click", () => choose(index));
        return option;
      }),
    );
    list.hidden = false;
    textarea.setAttribute("aria-expanded", "true");
    textarea.setAttribute("aria-activedescendant", `${list.id}-${selected}`);
  }

  function choose(index) {
    const name = matches[index];
    if (!name) return;
    textarea.setRangeText(`@[${name}] `, start, textarea.selectionStart, "end");
    close();
    textarea.focus();
    autosize(textarea);
  }

  textarea.addEventListener("input", () => {
    selected = 0;
    open();
  });
  textarea.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      selected = (selected + (event.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length;
      open();
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      choose(selected);
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  });
  textarea.addEventListener("blur", close);
  return field;
}

// A new comment or suggestion on the selected passage --------------------------------------------

function showCommentsPane() {
  if (phoneLayout.matches || middleLayout.matches) selectTab("comments");
}

function closeThreadForm({ returnFocus = false } = {}) {
  draft = null;
  formSlot.replaceChildren();
  refreshMarks();
  renderThreads();
  if (returnFocus) view.focus();
}

function selectionHint() {
  const hint = el("p", "notice notice--info comments__hint", t("selectFirst"));
  hint.setAttribute("role", "alert");
  formSlot.replaceChildren(hint);
  setTimeout(() => {
    if (hint.isConnected) hint.remove();
  }, 6000);
}

function openThreadForm(kind) {
  if (!config.permissions.comment) return false;
  showCommentsPane();
  const { from, to } = view.state.selection.main;
  if (from === to) {
    draft = null;
    selectionHint();
    refreshMarks();
    return true;
  }
  const selected = view.state.sliceDoc(from, to);
  draft = {
    kind,
    start: Y.createRelativePositionFromTypeIndex(ytext, from),
    end: Y.createRelativePositionFromTypeIndex(ytext, to, PASSAGE_END_ASSOC),
    quote: selected.slice(0, QUOTE_LIMIT),
  };
  const suggestion = kind === "suggestion";
  const form = el("form", "comment-form");
  form.noValidate = true;
  form.dataset.newThread = kind;
  form.setAttribute("aria-labelledby", "comment-form-title");
  const title = el("p", "comment-form__title", t(suggestion ? "newSuggestion" : "newComment"));
  title.id = "comment-form-title";
  const quote = el("blockquote", "thread__quote comment-form__quote", clip(draft.quote));
  form.append(title, quote);

  let replacement = null;
  if (suggestion) {
    replacement = commentInput({ rows: 3 });
    replacement.id = "suggestion-text";
    replacement.name = "replacement";
    replacement.maxLength = QUOTE_LIMIT * 4;
    replacement.value = selected;
    const label = el("label", "comment-form__label", t("suggestionLabel"));
    label.htmlFor = replacement.id;
    form.append(label, replacement);
  }
  const body = commentInput({ rows: suggestion ? 2 : 3, placeholder: t("commentPlaceholder") });
  body.id = "comment-body";
  body.name = "body";
  const bodyLabel = el("label", "comment-form__label", t(suggestion ? "suggestionNoteLabel" : "commentLabel"));
  bodyLabel.htmlFor = body.id;
  const error = el("p", "cthread__error");
  error.setAttribute("role", "alert");
  error.hidden = true;
  const submit = el("button", "btn btn--primary btn--small", t(suggestion ? "suggestSubmit" : "commentSubmit"));
  submit.type = "submit";
  const cancel = el("button", "btn btn--small btn--ghost", t("cancel"));
  cancel.type = "button";
  const actions = el("div", "comment-form__actions");
  actions.append(submit, cancel, el("span", "comment-form__keys", t("sendKeys")));
  form.append(bodyLabel, mentionField(body), error, actions);

  cancel.addEventListener("click", () => closeThreadForm({ returnFocus: true }));
  form.addEventListener("keydown", (event) => {
    if (event.defaultPrevented) return;
    if (event.key === "Escape") {
      event.preventDefault();
      closeThreadForm({ returnFocus: true });
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = body.value.trim();
    const fail = (message, field) => {
      error.textContent = message;
      error.hidden = false;
      field?.focus();
    };
    if (!suggestion && !text) return fail(t("writeSomething"), body);
    if (suggestion && replacement.value === selected) return fail(t("suggestionUnchanged"), replacement);
    const payload = {
      anchor_start: toBase64(Y.encodeRelativePosition(draft.start)),
      anchor_end: toBase64(Y.encodeRelativePosition(draft.end)),
      quote: draft.quote,
      body: text,
    };
    if (suggestion) payload.replacement = replacement.value;
    submit.disabled = true;
    error.hidden = true;
    try {
      const created = await postJson(config.threadsUrl, payload);
      closeThreadForm();
      if (filter === "resolved") setFilter("open");
      activeThread = created.id;
      replaceThread(created);
      announce(t(suggestion ? "suggestionDone" : "commentDone"));
      cards.get(created.id)?.card.focus({ preventScroll: true });
      cards.get(created.id)?.card.scrollIntoView({ block: "nearest" });
    } catch (problem) {
      submit.disabled = false;
      fail(problem.message);
    }
  });

  formSlot.replaceChildren(form);
  refreshMarks();
  renderThreads();
  const first = replacement || body;
  first.focus();
  autosize(first);
  if (replacement) replacement.select();
  return true;
}

view.dispatch({
  effects: StateEffect.appendConfig.of([
    threadMarksField,
    threadClicks,
    keymap.of([{ key: "Mod-Alt-m", run: () => openThreadForm("comment") }]),
  ]),
});

app.querySelectorAll("[data-new-thread]").forEach((button) => {
  button.addEventListener("click", () => openThreadForm(button.dataset.newThread));
});
document.addEventListener("keydown", (event) => {
  // Outside the editor too (the editor's own keymap handles it there and marks it handled).
  if (event.defaultPrevented || !event.altKey || !(event.ctrlKey || event.metaKey) || event.code !== "KeyM") return;
  if (openThreadForm("comment")) event.preventDefault();
});

persistence.whenSynced.then(() => {
  provider.connect();
  render();
});
render();
loadThreads();
connectEvents();
window.accordEditor = {
  ydoc,
  ytext,
  provider,
  view,
  status: () => status.dataset.state,
  threads: () => threads,
};
