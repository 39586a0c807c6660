// The outbound allow-list a JS host adds (README): with it, a request to any origin but the org's is
// refused by the host, and the component says which origin to allow.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { failure, loadConnectorAllowing, run, startSim } from "../support.js";

let connector, sim;
before(async () => {
  sim = await startSim({ users: 3 });
  connector = await loadConnectorAllowing([sim.url]);
});
after(() => sim?.stop());

test("the allowed origin is reached as without the allow-list", async () => {
  const [{ id }] = await (await sim.api("/api/v1/users?limit=1")).json();
  assert.equal(run(connector, sim.connection, "get-user", { userId: id }).id, id);
});

test("a request the host denies is unavailable, naming the origin and how to allow it", () => {
  // Loopback by name: a valid org URL, the same simulator, but not the origin the host allows.
  const origin = sim.url.replace("127.0.0.1", "localhost");
  const connection = JSON.stringify({ type: "api-token", oktaDomain: origin, apiToken: sim.apiToken });
  const { tag, val } = failure(() => run(connector, connection, "list-user-types", {}));
  assert.equal(tag, "unavailable");
  assert.ok(val.message.includes(origin) && val.message.includes("add"), val.message);
  assert.ok(!val.message.includes("HttpRequestDenied"), val.message);
});
