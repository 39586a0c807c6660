// A polling trigger through jco: the cursor moves past exactly the events returned.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { loadConnector, startSim } from "../support.js";

let connector, sim;
before(async () => {
  [connector, sim] = await Promise.all([loadConnector(), startSim({ users: 5 })]);
});
after(() => sim?.stop());

/** Creates a user over the simulator's API, as an admin in the Okta console would. */
async function createUser(login) {
  const body = { profile: { login, email: login, firstName: "Poll", lastName: "Test" } };
  const res = await sim.api("/api/v1/users?activate=true", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  assert.equal(res.status, 200);
  return res.json();
}

test("user-created polls the users created since the last cursor, each once", async () => {
  const first = connector.pollTrigger("user-created", sim.connection, "{}", undefined);
  assert.deepEqual(JSON.parse(first.eventsJson), [], "the first poll starts now");
  const grace = await createUser("grace.poll@example.com");
  const second = connector.pollTrigger("user-created", sim.connection, "{}", first.nextCursor);
  const events = JSON.parse(second.eventsJson);
  assert.deepEqual(events.map((e) => [e.eventType, e.oktaUser?.id]), [["user.lifecycle.create", grace.id]]);
  assert.ok(events[0].idempotencyKey);
  const third = connector.pollTrigger("user-created", sim.connection, "{}", second.nextCursor);
  assert.deepEqual(JSON.parse(third.eventsJson), [], "nothing is handed out twice");
});
