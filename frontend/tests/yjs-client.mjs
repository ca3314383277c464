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

import { WebsocketProvider as WebsocketProviderV3 } from 'y-websocket'
import { WebsocketProvider as WebsocketProviderV2 } from 'y-websocket-v2'
import { Harness, readConfig, sleep } from './yjs-harness.mjs'

const config = readConfig(['url', 'room', 'cookie', 'readerCookie', 'origin', 'expectedName'])
const harness = new Harness({ overallTimeoutMs: 30_000 })
const check = (...args) => harness.check(...args)
const waitFor = (...args) => harness.waitFor(...args)
const waitSynced = (client) => harness.waitSynced(client)
const open = (Provider, label, cookie) =>
  harness.open({ Provider, label, cookie, url: config.url, room: config.room, origin: config.origin })

// The stock providers log "Permission denied ..." with console.warn when the server sends
// y-protocols' auth message; note it so that the reader's notice can be checked.
const warnings = []
const warn = console.warn
console.warn = (...args) => {
  warnings.push(args.join(' '))
  warn(...args)
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

  return { text: b.text.toString(), readerText, ms: Date.now() - started }
}

harness.run(main)
