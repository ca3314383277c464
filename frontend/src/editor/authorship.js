// Authorship: who wrote each passage (every Yjs item carries its author's client id).

import { Compartment } from "@codemirror/state";
import { Decoration, ViewPlugin } from "@codemirror/view";
import { app, config, t } from "./config.js";
import { ytext } from "./connection.js";

export const authorship = new Compartment(); // "who wrote what" colouring, off by default

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


/** The "Who wrote what" button switches the colouring of `view` on and off. */
export function setupAuthorship(view) {
  const authorshipToggle = app.querySelector("[data-authorship-toggle]");
  authorshipToggle.addEventListener("click", async () => {
    const on = authorshipToggle.getAttribute("aria-pressed") !== "true";
    if (on) await loadClientOwners();
    authorshipToggle.setAttribute("aria-pressed", String(on));
    authorsLegend.hidden = !on;
    view.dispatch({ effects: authorship.reconfigure(on ? authorshipPlugin : []) });
  });
}
