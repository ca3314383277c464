// Presence: this member's name and colour for the others, and the members present, one chip
// per person however many tabs they have open (presence-model.js); cursors stay per tab.

import { app, config } from "./config.js";
import { provider } from "./connection.js";
import { groupPresence, pluralText } from "./presence-model.js";

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

const presenceList = app.querySelector("[data-presence]");
const lang = document.documentElement.lang || "ru";

function chip(person) {
  const item = document.createElement("li");
  item.className = "presence__person";
  if (person.self) item.classList.add("presence__person--self");
  const dot = document.createElement("span");
  dot.className = "presence__dot";
  dot.style.background = person.color;
  dot.setAttribute("aria-hidden", "true");
  item.append(dot, document.createTextNode(person.name));
  if (person.tabs > 1) {
    // "×2" to the eye, «2 вкладки» to a screen reader and in the tooltip.
    const label = pluralText(config.strings.presenceTabs, person.tabs, lang);
    const badge = document.createElement("span");
    badge.className = "presence__tabs";
    badge.dataset.tabs = String(person.tabs);
    badge.title = label;
    const shown = document.createElement("span");
    shown.setAttribute("aria-hidden", "true");
    shown.textContent = `×${person.tabs}`;
    const spoken = document.createElement("span");
    spoken.className = "visually-hidden";
    spoken.textContent = `, ${label}`;
    badge.append(shown, spoken);
    item.append(badge);
  }
  return item;
}

function renderPresence() {
  const people = groupPresence(provider.awareness.getStates(), {
    localClientId: provider.awareness.clientID,
    localUser: config.user,
  });
  presenceList.replaceChildren(...people.map(chip));
}
provider.awareness.on("change", renderPresence);
