// Visual or Markdown: which face of the one text a member sees. Visual is the default; the choice
// is remembered on the member's account (POST config.editorModeUrl), so it follows them from one
// browser to another. localStorage keeps a choice the server could not take yet (offline): it
// applies in this browser and is sent again on the next visit.

import { Compartment } from "@codemirror/state";
import { markdown, markdownLanguage } from "@codemirror/lang-markdown";
import { app, config } from "./config.js";
import { visualMode } from "./visual.js";

export const modeCompartment = new Compartment();
const storageKey = `accord:editor-mode:${config.user.id ?? config.user.name}`;
const MODES = ["visual", "markdown"];

function pendingMode() {
  try {
    const mode = window.localStorage.getItem(storageKey);
    return MODES.includes(mode) ? mode : null;
  } catch {
    return null; // storage refused (private mode)
  }
}

function keepPending(mode) {
  try {
    if (mode) window.localStorage.setItem(storageKey, mode);
    else window.localStorage.removeItem(storageKey);
  } catch {
    // Not remembered here; the server may still have it.
  }
}

export function preferredMode() {
  const server = MODES.includes(config.user.editorMode) ? config.user.editorMode : "visual";
  return pendingMode() || server;
}

async function saveMode(mode) {
  try {
    const response = await fetch(config.editorModeUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": config.csrfToken },
      body: JSON.stringify({ mode }),
    });
    if (!response.ok) throw new Error(String(response.status));
    keepPending(null);
  } catch {
    keepPending(mode); // offline: this browser remembers it and tells the server next time
  }
}

// Visual mode reads GitHub's Markdown (tables, strikethrough); Markdown mode stays as it was.
const visualLanguage = markdown({ base: markdownLanguage });
const sourceLanguage = markdown();
export const modeExtensions = (mode) => (mode === "visual" ? [visualLanguage, visualMode] : sourceLanguage);

function show(mode) {
  app.dataset.mode = mode;
  app.querySelectorAll("[data-mode-toggle]").forEach((button) => button.setAttribute("aria-pressed", String(mode === "markdown")));
}

/** The "Markdown" switch: pressed, the source; released, the document. */
export function setupMode(view) {
  show(preferredMode());
  const pending = pendingMode();
  if (pending && pending !== config.user.editorMode && config.editorModeUrl) saveMode(pending);
  app.querySelectorAll("[data-mode-toggle]").forEach((button) => {
    button.addEventListener("click", () => {
      const mode = app.dataset.mode === "markdown" ? "visual" : "markdown";
      show(mode);
      view.dispatch({ effects: modeCompartment.reconfigure(modeExtensions(mode)) });
      view.focus();
      if (config.editorModeUrl) saveMode(mode);
      else keepPending(mode);
    });
  });
}
