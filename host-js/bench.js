// Per-call figures of the component in Node (jco) next to wasmtime's, against one `host-test sim`:
//   node bench.js [--users 1152] [--gets 2000] [--iterations 50]
// jco's are measured here; wasmtime's by `host-test --component <the same file> bench --okta-url <the sim>`
// (the release harness: HOST_TEST_RELEASE, default target/release/host-test). Prints JSON; asserts nothing.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { componentPath, loadConnector, repo, startSim } from "./support.js";

const { values } = parseArgs({ options: { users: { type: "string", default: "1152" }, gets: { type: "string", default: "2000" }, iterations: { type: "string", default: "50" } } });
const [users, gets, iterations] = [values.users, values.gets, values.iterations].map(Number);

/** n, median, 95th percentile and total of `n` runs of `f`, as `host-test bench` reports them. */
function measure(n, f) {
  const ms = [];
  const all = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    f();
    ms.push(performance.now() - t);
  }
  const total = (performance.now() - all) / 1000;
  ms.sort((a, b) => a - b);
  const at = (q) => Math.round(ms[Math.round((ms.length - 1) * q)] * 1000) / 1000;
  return { n, p50Ms: at(0.5), p95Ms: at(0.95), totalSeconds: Math.round(total * 1000) / 1000 };
}

/** Users the org lists by default, counted over its HTTP API (following `Link: next`). */
async function listedUsers(sim) {
  let [path, n] = ["/api/v1/users?limit=200", 0];
  while (path) {
    const res = await sim.api(path);
    n += (await res.json()).length;
    const next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get("link") ?? "");
    path = next && next[1].slice(sim.url.length);
  }
  return n;
}

const started = performance.now();
const connector = await loadConnector();
const loadMs = Math.round((performance.now() - started) * 100) / 100;
const sim = await startSim({ users, args: ["--no-rate-limits"] });
try {
  const first = JSON.parse(connector.runAction("list-users", sim.connection, '{"limit":1}').outputJson).users[0].id;
  const getUser = JSON.stringify({ userId: first });
  // Okta's default list leaves out DEPROVISIONED users: every fetchAll must list what the org lists.
  const listed = await listedUsers(sim);
  const fetchAll = () => {
    const out = JSON.parse(connector.runAction("list-users", sim.connection, '{"fetchAll":true,"limit":200}').outputJson);
    if (out.users.length !== listed) throw new Error(`fetchAll listed ${out.users.length} of ${listed} users`);
  };
  const jco = {
    componentLoadMs: loadMs,
    describe: measure(iterations, () => connector.describe()),
    getUser: measure(gets, () => connector.runAction("get-user", sim.connection, getUser)),
    listUsersPage200: measure(iterations, () => connector.runAction("list-users", sim.connection, '{"limit":200}')),
    listUsersFetchAll: measure(Math.ceil(iterations / 10), fetchAll),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 102.4) / 10,
  };
  const harness = process.env.HOST_TEST_RELEASE ?? join(process.env.CARGO_TARGET_DIR ?? join(repo, "target"), "release/host-test");
  const args = ["--component", componentPath, "bench", "--okta-url", sim.url, "--connection", sim.connection, "--user-id", first,
    "--gets", String(gets), "--iterations", String(iterations), "--skip-list-all"];
  const run = spawnSync(harness, args, { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`${harness} bench failed: ${run.stderr}`);
  const wasmtime = JSON.parse(run.stdout);
  const ratio = (op) => Math.round((jco[op].p50Ms / wasmtime[op].p50Ms) * 100) / 100;
  console.log(JSON.stringify({ component: componentPath, users, listedByFetchAll: listed, jco, wasmtime,
    p50JcoOverWasmtime: Object.fromEntries(["getUser", "listUsersPage200", "listUsersFetchAll"].map((op) => [op, ratio(op)])) }, null, 2));
} finally {
  sim.stop();
}
