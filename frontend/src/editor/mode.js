// Visual or Markdown: which face of the one text a member sees. Visual is the default; the choice
// is remembered per user in this browser (localStorage: a server-side preference can replace it).

import { Compartment } from "@codemirror/state";
import { markdown, markdownLanguage } from "@codemirror/lang-markdown";
import { app, config } from "./config.js";
import { visualMode } from "./visual.js";

export const modeCompartment = new Compartment();
const storageKey = `accord:editor-mode:${config.user.id ?? config.user.name}`;

export function preferredMode() {
  try {
    return window.localStorage.getItem(storageKey) === "markdown" ? "markdown" : "visual";
  } catch {
    return "visual"; // storage refused (private mode): the default
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
  app.querySelectorAll("[data-mode-toggle]").forEach((button) => {
    button.addEventListener("click", () => {
      const mode = app.dataset.mode === "markdown" ? "visual" : "markdown";
      try {
        window.localStorage.setItem(storageKey, mode);
      } catch {
        // Not remembered; it still applies on this page.
      }
      show(mode);
      view.dispatch({ effects: modeCompartment.reconfigure(modeExtensions(mode)) });
      view.focus();
    });
  });
}
