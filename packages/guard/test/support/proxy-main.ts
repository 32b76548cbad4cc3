// A guard proxy as its own process on stdio, the way `lodestar run` will start it: argv[2] is the
// upstream config as JSON. Every tool is allowed (LOW). Exit code: 0 when the agent went away,
// 3 when the upstream did, 4 when the upstream could not be started.
import { startProxy, type UpstreamConfig } from "../../src/index.ts";
import { makeTestGate } from "./test-gate.ts";

const upstream = JSON.parse(process.argv[2] ?? "") as UpstreamConfig;
const gate = makeTestGate({ tools: {}, fallback: { risk: "LOW", verdict: "allow", rule: "allow-all" } });
const proxy = await startProxy({ gate, upstream });
const closed = await proxy.closed;
const code = { closed: 0, "downstream-closed": 0, "upstream-closed": 3, "upstream-failed": 4 }[closed.reason];
process.stderr.write(`proxy-main: exit ${code}\n`);
process.exit(code);
