// Stock Yjs clients (y-websocket v3 and v2) against Accord's websocket, some of them hostile.
//
// Usage: node frontend/tests/yjs-hostile.mjs '<json>'
//   {"url", "room", "cookie" (an editor), "readerCookie" (an observer), "origin",
//    "mode": "unicode" | "large" | "read"}
// unicode: hostile editors split surrogate pairs (delete half an emoji, insert inside one) and
//   insert a lone surrogate; each must be closed with 4422 while an honest editor, a reader and a
//   fresh client keep agreeing; then the honest editor edits around Cyrillic, emoji and combining
//   marks. large: a client opens the (large) document, appends to it, and a fresh client sees it.
//   read: a fresh client reports the text it syncs (after edits made on the server).
// Prints one JSON line: {"ok": true, "text": ..., "checks": [...]} or {"ok": false, ...}.

import * as Y from 'yjs'
import WebSocket from 'ws'
import { WebsocketProvider as WebsocketProviderV3 } from 'y-websocket'
import { WebsocketProvider as WebsocketProviderV2 } from 'y-websocket-v2'

const config = JSON.parse(process.argv[2] || '{}')
const checks = []
const events = []
const providers = []
let finished = false

const finish = (result) => {
  if (finished) return
  finished = true
  for (const provider of providers) {
    try { provider.destroy() } catch (error) { events.push(`destroy failed: ${error}`) }
  }
  const ok = result.ok === true
  process.stdout.write(JSON.stringify({ ...result, checks, events }) + '\n')
  setTimeout(() => process.exit(ok ? 0 : 1), 100).unref()
  process.exitCode = ok ? 0 : 1
}
const overall = setTimeout(() => finish({ ok: false, error: 'timed out after 50 s' }), 50_000)

const socketClass = (cookie) =>
  class CookieWebSocket extends WebSocket {
    constructor (url, protocols) {
      super(url, protocols, { headers: { Cookie: cookie, Origin: config.origin } })
    }
  }

const open = (Provider, label, cookie) => {
  const doc = new Y.Doc()
  const provider = new Provider(config.url, `${config.room}/`, doc, {
    WebSocketPolyfill: socketClass(cookie),
    disableBc: true
  })
  providers.push(provider)
  const client = { label, doc, provider, text: doc.getText('markdown'), closes: [] }
  provider.on('connection-close', (event) => {
    if (event) {
      client.closes.push(event.code)
      events.push(`${label}: closed by server ${event.code} ${event.reason || ''}`.trim())
    }
  })
  return client
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const waitFor = async (what, predicate, timeout = 15_000) => {
  const deadline = Date.now() + timeout
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(20)
  }
}
const waitSynced = (client) =>
  waitFor(`${client.label} to sync`, () => client.provider.synced && client.provider.wsconnected)
const check = (name, passed, detail) => {
  checks.push(detail === undefined ? { name, passed } : { name, passed, detail })
  if (!passed) throw new Error(`check failed: ${name} ${JSON.stringify(detail ?? null)}`)
}
const codes = (text) => Array.from(text).map((char) => char.codePointAt(0).toString(16))

/** A hostile editor: connects, does `attack` to its own copy, and must be refused with 4422. */
const attack = async (name, doAttack, honest, reader) => {
  const before = honest.text.toString()
  const hostile = open(WebsocketProviderV3, `hostile: ${name}`, config.cookie)
  await waitSynced(hostile)
  doAttack(hostile.text)
  await waitFor(`${name} to be refused`, () => hostile.closes.length > 0)
  check(`${name}: closed with 4422`, hostile.closes[0] === 4422, hostile.closes)
  await sleep(300)
  check(`${name}: not reconnecting`, !hostile.provider.wsconnected && hostile.closes.length === 1)
  check(`${name}: the honest editor's text is untouched`, honest.text.toString() === before,
    codes(honest.text.toString()))
  check(`${name}: the reader's text is untouched`, reader.text.toString() === before)
  hostile.provider.destroy()
}

const unicode = async () => {
  const honest = open(WebsocketProviderV3, 'honest (v3)', config.cookie)
  const reader = open(WebsocketProviderV2, 'reader (v2)', config.readerCookie)
  await Promise.all([waitSynced(honest), waitSynced(reader)])
  const start = honest.text.toString()
  check('the start text holds the emoji', start.includes('😀') && start.includes('👍🏽'), start)
  const emoji = () => honest.text.toString().indexOf('😀')

  await attack('delete the second half of an emoji', (text) => text.delete(emoji() + 1, 1), honest, reader)
  await attack('delete the first half of an emoji', (text) => text.delete(emoji(), 1), honest, reader)
  await attack('insert inside an emoji', (text) => text.insert(emoji() + 1, 'X'), honest, reader)
  await attack('insert a lone high surrogate', (text) => text.insert(0, 'a\ud83d'), honest, reader)
  await attack('insert a lone low surrogate', (text) => text.insert(3, '\ude00b'), honest, reader)
  await attack('delete across half an emoji', (text) => text.delete(emoji() - 2, 3), honest, reader)

  // The honest editor edits around Cyrillic, emoji and combining marks, at code point bounds.
  const text = honest.text
  text.insert(emoji() + 2, 'Ж')
  const accent = text.toString().indexOf('\u0301')
  text.delete(accent, 1) // the combining mark alone: a code point of its own
  const thumbs = text.toString().indexOf('👍🏽')
  text.delete(thumbs, 4) // the emoji and its skin tone modifier: two pairs
  text.insert(text.toString().indexOf('конец'), '🎉 ё ')
  text.insert(text.length, ' и\u0308 🇷🇺')
  const expected = text.toString()
  await waitFor('the reader to converge', () => reader.text.toString() === expected)
  check('the reader has the honest edits', true, codes(expected))

  const fresh = open(WebsocketProviderV2, 'fresh (v2)', config.readerCookie)
  await waitSynced(fresh)
  check('a fresh client has the same text', fresh.text.toString() === expected,
    { fresh: codes(fresh.text.toString()), expected: codes(expected) })
  check('the honest editor is still connected', honest.provider.wsconnected && honest.closes.length === 0)
  return expected
}

const large = async () => {
  const started = Date.now()
  const editor = open(WebsocketProviderV3, 'editor (v3)', config.cookie)
  await waitSynced(editor)
  const length = editor.text.length
  check('the large document opened', length >= 800_000, { length, ms: Date.now() - started })
  check('without being closed', editor.closes.length === 0, editor.closes)
  editor.text.insert(editor.text.length, ' [конец 🏁]')
  const expected = editor.text.toString()
  const fresh = open(WebsocketProviderV2, 'fresh (v2)', config.readerCookie)
  await waitSynced(fresh)
  await waitFor('the fresh client to have the edit', () => fresh.text.toString() === expected)
  check('a fresh client has the edit', true, { ms: Date.now() - started })
  return expected
}

/** read: a fresh client's view of the stored document (after server-side edits). */
const read = async () => {
  const fresh = open(WebsocketProviderV3, 'fresh (v3)', config.readerCookie)
  await waitSynced(fresh)
  check('the fresh client synced without being closed', fresh.closes.length === 0, fresh.closes)
  return fresh.text.toString()
}

const main = async () => {
  const modes = { large, read, unicode }
  const text = await (modes[config.mode] || unicode)()
  clearTimeout(overall)
  finish({ ok: true, text })
}

main().catch((error) => {
  clearTimeout(overall)
  finish({ ok: false, error: String(error?.stack || error) })
})
