// Test helper: a process that registers one replica and prints each list it sees, one JSON line each, until it is
// killed. Usage: tsx replica-child.ts REDIS_URL PUBLIC_URL HEARTBEAT_MS TTL_MS
import { registerReplica } from '../../src/index.js';

const [url, publicUrl, heartbeatMs, ttlMs] = process.argv.slice(2);
registerReplica(url!, publicUrl!, { heartbeatMs: Number(heartbeatMs), ttlMs: Number(ttlMs) }).subscribe((urls) => console.log(JSON.stringify(urls)));
