// The connection to the server: the shared Yjs text over y-websocket, kept in IndexedDB until the
// server has confirmed it, the status shown in the bar, and the read-only mode.

import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { IndexeddbPersistence } from "y-indexeddb";
import { EditorView } from "@codemirror/view";
import { Compartment, EditorState } from "@codemirror/state";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import * as syncProtocol from "y-protocols/sync";
import { app, config, t } from "./config.js";
import { FINAL_CLOSE_CODES } from "../close-codes.js";

const MESSAGE_SYNC = 0;
const MESSAGE_AUTH = 2;
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;

export const ydoc = new Y.Doc();
export const ytext = ydoc.getText("markdown");
export const persistence = new IndexeddbPersistence(`accord:proposal:${config.proposal}`, ydoc);

export const wsScheme = window.location.protocol === "https:" ? "wss" : "ws";
export const provider = new WebsocketProvider(
  `${wsScheme}://${window.location.host}/ws/proposals`,
  `${config.proposal}/`,
  ydoc,
  { connect: false, maxBackoffTime: 5000 },
);

// Read-only mode: by role at page load, and whenever the server says so (auth message).
export const editable = new Compartment();
let readOnly = !config.permissions.writable;
// Commenters cannot change the text but must be able to select a passage (also by keyboard), so
// their editor stays focusable and only the state is read-only.
export const editableExtensions = (canEdit) => [
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

const status = app.querySelector("[data-status]");
const readOnlyNotice = app.querySelector("[data-readonly]");
let view = null;

export const isReadOnly = () => readOnly;
export const statusState = () => status.dataset.state;

/** The editor whose editability follows the read-only mode. */
export function attachView(editorView) {
  view = editorView;
}

export function setReadOnly(value) {
  if (readOnly === value) return;
  readOnly = value;
  view?.dispatch({ effects: editable.reconfigure(editableExtensions(!readOnly)) });
  render();
}

export function render() {
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
