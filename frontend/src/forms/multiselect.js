// A searchable list of choices, added over a plain list of checkboxes (the package builder's
// recipients and signing organizations). The markup without this script is an ordinary
// checkbox list that works as it is; the script adds a search field over it that hides the
// items not matching and a live count of shown and chosen items. `data-multiselect` marks the
// container; `data-multiselect-items` names its items (default: each choice of a Django
// CheckboxSelectMultiple); `data-multiselect-search` is the search field's label and
// `data-multiselect-count` the count line's template.

import { filterItems, formatCount } from "./filter.js";

const DEFAULT_ITEMS = ".field__choices > div > div";
// A short list is read at a glance: no search field for it.
const MIN_ITEMS = 6;
let serial = 0;

function enhance(container) {
  const items = [...container.querySelectorAll(container.dataset.multiselectItems || DEFAULT_ITEMS)];
  if (items.length < MIN_ITEMS) return;
  serial += 1;
  const id = `multiselect-${serial}`;
  const tools = document.createElement("div");
  tools.className = "multiselect__tools";
  const label = document.createElement("label");
  label.htmlFor = id;
  label.className = "field__label";
  label.textContent = container.dataset.multiselectSearch || "";
  const search = document.createElement("input");
  search.type = "search";
  search.id = id;
  search.className = "multiselect__search";
  search.autocomplete = "off";
  const count = document.createElement("span");
  count.className = "multiselect__count";
  count.setAttribute("role", "status");
  count.id = `${id}-count`;
  search.setAttribute("aria-describedby", count.id);
  tools.append(label, search, count);

  const list = items[0].parentElement.closest("table") || items[0].parentElement;
  list.setAttribute("data-multiselect-list", "");
  list.before(tools);
  container.classList.add("multiselect");

  const update = () => {
    const { shown, counts } = filterItems(
      search.value,
      items.map((item) => ({
        text: item.textContent,
        chosen: Boolean(item.querySelector("input[type=checkbox]:checked")),
      })),
    );
    items.forEach((item, index) => {
      item.hidden = !shown[index];
    });
    count.textContent = formatCount(container.dataset.multiselectCount || "", counts);
  };
  search.addEventListener("input", update);
  // Enter in the search field filters; it must not send the whole form.
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault();
  });
  container.addEventListener("change", update);
  update();
}

export function enhanceAll(root = document) {
  for (const container of root.querySelectorAll("[data-multiselect]")) enhance(container);
}
