// Presence batching seen by stock clients: four stock providers (y-websocket v3 and v2) on one
// proposal, spread over the given servers, check what docs/realtime-protocol.md ("Presence in
// ticks") promises them:
//   - every client sees the others with their real names and cursors;
//   - an echo storm (the same state re-sent 20 times) adds no frames for the others, and 20
//     cursor moves in a burst reach them as a few batched frames ending on the last position;
//   - over 40 s of silence no client times out (y-websocket closes a socket that heard nothing
//     for 30 s, y-protocols forgets a state not renewed for 30 s);
//   - when clients leave, the others see them go.
//
// Usage: node frontend/tests/yjs-presence.mjs '<json>'
//   {
//     "servers": [{"url": "ws://127.0.0.1:PORT/ws/proposals", "origin": "http://127.0.0.1:PORT"}, ...],
//                                            client i uses servers[i % servers.length]
//     "room": "<uuid>", "cookie": "sessionid=...",
//     "expectedName": "...",                              the editor's real display name
//     "silence": 40                                       seconds of silence (default 40)
//   }
// Prints one JSON line {"ok": true|false, "checks": [...], ...}; exit 0 when every check passed.

import * as Y from 'yjs'
import { WebsocketProvider as WebsocketProviderV3 } from 'y-websocket'
import { WebsocketProvider as WebsocketProviderV2 } from 'y-websocket-v2'
import { Harness, readConfig, sleep } from './yjs-harness.mjs'

const config = readConfig(['room', 'cookie', 'expectedName'])
const SILENCE_MS = (config.silence ?? 40) * 1000
const harness = new Harness({ overallTimeoutMs: SILENCE_MS + 40_000 })
const check = (...args) => harness.check(...args)

const PROVIDERS = [WebsocketProviderV3, WebsocketProviderV2, WebsocketProviderV3, WebsocketProviderV3]

const clients = PROVIDERS.map((Provider, index) => harness.open({
  Provider,
  label: `${index} (${Provider === WebsocketProviderV2 ? 'v2' : 'v3'})`,
  ...config.servers[index % config.servers.length],
  room: config.room,
  cookie: config.cookie,
  counts: {}
}))

const awarenessFrames = (client) => client.counts[1] ?? 0
const stateOf = (observer, client) => observer.provider.awareness.getStates().get(client.doc.clientID)
const cursorAt = (client, index) => {
  const position = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(client.text, index))
  return { anchor: position, head: position }
}
const everyoneSees = (group, predicate) => group.every((observer) =>
  group.every((client) => client === observer || predicate(stateOf(observer, client), client)))

const main = async () => {
  await Promise.all(clients.map((client) => harness.waitSynced(client)))
  check('four stock clients synced', true, { servers: config.servers.length })

  // Names and cursors.
  clients.forEach((client, index) => {
    client.provider.awareness.setLocalStateField('user', { name: 'выдуманное имя', color: '#1f6feb' })
    client.provider.awareness.setLocalStateField('cursor', cursorAt(client, index))
  })
  await harness.waitFor('everyone to see everyone with the real name and a cursor', () =>
    everyoneSees(clients, (state) => state?.user?.name === config.expectedName && state?.cursor?.anchor))
  check('every client sees the three others with the real name and a cursor', true)

  // An echo storm: the same state sent again and again (renewals) adds no frames for the others.
  const [storm, ...others] = clients
  await sleep(300)
  const before = others.map(awarenessFrames)
  const local = storm.provider.awareness.getLocalState()
  for (let round = 0; round < 20; round++) storm.provider.awareness.setLocalState(local)
  await sleep(1500)
  const echoed = others.map((client, index) => awarenessFrames(client) - before[index])
  check('20 echoes of an unchanged state bring the others at most one frame each',
    echoed.every((frames) => frames <= 1), echoed)

  // A burst of cursor moves arrives batched, ending on the last position.
  const beforeMoves = others.map(awarenessFrames)
  for (let index = 0; index < 20; index++) {
    storm.provider.awareness.setLocalStateField('cursor', cursorAt(storm, index % Math.max(1, storm.text.length)))
  }
  const last = JSON.stringify(storm.provider.awareness.getLocalState().cursor)
  await harness.waitFor('the others to see the last cursor position', () =>
    others.every((client) => JSON.stringify(stateOf(client, storm)?.cursor) === last), 3000)
  await sleep(300)
  const moves = others.map((client, index) => awarenessFrames(client) - beforeMoves[index])
  check('20 cursor moves in a burst reach each other client in at most 5 frames',
    moves.every((frames) => frames >= 1 && frames <= 5), moves)

  // Silence: only the stock clients' own renewals (every 15 s) go over the wire.
  const closesBefore = harness.events.length
  clients.forEach((client) => { client.counts.maxGapMs = 0 })
  await sleep(SILENCE_MS)
  const gaps = clients.map((client) => client.counts.maxGapMs)
  check(`no client was disconnected during ${SILENCE_MS / 1000} s of silence`,
    harness.events.length === closesBefore && clients.every((client) => client.provider.wsconnected),
    harness.events.slice(closesBefore))
  check('no client went 30 s without a frame', gaps.every((gap) => gap < 30_000), gaps)
  check('after the silence every client still sees the three others',
    everyoneSees(clients, (state) => state?.user?.name === config.expectedName))

  // Leaving: two clients go at once; the two who stay see them go.
  const [first, second, ...leaving] = clients
  const leftAt = Date.now()
  for (const client of leaving) client.provider.disconnect()
  await harness.waitFor('the two who stay to see the others go', () =>
    [first, second].every((observer) => leaving.every((client) => stateOf(observer, client) === undefined)), 5000)
  check('the clients who left are gone for those who stay', true, { ms: Date.now() - leftAt })
  check('those who stay still see each other',
    stateOf(first, second)?.user?.name === config.expectedName && stateOf(second, first)?.user?.name === config.expectedName)

  return { frames: clients.map((client) => ({ ...client.counts })) }
}

harness.run(main)
