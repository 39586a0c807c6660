#!/usr/bin/env python3
"""Shrinks the release component with Binaryen's `wasm-opt -Oz`: ~20% less code.

wasm-opt reads core modules, not components, so this takes the component's main core module out,
optimises it, and puts it back in place. That is sound because the component refers to the module's
imports and exports only by name, and wasm-opt keeps every import and export as it is. Nothing else
in the component changes.

    cargo build --release --target wasm32-wasip2 -p okta-connector
    python3 scripts/optimize-component.py target/wasm32-wasip2/release/okta_connector.wasm okta_connector.wasm

Needs `wasm-opt` on PATH (or in $WASM_OPT): `npm install -g binaryen@132`, or a Binaryen release.
Only the standard library otherwise; prints the sizes before and after as JSON.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

COMPONENT_PREAMBLE = b"\0asm\x0d\x00\x01\x00"
CORE_MODULE_SECTION = 1
# What rustc's wasm32-wasip2 target emits (LLVM's default features); wasm-opt must not add others.
FEATURES = ["--enable-bulk-memory", "--enable-sign-ext", "--enable-mutable-globals",
            "--enable-nontrapping-float-to-int", "--enable-multivalue", "--enable-reference-types"]


def leb(data, at):
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def encode_leb(value):
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def sections(component):
    """(id, payload start, payload end) of each top-level section."""
    if not component.startswith(COMPONENT_PREAMBLE):
        raise SystemExit("not a WebAssembly component (a core module can go to wasm-opt directly)")
    at = len(COMPONENT_PREAMBLE)
    while at < len(component):
        section_id = component[at]
        size, start = leb(component, at + 1)
        yield section_id, at, start, start + size
        at = start + size


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    source, target = sys.argv[1], sys.argv[2]
    wasm_opt = os.environ.get("WASM_OPT") or shutil.which("wasm-opt")
    if not wasm_opt:
        raise SystemExit("wasm-opt not found: npm install -g binaryen@132 (or set WASM_OPT)")
    component = open(source, "rb").read()
    modules = [s for s in sections(component) if s[0] == CORE_MODULE_SECTION]
    # The main module is the component's code; the others are wit-component's few-byte shims.
    _, header, start, end = max(modules, key=lambda s: s[3] - s[2])
    with tempfile.TemporaryDirectory() as tmp:
        module, optimised = os.path.join(tmp, "main.wasm"), os.path.join(tmp, "main.opt.wasm")
        open(module, "wb").write(component[start:end])
        subprocess.run([wasm_opt, "-Oz", *FEATURES, module, "-o", optimised], check=True)
        new_module = open(optimised, "rb").read()
    out = component[:header] + bytes([CORE_MODULE_SECTION]) + encode_leb(len(new_module)) + new_module + component[end:]
    open(target, "wb").write(out)
    print(json.dumps({"componentBytes": len(component), "optimisedBytes": len(out),
                      "mainModuleBytes": end - start, "optimisedMainModuleBytes": len(new_module)}))


if __name__ == "__main__":
    main()
