// The pure part of the searchable list of choices (forms/multiselect.js): which items a query
// keeps, and the count line. No DOM here, so Node tests it (frontend/tests/multiselect.test.mjs).

/** Lower case, «ё» as «е», quotes and punctuation dropped, spaces collapsed. */
export function normalize(text) {
  return String(text ?? "")
    .toLocaleLowerCase("ru")
    .replaceAll("ё", "е")
    .replace(/[«»"'“”„.,;:()]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Every word of the query starts a word of the text, in any order: «ком образ» finds
 *  «Комитет по образованию». An empty query keeps everything. */
export function matches(query, text) {
  const words = normalize(query).split(" ").filter(Boolean);
  if (words.length === 0) return true;
  const haystack = normalize(text).split(/[\s\-–—/]+/);
  return words.every((word) => haystack.some((part) => part.startsWith(word)));
}

/** items: [{text, chosen}] → which are shown, and the counts for the status line. */
export function filterItems(query, items) {
  const shown = items.map((item) => matches(query, item.text));
  return {
    shown,
    counts: {
      shown: shown.filter(Boolean).length,
      total: items.length,
      chosen: items.filter((item) => item.chosen).length,
    },
  };
}

/** Fills a translated template such as "%(shown)s of %(total)s shown · %(chosen)s chosen". */
export function formatCount(template, counts) {
  return template.replace(/%\((\w+)\)s/g, (whole, key) => (key in counts ? String(counts[key]) : whole));
}
