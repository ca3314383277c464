// The header's menu button on phones: a disclosure (aria-expanded) for the navigation and the
// account links. Without this script the header shows everything, wrapped over several rows.

for (const topbar of document.querySelectorAll(".topbar")) {
  const toggle = topbar.querySelector(".topbar__toggle");
  const menu = topbar.querySelector(".topbar__menu");
  if (!toggle || !menu) continue;
  topbar.classList.add("is-collapsible");
  const set = (open) => {
    toggle.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("is-open", open);
  };
  set(false);
  toggle.addEventListener("click", () => set(toggle.getAttribute("aria-expanded") !== "true"));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.classList.contains("is-open")) {
      set(false);
      toggle.focus();
    }
  });
}
