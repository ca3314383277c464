// Presence: this member's name and colour for the others, and the list of members present.

import { app, config } from "./config.js";
import { provider } from "./connection.js";

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
