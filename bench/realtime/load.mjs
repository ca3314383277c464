// Load generator for live co-editing: a slice of the benchmark's N stock clients in one Node
// process. run.py starts K of these processes per run, each with its own slice.
//
//   node --experimental-import-meta-resolve bench/realtime/load.mjs CONFIG.json
// The flag lets this file import yjs, y-websocket, @hocuspocus/provider and ws from
// frontend/node_modules.
//
// CONFIG.json:
//   {
//     "client": "y-websocket",             or "hocuspocus": the stock provider to use
//     "urls": ["ws://127.0.0.1:PORT/ws/proposals", ...],  client i uses urls[i % urls.length]
//     "room": "<uuid>",                    the proposal's public id (Hocuspocus: document name)
//     "first": 0,                          global index of this process's first client
//     "total": 132,                        N, the clients of every process together
//     "cookies": ["sessionid=...", ...],   one per client of this process (its slice of N)
//     "typists": 16,                       clients with a global index below M type
//     "rate": 2,                           edits per second per typist
//     "warmup": 3, "duration": 20,         seconds
//     "quietMax": 10,                      seconds to wait for stragglers
//     "stall": 3,                          ... or until nothing arrived for this long
//     "seedText": "...",                   typed by client 0 if the document is empty
//     "connectBatch": 12,                  clients connecting at once
//     "connectTimeout": 60                 seconds for all clients to connect
//   }
//
// The phases are run.py's, over stdin and stdout (JSON lines out, text lines in):
//   1. connect every client, wait until each holds the proposal text: {"event":"connected"};
//   2. wait for `go <T>` (T in epoch ms): warm-up typing from T (not counted), the measured
//      typing from T + warmup + 0.5 s for `duration`: {"event":"measure-start"} and
//      {"event":"typing-end","edits":n} (the measured edits this process typed);
//   3. wait for `edits <E>` (the measured edits of all processes), then until this process's
//      clients have seen all of them (E × its clients − its own edits), nothing arrived for
//      `stall`, or `quietMax` passed: {"event":"result",...}.
// Every process runs the schedule from the same T, so their phases line up.
//
// Each typist inserts a short Cyrillic phrase holding a unique marker ⟦c<client>·<seq>·<ms>⟧,
// <ms> being the epoch time of the edit in milliseconds (performance.timeOrigin +
// performance.now(), a clock every process on the machine shares); warm-up edits use ⟦w…⟧ and
// are not counted. Every client records when each marker of another client arrives in its
// document: latency = arrival − the time in the marker, so a marker typed in one process and
// seen in another is measured like one seen in the same process.
//
// The result holds counts that run.py adds up (edits, deliveries, duplicates, frames, closes),
// a latency histogram (bucket b, see `bucketOf`: 0.1 ms wide below 1 s, 1 ms below 10 s,
// 10 ms above), the per-second timeline (by send time from the measured start), a SHA-256 of
// every client's final text, and this process's own CPU % and event-loop delay p99 during the
// measured typing.

import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { createInterface } from 'node:readline'

const FRONTEND = new URL('../../frontend/package.json', import.meta.url)
const Y = await import(import.meta.resolve('yjs', FRONTEND))
const { default: WebSocket } = await import(import.meta.resolve('ws', FRONTEND))

// Every WebsocketProvider adds a process 'exit' listener.
process.setMaxListeners(0)

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const HOCUSPOCUS = config.client === 'hocuspocus'
const { WebsocketProvider } = HOCUSPOCUS
  ? {}
  : await import(import.meta.resolve('y-websocket', FRONTEND))
const { HocuspocusProvider } = HOCUSPOCUS
  ? await import(import.meta.resolve('@hocuspocus/provider', FRONTEND))
  : {}
const FIRST = config.first ?? 0
const LOCAL = config.cookies.length
const N = config.total ?? LOCAL
const M = Math.min(config.typists, N)
const RATE = config.rate ?? 2
const WARMUP_MS = (config.warmup ?? 3) * 1000
const DURATION_MS = (config.duration ?? 20) * 1000
const QUIET_MAX_MS = (config.quietMax ?? 10) * 1000
const STALL_MS = (config.stall ?? 3) * 1000
const CONNECT_BATCH = config.connectBatch ?? 12
const CONNECT_TIMEOUT_MS = (config.connectTimeout ?? 60) * 1000
// Whatever happens, this process ends (connecting, waiting for the others, typing, waiting).
const HARD_LIMIT_MS = 2 * CONNECT_TIMEOUT_MS + 60_000 + WARMUP_MS + DURATION_MS + QUIET_MAX_MS

