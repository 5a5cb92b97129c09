// The fan-out baseline: a bare `ws` server (no GraphQL, no policy) that does what the event bus does at its simplest:
// LISTEN on a channel, read the rows after the last one it saw, and push each as the same graphql-transport-ws frame
// Turnkey sends, serialised once, to every socket. Run as its own process: `tsx bench/fanout-baseline.ts <database url>`;
// prints `listening <port>` once ready.
import postgres from "postgres";
import { createServer } from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import { toGlobalId } from "../src/graphql/common/global-id.js";

const sql = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => undefined });
const [newest] = await sql`select coalesce(max(id), 0)::text as id from bench_bare_events`;
let lastSeen = BigInt(newest!.id as string);
const subscribers = new Map<WebSocket, string>();

let reading = false;
let again = false;
async function drain(): Promise<void> {
  if (reading) {
    again = true;
    return;
  }
  reading = true;
  try {
    do {
      again = false;
      const rows = await sql`select id::text as id, type, cluster_id, stage, percent from bench_bare_events where id > ${lastSeen.toString()}::bigint order by bench_bare_events.id limit 500`;
      for (const row of rows) {
        lastSeen = BigInt(row.id as string);
        const payload = JSON.stringify({ data: { clusterEvents: { cursor: row.id, type: row.type, clusterId: toGlobalId("Cluster", row.cluster_id as string), stage: row.stage, percent: row.percent } } });
        for (const [socket, id] of subscribers) socket.send(`{"id":${JSON.stringify(id)},"type":"next","payload":${payload}}`);
      }
      if (rows.length === 500) again = true;
    } while (again);
  } finally {
    reading = false;
  }
}

await sql.listen("bench_bare_events", () => void drain());
const http = createServer((_request, response) => response.end(String(subscribers.size)));
const server = new WebSocketServer({ server: http });
server.on("connection", (socket) => {
  socket.on("message", (data) => {
    const message = JSON.parse(String(data)) as { type: string; id?: string };
    if (message.type === "connection_init") socket.send('{"type":"connection_ack"}');
    else if (message.type === "subscribe") subscribers.set(socket, message.id ?? "1");
  });
  socket.on("close", () => subscribers.delete(socket));
});
http.listen(Number(process.env.PORT), "127.0.0.1");
