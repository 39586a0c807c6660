// What every test file shares: the release component transpiled by jco (once per component build),
// a `host-test sim` on a free loopback port, and plain HTTP to that simulator for reading state back.
import { transpile } from "@bytecodealliance/jco";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const hostJs = fileURLToPath(new URL(".", import.meta.url));
export const repo = dirname(hostJs.replace(/\/$/, ""));

/** The artifact hosts load: the release build host-test's build.rs makes (`OKTA_CONNECTOR_WASM` overrides). */
export const componentPath =
  process.env.OKTA_CONNECTOR_WASM ?? join(repo, "target/component/wasm32-wasip2/release/okta_connector.wasm");

/**
 * The component's `connector` export, transpiled by jco into `.jco/<digest>/` (next to node_modules, so
 * its `@bytecodealliance/preview2-shim` imports resolve). Test files run in parallel processes: each
 * writes to its own directory and renames it into place, so a reader never sees half the files.
 */
export async function loadConnector() {
  const wasm = await readFile(componentPath);
  const digest = createHash("sha256").update(wasm).digest("hex").slice(0, 16);
  const dir = join(hostJs, ".jco", digest);
  if (!existsSync(join(dir, "okta_connector.js"))) {
    const { files } = await transpile(wasm, { name: "okta_connector", quiet: true, noTypescript: true });
    const tmp = `${dir}.${process.pid}`;
    for (const [name, bytes] of Object.entries(files)) {
      await mkdir(dirname(join(tmp, name)), { recursive: true });
      await writeFile(join(tmp, name), bytes);
    }
    await rename(tmp, dir).catch(() => rm(tmp, { recursive: true, force: true })); // another process won
  }
  const { connector } = await import(pathToFileURL(join(dir, "okta_connector.js")).href);
  return connector;
}

/**
 * Starts `host-test sim` on port 0 (the OS picks a free one) and waits for its first line,
 * `{"url", "apiToken", …}`. `HOST_TEST` names a built binary; otherwise `cargo run` builds or reuses it.
 */
export async function startSim({ users = 25, seed = 42, args = [] } = {}) {
  const simArgs = ["sim", "--port", "0", "--users", String(users), "--seed", String(seed), ...args];
  const [cmd, pre] = process.env.HOST_TEST ? [process.env.HOST_TEST, []] : ["cargo", ["run", "-q", "-p", "host-test", "--"]];
  const child = spawn(cmd, [...pre, ...simArgs], { cwd: repo, stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`host-test sim exited (${code}) before printing its address`)));
    lines.once("line", resolve);
  });
  const info = JSON.parse(first);
  const connection = JSON.stringify({ type: "api-token", oktaDomain: info.url, apiToken: info.apiToken });
  return {
    ...info,
    connection,
    /** Okta's API on the simulator, as any HTTP client sees it. */
    api: (path, init = {}) =>
      fetch(info.url + path, { ...init, headers: { Authorization: `SSWS ${info.apiToken}`, Accept: "application/json", ...init.headers } }),
    stop: () => child.kill(),
  };
}

/** Runs an action; the output JSON parsed. A connector-error throws jco's ComponentError (`payload`: `{tag, val}`). */
export function run(connector, connection, key, input) {
  return JSON.parse(connector.runAction(key, connection, JSON.stringify(input)).outputJson);
}

/** The `{tag, val}` a call failed with. */
export function failure(call) {
  try {
    call();
  } catch (e) {
    if (e.payload === undefined) throw e;
    return e.payload;
  }
  throw new Error("the call succeeded");
}