const emit = (object) => process.stdout.write(JSON.stringify(object) + '\n')
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
/** Milliseconds since the epoch, with the resolution of performance.now(). */
const epochNow = () => performance.timeOrigin + performance.now()
/** Sleep until an epoch time. */
const sleepUntil = (epoch) => sleep(Math.max(0, epoch - epochNow()))

const hardStop = setTimeout(() => {
  emit({ event: 'result', ok: false, error: `load generator gave up after ${HARD_LIMIT_MS} ms` })
  process.exit(1)
}, HARD_LIMIT_MS)
hardStop.unref()

// Lines from run.py: `go <epoch ms>`, then `edits <count>`.
const commands = []
let commandWaiter = null
createInterface({ input: process.stdin }).on('line', (line) => {
  commands.push(line.trim())
  commandWaiter?.()
})
const command = async (name) => {
  for (;;) {
    const index = commands.findIndex((line) => line.split(' ')[0] === name)
    if (index !== -1) return commands.splice(index, 1)[0].split(' ')[1]
    await new Promise((resolve) => { commandWaiter = resolve })
  }
}

// Short Russian phrases; each edit is one of them followed by its marker.
const WORDS = [
  'правка', 'уточнение', 'согласовано', 'предлагаем', 'изменить', 'дополнить', 'пункт',
  'статья', 'обоснование', 'по мнению коалиции', 'срок', 'ответственный', 'примечание'
]
const MARKER = /⟦c(\d+)·(\d+)·(\d+(?:\.\d+)?)⟧/g

// Frames by message type, counted during the measured typing. y-websocket: a varint type
// (0 sync, 1 awareness, 2 auth, 3 query awareness) then the content; Hocuspocus: the document
// name as a varstring first, then its type (the same four, 5 stateless, 7 close, 8 sync status).
const MESSAGE_TYPES = HOCUSPOCUS
  ? { 0: 'sync', 1: 'awareness', 2: 'auth', 3: 'query', 5: 'stateless', 7: 'close', 8: 'sync-status' }
  : { 0: 'sync', 1: 'awareness', 2: 'auth', 3: 'query' }
const frames = { sent: {}, received: {} }
let counting = false

/** The varint at `at` in `bytes` and where it ends (lib0's encoding: 7 bits a byte). */
const readVarUint = (bytes, at) => {
  let value = 0
  let shift = 0
  for (;;) {
    const byte = bytes[at++]
    if (byte === undefined) return [value, at]
    value += (byte & 0x7f) * 2 ** shift
    if (byte < 0x80) return [value, at]
    shift += 7
  }
}

const messageType = (data) => {
  const bytes = data instanceof ArrayBuffer
    ? new Uint8Array(data)
    : Array.isArray(data) ? Buffer.concat(data) : data
  let at = 0
  if (HOCUSPOCUS) {
    const [nameLength, end] = readVarUint(bytes, 0)
    at = end + nameLength
  }
  const [type] = readVarUint(bytes, at)
  return MESSAGE_TYPES[type] ?? String(type)
}

const countFrame = (direction, data) => {
  if (!counting) return
  const type = messageType(data)
  frames[direction][type] = (frames[direction][type] || 0) + 1
}

/** A `ws` WebSocket that sends the session cookie and the Origin header (and counts frames). */
const socketClass = (cookie) =>
  class CookieWebSocket extends WebSocket {
    constructor (url, protocols) {
      // The server compares scheme, host and port: the origin is the server's own.
      const origin = new URL(url).origin.replace(/^ws/, 'http')
      const headers = cookie ? { Cookie: cookie, Origin: origin } : { Origin: origin }
      super(url, protocols, { headers })
      this.on('message', (data) => countFrame('received', data))
    }

    send (data, ...rest) {
      countFrame('sent', data)
      return super.send(data, ...rest)
    }
  }

// Latency histogram: bucket index → deliveries.
const histogram = new Map()
const bucketOf = (ms) => {
  const value = Math.max(0, ms)
  if (value < 1000) return Math.floor(value * 10)
  if (value < 10_000) return 10_000 + Math.floor(value - 1000)
  return 19_000 + Math.floor((value - 10_000) / 10)
}
// Per second of the measured phase (by send time): deliveries and their worst latency; and the
// presence (awareness) messages client 0 received, to see bursts.
const timeline = []
let measureStart = 0 // epoch ms, the same in every process
const second = (at) => {
  const index = Math.max(0, Math.floor((at - measureStart) / 1000))
  timeline[index] ??= { deliveries: 0, max_ms: 0, presence: 0 }
  return timeline[index]
}
let delivered = 0
let duplicates = 0
let lastDeliveryAt = 0
const events = { closes: 0, errors: 0, closeCodes: {} }

