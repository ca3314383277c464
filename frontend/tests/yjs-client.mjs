// A real Yjs client against Accord's websocket: the stock WebsocketProvider of y-websocket v3
// and of y-websocket v2, unchanged, co-edit one proposal; a reader may not write.
//
// Usage: node frontend/tests/yjs-client.mjs '<json>'   (or the JSON in YJS_CLIENT_CONFIG)
//   {
//     "url": "ws://127.0.0.1:PORT/ws/proposals",   the provider's serverUrl
//     "room": "<uuid>",                              the proposal's public id
//     "cookie": "sessionid=...",                     an editor's session
//     "readerCookie": "sessionid=...",               an observer's session
//     "origin": "http://127.0.0.1",
//     "expectedName": "...",                         the editor's real display name
//     "initialText": "..."                           optional: the text the server starts with
//   }
// Prints one JSON line: {"ok": true, "text": ..., "checks": [...]} (exit 0)
// or {"ok": false, "error": ..., "checks": [...]} (exit 1). Gives up after 30 s.

import * as Y from 'yjs'
import WebSocket from 'ws'
import { WebsocketProvider as WebsocketProviderV3 } from 'y-websocket'
import { WebsocketProvider as WebsocketProviderV2 } from 'y-websocket-v2'

const OVERALL_TIMEOUT_MS = 30_000
const WAIT_TIMEOUT_MS = 10_000

const config = JSON.parse(process.argv[2] || process.env.YJS_CLIENT_CONFIG || '{}')
for (const key of ['url', 'room', 'cookie', 'readerCookie', 'origin', 'expectedName']) {
  if (typeof config[key] !== 'string' || config[key] === '') {
    console.log(JSON.stringify({ ok: false, error: `config.${key} is missing` }))
    process.exit(1)
  }
}

const checks = []
const providers = []
const events = [] // closes and errors, for the report when something fails
let finished = false

const finish = (result) => {
  if (finished) return
  finished = true
  for (const provider of providers) {
    try {
      provider.destroy()
    } catch (error) {
      events.push(`destroy failed: ${error}`)
    }
  }
  const ok = result.ok === true
  process.stdout.write(JSON.stringify({ ...result, checks, events: ok ? undefined : events }) + '\n')
  // Let the sockets send their close frames, then leave even if a timer is still pending.
  setTimeout(() => process.exit(ok ? 0 : 1), 100).unref()
  process.exitCode = ok ? 0 : 1
}

const overall = setTimeout(
  () => finish({ ok: false, error: `timed out after ${OVERALL_TIMEOUT_MS} ms` }),
  OVERALL_TIMEOUT_MS
)

// The stock providers log "Permission denied ..." with console.warn when the server sends
// y-protocols' auth message; note it so that the reader's notice can be checked.
const warnings = []
const warn = console.warn
console.warn = (...args) => {
  warnings.push(args.join(' '))
  warn(...args)
}

/** A `ws` WebSocket that sends the session cookie and the Origin header. */
const socketClass = (cookie) =>
  class CookieWebSocket extends WebSocket {
    constructor (url, protocols) {
      super(url, protocols, { headers: { Cookie: cookie, Origin: config.origin } })
    }
  }

const roomname = `${config.room}/` // the Django route ends with "/"

