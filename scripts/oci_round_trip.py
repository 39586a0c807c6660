#!/usr/bin/env python3
"""The component as an OCI wasm artifact, end to end: `wkg oci push` to a registry started on loopback
(Debian's docker-registry, a temp config and storage dir), `wkg oci pull` back, check the manifest a
registry serves (wasm config media type, one application/wasm layer, the crate's annotations), load the
pulled file with the harness (`host-test --component FILE describe`) and compare with manifest.json.
Prints the artifact's size and digests as JSON.

Environment: OKTA_CONNECTOR_WASM (default: the release build host-test's build.rs makes), HOST_TEST
(default: target/debug/host-test), WKG (default: wkg on PATH), DOCKER_REGISTRY (default: docker-registry).
"""
import hashlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WASM = Path(os.environ.get("OKTA_CONNECTOR_WASM", REPO / "target/component/wasm32-wasip2/release/okta_connector.wasm"))
HOST_TEST = os.environ.get("HOST_TEST", str(Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target")) / "debug/host-test"))
WKG = os.environ.get("WKG", "wkg")
REGISTRY = os.environ.get("DOCKER_REGISTRY", "docker-registry")
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"


def annotations() -> dict:
    """OCI annotations from the crate's metadata (Cargo.toml) and the commit it was built from."""
    package = tomllib.loads((REPO / "Cargo.toml").read_text())["package"]
    keys = {"title": "name", "version": "version", "description": "description", "licenses": "license", "source": "repository", "url": "homepage"}
    found = {f"org.opencontainers.image.{k}": package[v] for k, v in keys.items() if v in package}
    revision = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True)
    if revision.returncode == 0:
        found["org.opencontainers.image.revision"] = revision.stdout.strip()
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_registry(work: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    config = work / "registry.yml"
    # JSON is YAML: no YAML library needed.
    config.write_text(json.dumps({
        "version": 0.1,
        "log": {"level": "warn", "accesslog": {"disabled": True}},
        "storage": {"filesystem": {"rootdirectory": str(work / "storage")}, "delete": {"enabled": True}},
        "http": {"addr": f"127.0.0.1:{port}"},
    }))
    log = open(work / "registry.log", "w")
    proc = subprocess.Popen([REGISTRY, "serve", str(config)], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            with urllib.request.urlopen(url + "/v2/", timeout=1) as r:
                if r.status == 200:
                    return proc, f"127.0.0.1:{port}"
        except OSError:
            if proc.poll() is not None:
                sys.exit(f"docker-registry exited: {(work / 'registry.log').read_text()}")
            time.sleep(0.1)
    sys.exit("docker-registry did not answer /v2/")


def wkg(*args: str) -> str:
    out = subprocess.run([WKG, "oci", *args], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"wkg oci {args[0]} failed:\n{out.stdout}{out.stderr}")
    return out.stdout


PASSED = []


def check(cond: bool, what: str) -> None:
    if not cond:
        print(f"FAILED: {what}\noci: {len(PASSED)} passed, 1 failed")
        sys.exit(1)
    PASSED.append(what)
    print(f"ok: {what}")


def main() -> None:
    wasm = WASM.read_bytes()
    layer_digest = "sha256:" + hashlib.sha256(wasm).hexdigest()
    notes = annotations()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        registry, host = start_registry(work)
        try:
            ref = f"{host}/okta/connector:{notes['org.opencontainers.image.version']}"
            pushed = wkg("push", "--insecure", host, *[f"--annotation={k}={v}" for k, v in notes.items()], ref, str(WASM))
            pulled = work / "pulled.wasm"
            wkg("pull", "--insecure", host, ref, "-o", str(pulled))
            check(pulled.read_bytes() == wasm, "the pulled file is the pushed component, byte for byte")

            # What any registry client sees.
            request = urllib.request.Request(f"http://{host}/v2/okta/connector/manifests/{ref.rsplit(':', 1)[1]}", headers={"Accept": OCI_MANIFEST})
            with urllib.request.urlopen(request) as r:
                manifest_digest = r.headers["Docker-Content-Digest"]
                manifest = json.load(r)
            check(manifest["mediaType"] == OCI_MANIFEST, f"an OCI image manifest ({manifest['mediaType']})")
            check(manifest["config"]["mediaType"] == "application/vnd.wasm.config.v0+json", "config application/vnd.wasm.config.v0+json")
            layers = manifest["layers"]
            check([(l["mediaType"], l["digest"], l["size"]) for l in layers] == [("application/wasm", layer_digest, len(wasm))], "one application/wasm layer: the component")
            check(all(manifest.get("annotations", {}).get(k) == v for k, v in notes.items()), f"annotations {sorted(notes)}")
            with urllib.request.urlopen(f"http://{host}/v2/okta/connector/blobs/{manifest['config']['digest']}") as r:
                config = json.load(r)
            check((config.get("architecture"), config.get("os"), config.get("layerDigests")) == ("wasm", "wasip2", [layer_digest]), "config: architecture wasm, os wasip2, the layer's digest")
            check("okta:connector/connector@0.1.0" in config.get("component", {}).get("exports", []), f"config: the component exports {config.get('component', {}).get('exports')}")
            check(manifest_digest in pushed, "wkg printed the digest the registry serves")

            describe = subprocess.run([HOST_TEST, "--component", str(pulled), "describe"], capture_output=True, text=True)
            check(describe.returncode == 0, f"host-test --component loads the pulled file {describe.stderr.strip()}")
            expected = json.loads((REPO / "manifest.json").read_text())
            check(json.loads(describe.stdout) == expected, "its describe equals manifest.json")
        finally:
            registry.terminate()
            registry.wait()
    print(json.dumps({"reference": ref, "sizeBytes": len(wasm), "layerDigest": layer_digest, "manifestDigest": manifest_digest, "annotations": notes}, indent=2))
    print(f"oci: {len(PASSED)} passed, 0 failed")


if __name__ == "__main__":
    main()