const clients = []

const onClose = (code) => {
  events.closes += 1
  events.closeCodes[code ?? 'none'] = (events.closeCodes[code ?? 'none'] || 0) + 1
}

const connect = (index, doc) => {
  const url = config.urls[index % config.urls.length]
  const WebSocketPolyfill = socketClass(config.cookies[index - FIRST])
  if (HOCUSPOCUS) {
    // One provider with its own socket per client, like one browser tab.
    const provider = new HocuspocusProvider({ url, name: config.room, document: doc, WebSocketPolyfill })
    provider.on('close', ({ event }) => onClose(event?.code))
    return { provider, isSynced: () => provider.isSynced && provider.configuration.websocketProvider.status === 'connected' }
  }
  const provider = new WebsocketProvider(url, `${config.room}/`, doc, {
    WebSocketPolyfill,
    // One process, one room: without this the providers would talk over BroadcastChannel.
    disableBc: true
  })
  provider.on('connection-close', (event) => onClose(event?.code))
  provider.on('connection-error', () => {
    events.errors += 1
  })
  return { provider, isSynced: () => provider.synced && provider.wsconnected }
}

const open = (index) => {
  const doc = new Y.Doc()
  const text = doc.getText('markdown')
  const { provider, isSynced } = connect(index, doc)
  const seen = new Set()
  const client = { index, doc, text, provider, isSynced, seen, seq: 0 }
  // Markers are found in the updates as they are applied: the update is a few hundred bytes,
  // while a text event's delta walks the whole document (too slow for 50 clients × 100 edits/s).
  doc.on('update', (update, origin) => {
    if (origin !== provider) return
    const now = epochNow()
    const decoded = Buffer.from(update.buffer, update.byteOffset, update.byteLength).toString()
    if (!decoded.includes('⟦c')) return
    for (const match of decoded.matchAll(MARKER)) {
      const key = match[0]
      if (seen.has(key)) {
        duplicates += 1
        continue
      }
      seen.add(key)
      const sentAt = Number(match[3])
      if (sentAt < measureStart || measureStart === 0) continue
      delivered += 1
      lastDeliveryAt = now
      const bucket = bucketOf(now - sentAt)
      histogram.set(bucket, (histogram.get(bucket) || 0) + 1)
      const slot = second(sentAt)
      slot.deliveries += 1
      slot.max_ms = Math.max(slot.max_ms, Math.round(now - sentAt))
    }
  })
  if (index === 0) {
    provider.awareness.on('update', (_changes, origin) => {
      if (measureStart > 0 && origin !== 'local') second(epochNow()).presence += 1
    })
  }
  clients.push(client)
  return client
}

const waitFor = async (what, predicate, timeoutMs) => {
  const deadline = performance.now() + timeoutMs
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(20)
  }
}

/** Insert one phrase with its marker at a random place that is not inside another marker. */
const typeOne = (client, marker) => {
  const current = client.text.toString()
  let position = Math.floor(Math.random() * (current.length + 1))
  // Inside a marker when the last ⟦ before the position comes after the last ⟧ before it: then
  // insert after that marker's ⟧ (markers hold no brackets of their own).
  const opening = current.lastIndexOf('⟦', position - 1)
  const closing = current.lastIndexOf('⟧', position - 1)
  if (opening > closing) {
    const end = current.indexOf('⟧', position)
    position = end === -1 ? current.length : end + 1
  }
  const word = WORDS[Math.floor(Math.random() * WORDS.length)]
  client.text.insert(position, ` ${word} ${marker}`)
}

/** Typist loop: RATE edits per second at a fixed cadence with a random phase, from `from` until
 * `until` (epoch ms). */
const typist = async (client, { from, until, measured }) => {
  const interval = 1000 / RATE
  const start = from + Math.random() * interval
  let count = 0
  for (;;) {
    const due = start + count * interval
    if (due >= until) break
    await sleepUntil(due)
    const now = epochNow()
    if (now >= until) break
    if (measured) {
      typeOne(client, `⟦c${client.index}·${client.seq}·${now.toFixed(3)}⟧`)
      client.seq += 1
    } else {
      typeOne(client, `⟦w${client.index}·${count}⟧`)
    }
    count += 1
  }
  return count
}

