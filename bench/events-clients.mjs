// A worker thread of bench/events.ts holding some of one side's subscriber sockets, so that receiving 5,000 × 100
// frames a second is spread over threads instead of queueing in the bench's one event loop (where, at 5,000 sockets,
// even the bare ws baseline's frames waited tens of seconds). Plain JavaScript: worker threads do not inherit tsx.
// Each frame is read without parsing it: the cursor is found in the raw bytes, and the arrival time (absolute ms,
// comparable across threads) is recorded per round; at the round's end the main thread sends the commit times and
// the worker answers with a latency histogram, the latest arrival per cursor, and its counts.
import { parentPort, workerData } from "node:worker_threads";
import WebSocket from "ws";

const { url, token, count, query } = workerData;
const CURSOR = Buffer.from('"cursor":"');
const ACK = Buffer.from('"connection_ack"');
/** Latency histogram: 0.1 ms buckets up to 120 s. */
const BUCKET_MS = 0.1;
const BUCKETS = 1_200_000;

let cursors = new Float64Array(1 << 20);
let times = new Float64Array(1 << 20);
let recorded = 0;
let received = 0;
let duplicates = 0;

function record(cursor, at) {
  if (recorded === cursors.length) {
    const grow = (array) => {
      const bigger = new Float64Array(array.length * 2);
      bigger.set(array);
      return bigger;
    };
    cursors = grow(cursors);
    times = grow(times);
  }
  cursors[recorded] = cursor;
  times[recorded] = at;
  recorded += 1;
}

function subscribe() {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.replace(/^http/, "ws"), "graphql-transport-ws");
    let last = -1;
    socket.once("error", reject);
    socket.once("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: token ? { authorization: `Bearer ${token}` } : {} })));
    socket.on("message", (data) => {
      const at = performance.timeOrigin + performance.now();
      const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      const index = buffer.indexOf(CURSOR);
      if (index >= 0) {
        let cursor = 0;
        for (let offset = index + CURSOR.length; offset < buffer.length; offset += 1) {
          const digit = buffer[offset] - 48;
          if (digit < 0 || digit > 9) break;
          cursor = cursor * 10 + digit;
        }
        received += 1;
        if (cursor <= last) duplicates += 1;
        else last = cursor;
        record(cursor, at);
      } else if (buffer.indexOf(ACK) >= 0) {
        socket.send(JSON.stringify({ type: "subscribe", id: "1", payload: { query } }));
        resolve(socket);
      }
    });
  });
}

const sockets = [];
while (sockets.length < count) {
  const batch = Math.min(250, count - sockets.length);
  sockets.push(...(await Promise.all(Array.from({ length: batch }, () => subscribe()))));
}
parentPort.postMessage({ type: "open" });

parentPort.on("message", (message) => {
  if (message.type === "clear") {
    recorded = 0;
    received = 0;
    duplicates = 0;
    parentPort.postMessage({ type: "cleared", id: message.id });
  } else if (message.type === "count") {
    parentPort.postMessage({ type: "count", id: message.id, received });
  } else if (message.type === "summary") {
    // message.committed: [cursor, absolute commit ms, ...]
    const committedAt = new Map();
    for (let index = 0; index < message.committed.length; index += 2) committedAt.set(message.committed[index], message.committed[index + 1]);
    const histogram = new Uint32Array(BUCKETS);
    const latest = new Map();
    let matched = 0;
    for (let index = 0; index < recorded; index += 1) {
      const at = committedAt.get(cursors[index]);
      if (at === undefined) continue;
      matched += 1;
      const latency = Math.max(0, times[index] - at);
      histogram[Math.min(BUCKETS - 1, Math.floor(latency / BUCKET_MS))] += 1;
      if ((latest.get(cursors[index]) ?? -1) < latency) latest.set(cursors[index], latency);
    }
    parentPort.postMessage({ type: "summary", id: message.id, histogram, latest: [...latest], matched, received, duplicates }, [histogram.buffer]);
  } else if (message.type === "close") {
    for (const socket of sockets) socket.terminate();
    parentPort.postMessage({ type: "closed", id: message.id });
  }
});
