// Text the server refuses in the shared document (it closes the socket with UNSAFE_UPDATE, docs/realtime-protocol.md): a lone
// UTF-16 surrogate (a browser encodes it as U+FFFD on the wire) and U+FFFD itself. Text typed,
// pasted or dropped is cleaned of them before it reaches the document, so a paste from a damaged
// Word file never disconnects the editor. No imports: a Node test reads it as it is.

const UNSAFE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\uFFFD/g;

export function hasUnsafeText(text) {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}

export function cleanText(text) {
  return text.replace(UNSAFE, "");
}
