// What every test file shares: the release component transpiled by jco (once per component build),
// a `host-test sim` on a free loopback port, and plain HTTP to that simulator for reading state back.
import { transpile } from "@bytecodealliance/jco";
import * as shim from "@bytecodealliance/preview2-shim";
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
 * The component transpiled by jco into `.jco/<digest>-<mode>/` (next to node_modules, so its
 * `@bytecodealliance/preview2-shim` imports resolve); its main module's path. Test files run in parallel
 * processes: each writes to its own directory and renames it into place, so no reader sees half the files.
 */
async function transpiled(instantiation) {
  const wasm = await readFile(componentPath).catch((e) => {
    throw new Error(`${componentPath}: ${e.code}; build the release component first (cargo build -p host-test, OKTA_CONNECTOR_PROFILE unset)`);
  });
  const digest = createHash("sha256").update(wasm).digest("hex").slice(0, 16);
  const dir = join(hostJs, ".jco", `${digest}-${instantiation ?? "esm"}`);
  if (!existsSync(join(dir, "okta_connector.js"))) {
    const { files } = await transpile(wasm, { name: "okta_connector", quiet: true, ...(instantiation && { instantiation }) });
    const tmp = `${dir}.${process.pid}`;
    for (const [name, bytes] of Object.entries(files)) {
      await mkdir(dirname(join(tmp, name)), { recursive: true });
      await writeFile(join(tmp, name), bytes);
    }
    await rename(tmp, dir).catch(() => rm(tmp, { recursive: true, force: true })); // another process won
  }
  return join(dir, "okta_connector.js");
}

/** The `connector` export of jco's default output: an ES module wired to preview2-shim, as the README shows. */
export async function loadConnector() {
  const { connector } = await import(pathToFileURL(await transpiled()).href);
  return connector;
}

/**
 * The `connector` export with its outgoing HTTP limited to `origins` (`scheme://host:port`), as a JS host
 * should run it (README: what a JS host must add): jco's `--instantiation` output, given preview2-shim's
 * WASI with a `wasi:http/outgoing-handler` that answers `HTTP-request-denied` for any other origin.
 */
export async function loadConnectorAllowing(origins) {
  const main = await transpiled("async");
  const { instantiate } = await import(pathToFileURL(main).href);
  const camel = (name) => name.replace(/-(\w)/g, (_, c) => c.toUpperCase());
  // `wasi:cli/terminal-input` is preview2-shim's `cli.terminalInput`, and so on.
  const wasi = (name) => shim[name.slice(5, name.indexOf("/"))][camel(name.slice(name.indexOf("/") + 1))];
  const imports = new Proxy({}, { get: (_, name) => (name === "wasi:http/outgoing-handler" ? { handle: allowOnly(origins) } : wasi(name)) });
  const core = (file) => readFile(join(dirname(main), file)).then((bytes) => WebAssembly.compile(bytes));
  return (await instantiate(core, imports)).connector;
}

/** preview2-shim's `handle`, for requests to `origins` only. */
function allowOnly(origins) {
  return (request, options) => {
    const scheme = request.scheme();
    const origin = `${scheme?.tag === "other" ? scheme.val : scheme?.tag.toLowerCase()}://${request.authority()}`;
    if (!origins.includes(origin)) throw { tag: "HTTP-request-denied" };
    return shim.http.outgoingHandler.handle(request, options);
  };
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