const open = (Provider, label, cookie) => {
  const doc = new Y.Doc()
  const provider = new Provider(config.url, roomname, doc, {
    WebSocketPolyfill: socketClass(cookie),
    // Same process, same room: without this the providers would sync through lib0's
    // BroadcastChannel and the server would not be tested at all.
    disableBc: true
  })
  providers.push(provider)
  provider.on('connection-close', (event) => {
    if (event) events.push(`${label}: closed by server ${event.code} ${event.reason || ''}`.trim())
  })
  provider.on('connection-error', (event) => {
    events.push(`${label}: connection error ${event?.message || event?.error || ''}`.trim())
  })
  provider.on('closed', (event) => {
    events.push(`${label}: closed for good with ${event.code} ${event.reason || ''}`.trim())
  })
  return { label, doc, provider, text: doc.getText('markdown') }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

const waitFor = async (what, predicate, timeout = WAIT_TIMEOUT_MS) => {
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
  if (!passed) {
    throw new Error(`check failed: ${name}${detail === undefined ? '' : ` (${JSON.stringify(detail)})`}`)
  }
}

const main = async () => {
  const started = Date.now()

  // (a) an editor over v3 and the same editor over v2; the URL is serverUrl + "/" + roomname.
  const a = open(WebsocketProviderV3, 'A (v3)', config.cookie)
  const b = open(WebsocketProviderV2, 'B (v2)', config.cookie)
  check('url', a.provider.url === `${config.url}/${config.room}/` && b.provider.url === a.provider.url, a.provider.url)
  await Promise.all([waitSynced(a), waitSynced(b)])
  check('A and B synced', true, { ms: Date.now() - started })
  const initial = a.text.toString()
  check('A and B start with the same text', b.text.toString() === initial, initial)
  if (typeof config.initialText === 'string') {
    check('the start text is the stored text', initial === config.initialText, initial)
  }

  // (b) concurrent edits from both providers.
  const fromV3 = '«Привет» — от v3. '
  const fromV2 = ' Ответ от v2 — ёж.'
  a.text.insert(0, fromV3)
  b.text.insert(b.text.length, fromV2)
  await waitFor('A and B to converge', () => {
    const textA = a.text.toString()
    return textA === b.text.toString() && textA.includes(fromV3) && textA.includes(fromV2)
  })
  check('A and B converge on both edits', true, a.text.toString())

  // (c) presence: the server puts the real name on it, whatever the client claims.
  a.provider.awareness.setLocalStateField('user', { name: 'fake', color: '#123456' })
  const stateOfA = () => b.provider.awareness.getStates().get(a.doc.clientID)
  await waitFor("B to see A's presence with the real name", () => stateOfA()?.user?.name === config.expectedName)
  check('B sees A with the real name', true, stateOfA().user)
  check("A's colour is kept", stateOfA().user.color === '#123456', stateOfA().user)

  // (d) a reader syncs, then types: nobody else may receive it.
  const c = open(WebsocketProviderV3, 'C (v3, reader)', config.readerCookie)
  await waitSynced(c)
  check('reader C synced with the same text', c.text.toString() === a.text.toString(), c.text.toString())
  await waitFor('the read-only notice', () => warnings.some((line) => line.includes('read-only')), 2000)
    .then(() => check('reader C was told it is read-only', true))
    .catch(() => check('reader C was told it is read-only', false, warnings))
  const readerText = `[читатель ${Date.now()}]`
  c.text.insert(0, readerText)
  await sleep(1000)
  check('A and B did not receive the reader\'s edit',
    !a.text.toString().includes(readerText) && !b.text.toString().includes(readerText))
  check('reader C is still connected', c.provider.wsconnected)

  // (e) A goes offline, edits, comes back: B receives the offline edit.
  a.provider.disconnect()
  check('A is offline', !a.provider.wsconnected && a.provider.ws === null)
  await waitFor("B to see A's presence go", () => stateOfA() === undefined, 5000)
    .then(() => check("B saw A's presence go", true))
    .catch(() => check("B saw A's presence go", false, stateOfA()))
  const offline = ' [офлайн-правка A]'
  a.text.insert(a.text.length, offline)
  await sleep(300)
  check('B does not have the offline edit yet', !b.text.toString().includes(offline))
  const reconnected = Date.now()
  a.provider.connect()
  await waitSynced(a)
  await waitFor('B to receive the offline edit', () =>
    b.text.toString().includes(offline) && b.text.toString() === a.text.toString())
  check('B received the offline edit after A reconnected', true, { ms: Date.now() - reconnected })
  check('A and B are equal', a.text.toString() === b.text.toString())

  const text = b.text.toString()
  clearTimeout(overall)
  finish({ ok: true, text, readerText, ms: Date.now() - started })
}

main().catch((error) => {
  clearTimeout(overall)
  finish({ ok: false, error: String(error?.stack || error) })
})
