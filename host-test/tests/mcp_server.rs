//! `host-test mcp` driven by an MCP client we did not write: the official Python SDK (pinned in
//! `tests/mcp/requirements.txt`; `.ci/run` installs it) runs `tests/mcp/test_agent_client.py` against a
//! `host-test sim`. `MCP_PYTHON` names the interpreter that has it (default `python3`).

use std::process::Command;

#[test]
fn the_official_python_mcp_client_lists_our_tools_and_calls_them_against_the_simulator() {
    let python = std::env::var("MCP_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/mcp/test_agent_client.py");
    let out = Command::new(&python)
        .args([script, "-v"])
        .env("HOST_TEST_BIN", env!("CARGO_BIN_EXE_host-test"))
        .output()
        .unwrap_or_else(|e| panic!("running {python}: {e} (set MCP_PYTHON to a Python with host-test/tests/mcp/requirements.txt installed)"));
    let log = String::from_utf8_lossy(&out.stderr);
    eprintln!("{log}");
    assert!(out.status.success(), "the Python MCP client's tests failed:\n{log}");
}
