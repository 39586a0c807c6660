// `describe` in Node is the catalogue wasmtime sees: exactly manifest.json.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { loadConnector, repo } from "../support.js";

test("describe through jco equals manifest.json", async () => {
  const connector = await loadConnector();
  const manifest = JSON.parse(await readFile(join(repo, "manifest.json"), "utf8"));
  const catalogue = JSON.parse(connector.describe());
  assert.deepEqual(catalogue, manifest);
  assert.ok(catalogue.actions.some((a) => a.key === "get-user"));
});
