// Who is present, one entry per person: the awareness states of every tab (a Yjs client each)
// grouped by the account behind them. The server stamps each remote state's user with the
// account's id; this tab's own state carries none, so the caller says who it is. Pure: no DOM.

const FALLBACK_COLOUR = "#1f4e8c";
const HEX_COLOUR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/;

/**
 * states: Map (or iterable of [clientID, state]) as awareness.getStates() gives;
 * localClientId: this tab's clientID; localUser: { id, name, color } of this tab's account.
 * → [{ key, id, name, color, tabs, self }], this account first, then in order of arrival.
 */
export function groupPresence(states, { localClientId, localUser } = {}) {
  const people = new Map();
  for (const [clientId, state] of states) {
    const given = state && typeof state === "object" ? state.user : null;
    if (!given || typeof given !== "object") continue;
    const local = clientId === localClientId;
    const id = local && localUser?.id != null ? localUser.id : given.id;
    const name = typeof given.name === "string" ? given.name.trim() : "";
    if (!name) continue;
    // No id (an older server): the name is all there is to tell people apart.
    const key = id != null ? `id:${id}` : `name:${name}`;
    const self = local || (localUser?.id != null && id === localUser.id);
    const person = people.get(key);
    if (person) {
      person.tabs += 1;
      person.self = person.self || self;
    } else {
      people.set(key, {
        key,
        id: id ?? null,
        name,
        color: HEX_COLOUR.test(given.color) ? given.color : FALLBACK_COLOUR,
        tabs: 1,
        self,
      });
    }
  }
  const list = [...people.values()];
  return [...list.filter((person) => person.self), ...list.filter((person) => !person.self)];
}

/**
 * The plural form for `count` from forms keyed by Intl.PluralRules categories
 * ({ one, few, many, other }), with %(count)s replaced.
 */
export function pluralText(forms, count, locale = "ru") {
  let category = "other";
  try {
    category = new Intl.PluralRules(locale).select(count);
  } catch {
    // an unknown locale: "other"
  }
  const text = forms?.[category] ?? forms?.other ?? "%(count)s";
  return text.replace("%(count)s", String(count));
}