const round = (value, digits = 1) =>
  value === null || value === undefined ? null : Number(value.toFixed(digits))

const main = async () => {
  const started = performance.now()
  // Connect in batches, each batch synced before the next, within CONNECT_TIMEOUT_MS.
  for (let first = FIRST; first < FIRST + LOCAL; first += CONNECT_BATCH) {
    const batch = []
    for (let index = first; index < Math.min(FIRST + LOCAL, first + CONNECT_BATCH); index++) {
      batch.push(open(index))
    }
    const left = CONNECT_TIMEOUT_MS - (performance.now() - started)
    await waitFor(`clients ${first}..${first + batch.length - 1} to sync`,
      () => batch.every((client) => client.isSynced()), Math.max(left, 1))
  }
  // The reference servers start empty: client 0 types the proposal's text into them.
  const seed = config.seedText || ''
  if (seed && FIRST === 0 && clients[0].text.length === 0) {
    clients[0].text.insert(0, seed)
  }
  const minLength = seed.length
  await waitFor('every client to hold the proposal text',
    () => clients.every((client) => client.text.length >= minLength), CONNECT_TIMEOUT_MS)
  emit({ event: 'connected', clients: LOCAL, ms: Math.round(performance.now() - started) })

  const go = Number(await command('go'))
  const typists = clients.filter((client) => client.index < M)
  // Warm-up: the same typing, not counted.
  if (WARMUP_MS > 0) {
    await Promise.all(typists.map((client) =>
      typist(client, { from: go, until: go + WARMUP_MS, measured: false })))
  }
  measureStart = go + WARMUP_MS + 500
  await sleepUntil(measureStart)

  const loopDelay = monitorEventLoopDelay({ resolution: 10 })
  loopDelay.enable()
  const cpuBefore = process.cpuUsage()
  emit({ event: 'measure-start' })
  counting = true
  const until = measureStart + DURATION_MS
  const counts = await Promise.all(typists.map((client) =>
    typist(client, { from: measureStart, until, measured: true })))
  await sleepUntil(until)
  counting = false
  const cpu = process.cpuUsage(cpuBefore)
  const typingMs = epochNow() - measureStart
  loopDelay.disable()
  const edits = counts.reduce((sum, count) => sum + count, 0)
  emit({ event: 'typing-end', edits })

  // Wait for the stragglers: everything delivered, nothing new for STALL_MS, or QUIET_MAX_MS.
  const allEdits = Number(await command('edits'))
  const expected = allEdits * LOCAL - edits
  const quietStart = epochNow()
  lastDeliveryAt = Math.max(lastDeliveryAt, quietStart)
  while (delivered < expected) {
    const now = epochNow()
    if (now - quietStart > QUIET_MAX_MS || now - lastDeliveryAt > STALL_MS) break
    await sleep(50)
  }
  const quietMs = epochNow() - quietStart

  // Convergence: run.py compares these across processes.
  const textHashes = {}
  for (const client of clients) {
    const hash = createHash('sha256').update(client.text.toString()).digest('hex').slice(0, 16)
    textHashes[hash] = (textHashes[hash] || 0) + 1
  }
  emit({
    event: 'result',
    ok: true,
    client: config.client ?? 'y-websocket',
    first: FIRST,
    clients: LOCAL,
    edits,
    expected,
    delivered,
    duplicates,
    histogram: Object.fromEntries(histogram),
    quiet_ms: Math.round(quietMs),
    typing_ms: Math.round(typingMs),
    text_hashes: textHashes,
    text_chars: clients[0].text.length,
    closes: events.closes,
    close_codes: events.closeCodes,
    connection_errors: events.errors,
    cpu_pct: round(((cpu.user + cpu.system) / 1000 / typingMs) * 100),
    loop_delay_p99_ms: round(loopDelay.percentile(99) / 1e6),
    loop_delay_max_ms: round(loopDelay.max / 1e6),
    frames,
    timeline: Array.from(timeline, (slot) => slot ?? { deliveries: 0, max_ms: 0, presence: 0 })
  })
}

const shutdown = (code) => {
  for (const client of clients) {
    try {
      client.provider.destroy()
      client.doc.destroy()
    } catch {}
  }
  // Let the close frames go out, then leave whatever timers are pending.
  setTimeout(() => process.exit(code), 200).unref()
  process.exitCode = code
}

main().then(
  () => shutdown(0),
  (error) => {
    emit({ event: 'result', ok: false, error: String(error?.stack || error), ...events })
    shutdown(1)
  }
)
