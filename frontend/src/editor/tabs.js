// Tabs: on phones one pane at a time (text, preview or comments); on middling screens the text
// stays and the right-hand column shows the preview or the comments.

import { app } from "./config.js";

const tabs = [...app.querySelectorAll("[data-tab]")];
export const phoneLayout = window.matchMedia("(max-width: 900px)");
export const middleLayout = window.matchMedia("(min-width: 901px) and (max-width: 1279px)");
app.dataset.side = "preview";

function showTabs() {
  const current = middleLayout.matches ? app.dataset.side : app.dataset.view;
  tabs.forEach((tab) => tab.setAttribute("aria-selected", String(tab.dataset.tab === current)));
}

export function selectTab(name) {
  app.dataset.view = name;
  if (name !== "edit") app.dataset.side = name;
  showTabs();
}

tabs.forEach((tab) => tab.addEventListener("click", () => selectTab(tab.dataset.tab)));
middleLayout.addEventListener("change", showTabs);
showTabs();
