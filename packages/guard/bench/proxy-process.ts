// The proxy as its own process on stdio with the bench gate (argv[2]: upstream config as JSON).
import { startProxy, type UpstreamConfig } from "../src/index.ts";
import { benchGate } from "./bench-gate.ts";

const upstream = JSON.parse(process.argv[2] ?? "") as UpstreamConfig;
const proxy = await startProxy({ gate: benchGate(), upstream, log: () => undefined });
await proxy.closed;
process.exit(0);
