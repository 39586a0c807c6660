// The component itself keeps its requests, and so the org's credential, on the org's origin. In Node
// nothing else does: preview2-shim's wasi:http sends wherever it is asked (see the README). Each test
// counts what a second loopback server, the foreign origin, receives.
import assert from "node:assert/strict";
import { Worker } from "node:worker_threads";
import { after, before, test } from "node:test";
import { failure, loadConnector, run, startSim } from "../support.js";

/**
 * In a worker thread (a component call blocks this thread until its HTTP is done): a foreign origin
 * that counts its requests, and an "org" that forwards to the simulator but points Okta's `Link: next`
 * at the foreign origin.
 */
function servers(simUrl) {
  const hits = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(
    `const http = require("node:http");
    const { workerData: { simUrl, hits }, parentPort } = require("node:worker_threads");
    const foreign = http.createServer((req, res) => { Atomics.add(hits, 0, 1); res.end("[]"); });
    const org = http.createServer((req, res) => {
      const upstream = http.request(simUrl + req.url, { method: req.method, headers: { ...req.headers, host: new URL(simUrl).host } }, (answer) => {
        const headers = { ...answer.headers };
        if (headers.link) headers.link = headers.link.replaceAll(simUrl, "http://127.0.0.1:" + foreign.address().port);
        res.writeHead(answer.statusCode, headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
    });
    foreign.listen(0, "127.0.0.1", () => org.listen(0, "127.0.0.1", () =>
      parentPort.postMessage({ foreign: "http://127.0.0.1:" + foreign.address().port, org: "http://127.0.0.1:" + org.address().port })));`,
    { eval: true, workerData: { simUrl, hits } },
  );
  return new Promise((resolve) => worker.once("message", (urls) => resolve({ ...urls, hits: () => Atomics.load(hits, 0), stop: () => worker.terminate() })));
}

let connector, sim, net;
before(async () => {
  [connector, sim] = await Promise.all([loadConnector(), startSim({ users: 12 })]);
  net = await servers(sim.url);
});
after(() => {
  net?.stop();
  sim?.stop();
});

test("raw-request to another origin is invalid-input at path, and nothing reaches it", () => {
  const hostPort = net.foreign.replace("http://", "");
  for (const path of [`${net.foreign}/api/v1/users`, `//${hostPort}/api/v1/users`, `/@${hostPort}/x`, `/%2F%2F${hostPort}/x`]) {
    const { tag, val } = failure(() => run(connector, sim.connection, "raw-request", { method: "GET", path }));
    assert.deepEqual([tag, val.path], ["invalid-input", "path"], path);
  }
  assert.equal(net.hits(), 0);
});

test("a connection whose oktaDomain has a path or query is invalid-input before any request", () => {
  const evil = JSON.stringify({ type: "api-token", oktaDomain: `${net.foreign}/x?y`, apiToken: "t0ken" });
  const { tag, val } = failure(() => run(connector, evil, "get-user", { userId: "a" }));
  assert.deepEqual([tag, val.path], ["invalid-input", "connection.oktaDomain"]);
  assert.equal(net.hits(), 0);
});

test("a Link: next to another origin is refused, not followed with the token", async () => {
  const viaOrg = JSON.stringify({ type: "api-token", oktaDomain: net.org, apiToken: sim.apiToken });
  const [{ id }] = await (await sim.api("/api/v1/users?limit=1")).json();
  assert.equal(run(connector, viaOrg, "get-user", { userId: id }).id, id, "the org's own answers are read");
  for (const input of [{ limit: 5 }, { limit: 5, fetchAll: true }]) {
    const { tag, val } = failure(() => run(connector, viaOrg, "list-users", input));
    assert.equal(tag, "internal");
    assert.match(val, /next link outside/);
  }
  assert.equal(net.hits(), 0);
});
