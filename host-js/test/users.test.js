// The user calls a flow makes first, through jco against `host-test sim`, with the org's state read
// back over the simulator's own HTTP API.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { failure, loadConnector, run, startSim } from "../support.js";

let connector, sim;
before(async () => {
  [connector, sim] = await Promise.all([loadConnector(), startSim({ users: 30 })]);
});
after(() => sim?.stop());

test("test-connection makes its one cheap read and names the org", () => {
  const out = JSON.parse(connector.testConnection(sim.connection));
  assert.deepEqual(out, { oktaDomain: sim.url, checked: "GET /api/v1/users?limit=1" });
});

test("a wrong token is unauthenticated with Okta's code, and the token is never echoed", () => {
  const bad = JSON.stringify({ type: "api-token", oktaDomain: sim.url, apiToken: "00-not-the-token-xyz" });
  const { tag, val } = failure(() => connector.testConnection(bad));
  assert.equal(tag, "unauthenticated");
  assert.equal(val.okta.errorCode, "E0000011");
  assert.ok(!JSON.stringify(val).includes("00-not-the-token-xyz"));
});

test("create-user creates the user in the org, active, with its profile", async () => {
  const profile = { login: "ada.node@example.com", email: "ada.node@example.com", firstName: "Ada", lastName: "Node", department: "Engineering" };
  const created = run(connector, sim.connection, "create-user", { profile, password: "Correct-Horse-9x" });
  assert.equal(created.status, "ACTIVE");
  const stored = await (await sim.api(`/api/v1/users/${created.id}`)).json();
  assert.equal(stored.status, "ACTIVE");
  assert.deepEqual(
    { login: stored.profile.login, firstName: stored.profile.firstName, department: stored.profile.department },
    { login: profile.login, firstName: "Ada", department: "Engineering" },
  );
});

test("get-user by id and by login answers the org's user", async () => {
  const [{ id, profile }] = await (await sim.api("/api/v1/users?limit=1")).json();
  const stored = await (await sim.api(`/api/v1/users/${id}`)).json();
  assert.deepEqual(run(connector, sim.connection, "get-user", { userId: id }), stored);
  assert.equal(run(connector, sim.connection, "get-user", { userId: profile.login }).id, id);
});

test("list-users fetchAll returns every user of the org once, across pages", async () => {
  const out = run(connector, sim.connection, "list-users", { fetchAll: true, limit: 7 });
  const ids = out.users.map((u) => u.id);
  assert.equal(new Set(ids).size, ids.length);
  const all = await (await sim.api("/api/v1/users?limit=200")).json();
  assert.deepEqual(new Set(ids), new Set(all.map((u) => u.id)));
  assert.ok(out.pages > 1, `pages: ${out.pages}`);
});

test("an unknown user is not-found with Okta's E0000007, as {tag, val}", () => {
  const { tag, val } = failure(() => run(connector, sim.connection, "get-user", { userId: "00unknownuser000000" }));
  assert.equal(tag, "not-found");
  assert.equal(val.okta.httpStatus, 404);
  assert.equal(val.okta.errorCode, "E0000007");
  assert.ok(val.okta.errorId, "Okta's errorId is kept");
});

test("create-user without a login is invalid-input at profile.login, and nothing is created", async () => {
  const before = (await (await sim.api("/api/v1/users?limit=200")).json()).length;
  const { tag, val } = failure(() => run(connector, sim.connection, "create-user", { profile: { email: "x@example.com", firstName: "X", lastName: "Y" } }));
  assert.deepEqual([tag, val.path], ["invalid-input", "profile.login"]);
  assert.equal((await (await sim.api("/api/v1/users?limit=200")).json()).length, before);
});
