// The live editor: CodeMirror 6 bound to the proposal's shared Yjs text over y-websocket.
// Edits are kept in IndexedDB (y-indexeddb) until the server has confirmed them, so a reload,
// a closed laptop or a lost connection loses nothing.

import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { IndexeddbPersistence } from "y-indexeddb";
import { yCollab, yUndoManagerKeymap } from "y-codemirror.next";
import { basicSetup } from "codemirror";
import { EditorView, keymap, ViewPlugin, Decoration } from "@codemirror/view";
import { EditorState, Compartment, EditorSelection } from "@codemirror/state";
import { markdown } from "@codemirror/lang-markdown";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import * as syncProtocol from "y-protocols/sync";

const MESSAGE_SYNC = 0;
const MESSAGE_AUTH = 2;
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
// Close codes after which reconnecting cannot help (docs/realtime-protocol.md).
const FINAL_CLOSE_CODES = new Set([4400, 4401, 4403, 4413, 4429]);

const app = document.getElementById("editor-app");
const config = JSON.parse(document.getElementById("editor-config").textContent);
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

// Read-only mode: by role at page load, and whenever the server says so (auth message).
const editable = new Compartment();
const authorship = new Compartment(); // "who wrote what" colouring, off by default
let readOnly = Boolean(config.readOnly);
const editableExtensions = (canEdit) => [EditorView.editable.of(canEdit), EditorState.readOnly.of(!canEdit)];

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
      keymap.of([...yUndoManagerKeymap, ...formattingKeymap()]),
      basicSetup,
      markdown(),
      EditorView.lineWrapping,
      editable.of(editableExtensions(!readOnly)),
      authorship.of([]),
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

// Tabs on phones: editor or preview.
app.querySelectorAll("[data-tab]").forEach((tab) => {
  tab.addEventListener("click", () => {
    app.dataset.view = tab.dataset.tab;
    app.querySelectorAll("[data-tab]").forEach((other) => other.setAttribute("aria-selected", String(other === tab)));
  });
});

persistence.whenSynced.then(() => {
  provider.connect();
  render();
});
render();
window.accordEditor = { ydoc, ytext, provider, view, status: () => status.dataset.state };
