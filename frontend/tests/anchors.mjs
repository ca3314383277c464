// Comment anchors as the browser makes them, for the server's anchor tests.
//
// Reads JSON lines on stdin and answers each with one JSON line on stdout; stays alive until
// stdin closes, so a test module spawns it once. Each request:
//   {
//     "initial": "..." | ["...", ...],   the text before the edits; a list is appended piece by
//                                        piece by distinct clients, so it spans several items
//     "from": 3, "to": 9,                the passage [from, to), UTF-16 units of the initial text
//     "edits": [                         concurrent edits, each by its client's own Y.Doc
//       {"client": 0, "op": "insert", "index": 4, "text": "..."},
//       {"client": 1, "op": "delete", "index": 2, "length": 5}
//     ]                                  indexes in UTF-16 units of that client's local text
//   }
// The anchors (start: assoc 0, end: assoc -1) are made with Y.createRelativePositionFromTypeIndex
// on the synced initial text BEFORE the edits; then every client edits its own copy, and all
// copies are merged. Indexes that fall inside a surrogate pair or past the end are moved to the
// nearest code point boundary, so an emoji is never split. Answer:
//   {"update": base64 (Y.encodeStateAsUpdate of the merged doc), "start": base64, "end": base64,
//    "text": the merged text, "yjsStart": n, "yjsEnd": n}   (UTF-16 indexes Yjs resolves to)
// or {"error": "..."}.

import * as Y from 'yjs'
import { createInterface } from 'node:readline'

const TEXT_NAME = 'markdown' // realtime.store.TEXT_NAME
const SEED_CLIENT = 1 // realtime.store.SEED_CLIENT_ID
const FIRST_EDITOR_CLIENT = 100

const base64 = (bytes) => Buffer.from(bytes).toString('base64')

const isHighSurrogate = (code) => code >= 0xd800 && code <= 0xdbff

// The nearest code point boundary at or below `index`, within [0, text.length].
const boundary = (text, index) => {
  let at = Math.max(0, Math.min(text.length, Math.trunc(index)))
  if (at > 0 && at < text.length && isHighSurrogate(text.charCodeAt(at - 1))) at -= 1
  return at
}

const docFor = (clientID) => {
  const doc = new Y.Doc()
  doc.clientID = clientID
  return doc
}

const sync = (from, to) => {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)))
}

const answer = (request) => {
  const pieces = Array.isArray(request.initial) ? request.initial : [request.initial ?? '']
  const seed = docFor(SEED_CLIENT)
  pieces.forEach((piece, number) => {
    // Each piece by its own client (as if typed by different people), appended at the end.
    const writer = docFor(SEED_CLIENT + 1 + number)
    sync(seed, writer)
    const shared = writer.getText(TEXT_NAME)
    shared.insert(shared.length, piece)
    sync(writer, seed)
  })
  const initial = seed.getText(TEXT_NAME)
  const from = boundary(initial.toString(), request.from)
  const to = boundary(initial.toString(), request.to)
  const start = Y.createRelativePositionFromTypeIndex(initial, from, 0)
  const end = Y.createRelativePositionFromTypeIndex(initial, to, -1)

  const editors = new Map()
  const editor = (client) => {
    if (!editors.has(client)) {
      const doc = docFor(FIRST_EDITOR_CLIENT + client)
      sync(seed, doc)
      editors.set(client, doc)
    }
    return editors.get(client)
  }
  for (const edit of request.edits ?? []) {
    const shared = editor(edit.client).getText(TEXT_NAME)
    const text = shared.toString()
    const index = boundary(text, edit.index)
    if (edit.op === 'insert') {
      if (edit.text) shared.insert(index, edit.text)
    } else if (edit.op === 'delete') {
      const stop = boundary(text, index + Math.max(0, edit.length))
      if (stop > index) shared.delete(index, stop - index)
    } else {
      throw new Error(`unknown op ${edit.op}`)
    }
  }
  const merged = docFor(SEED_CLIENT + 999)
  sync(seed, merged)
  for (const doc of editors.values()) sync(doc, merged)

  const resolve = (relative) => {
    const absolute = Y.createAbsolutePositionFromRelativePosition(relative, merged)
    return absolute === null ? null : absolute.index
  }
  return {
    update: base64(Y.encodeStateAsUpdate(merged)),
    start: base64(Y.encodeRelativePosition(start)),
    end: base64(Y.encodeRelativePosition(end)),
    text: merged.getText(TEXT_NAME).toString(),
    yjsStart: resolve(start),
    yjsEnd: resolve(end),
  }
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })
lines.on('line', (line) => {
  if (!line.trim()) return
  let result
  try {
    result = answer(JSON.parse(line))
  } catch (error) {
    result = { error: String(error && error.stack ? error.stack : error) }
  }
  process.stdout.write(JSON.stringify(result) + '\n')
})
