"""An AI agent's view of `host-test mcp`, through the official Python MCP SDK (a client we did not write).

One `host-test sim` serves the org; each test starts its own `host-test mcp --connection @FILE
--okta-url URL` on stdio, and reads Okta's state back over the simulator's HTTP. Every message the
server sends and everything it logs is kept, so a test can check that the connection's secret is in none.

Run: python3 -m unittest host-test/tests/mcp/test_agent_client.py, with HOST_TEST_BIN naming the
host-test binary (the Rust test tests/mcp_server.rs does this).
"""

import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

try:
    import anyio
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client
    from mcp.shared.exceptions import MCPError
except ImportError as e:  # pragma: no cover - the message is the point
    sys.exit(f"{e}: install the pinned client first: pip install -r host-test/tests/mcp/requirements.txt")

BIN = os.environ.get("HOST_TEST_BIN", "host-test")
UNKNOWN_USER = "00unobody0000000000"


class Org:
    """A `host-test sim` in its own process, and plain HTTP to it."""

    def __init__(self):
        self.process = subprocess.Popen([BIN, "sim", "--users", "30"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        first = json.loads(self.process.stdout.readline())
        self.url, self.token = first["url"], first["apiToken"]
        self.dir = tempfile.TemporaryDirectory()
        self.connection_file = os.path.join(self.dir.name, "connection.json")
        with open(self.connection_file, "w") as f:
            json.dump({"type": "api-token", "oktaDomain": self.url, "apiToken": self.token}, f)

    def http(self, path):
        """(status, JSON body) of a GET with the org's API token."""
        request = urllib.request.Request(self.url + path, headers={"Authorization": "SSWS " + self.token, "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request) as r:
                return r.status, json.load(r)
        except urllib.error.HTTPError as e:
            return e.code, json.load(e)

    def close(self):
        self.process.kill()
        self.process.wait()
        self.dir.cleanup()


class Session:
    """One `host-test mcp` with an initialized client session; keeps every message and the server's log."""

    def __init__(self, org, *flags):
        self.org, self.flags = org, list(flags)
        self.messages = []
        self.log = ""

    @contextlib.asynccontextmanager
    async def open(self):
        params = StdioServerParameters(command=BIN, args=["mcp", "--connection", "@" + self.org.connection_file, "--okta-url", self.org.url, *self.flags])
        with tempfile.TemporaryFile(mode="w+") as log:
            async with self._session(params, log) as session:
                yield session
            log.seek(0)
            self.log = log.read()

    @contextlib.asynccontextmanager
    async def _session(self, params, log):
        async with stdio_client(params, errlog=log) as (read, write):
            tap_send, tap_read = anyio.create_memory_object_stream(0)

            async def tap():
                async with tap_send:
                    async for message in read:
                        self.messages.append(message.message.model_dump_json(by_alias=True) if hasattr(message, "message") else repr(message))
                        await tap_send.send(message)

            async with anyio.create_task_group() as tasks:
                tasks.start_soon(tap)
                async with ClientSession(tap_read, write) as session:
                    await session.initialize()
                    yield session
                tasks.cancel_scope.cancel()

    def transcript(self):
        return "\n".join(self.messages) + "\n" + self.log


def run(test):
    return anyio.run(test)


class AgentClient(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.org = Org()
        cls.catalogue = json.loads(subprocess.run([BIN, "describe"], check=True, capture_output=True, text=True).stdout)
        cls.actions = {a["key"]: a for a in cls.catalogue["actions"]}
        status, users = cls.org.http("/api/v1/users?limit=1")
        assert status == 200 and users, (status, users)
        cls.user_id = users[0]["id"]

    @classmethod
    def tearDownClass(cls):
        cls.org.close()

    def test_tools_are_the_catalogue_with_hints_from_its_flags(self):
        async def test():
            async with Session(self.org).open() as session:
                started = time.perf_counter()
                tools = {t.name: t for t in (await session.list_tools()).tools}
                print(f"tools/list: {len(tools)} tools in {(time.perf_counter() - started) * 1000:.1f} ms", file=sys.stderr)
            return tools

        tools = run(test)
        self.assertEqual(set(tools), set(self.actions))
        hints = lambda name: (tools[name].annotations.read_only_hint, tools[name].annotations.destructive_hint, tools[name].annotations.idempotent_hint)
        self.assertEqual(hints("get-user"), (True, False, True), "a read")
        self.assertEqual(hints("delete-user"), (False, True, False), "destructive, not idempotent")
        self.assertEqual(hints("add-user-to-group"), (False, False, True), "idempotent, not destructive")
        for name, action in self.actions.items():
            self.assertEqual(hints(name), (action["readOnly"], action["destructive"], action["idempotent"]), name)
            self.assertIs(tools[name].annotations.open_world_hint, False, name)
            self.assertEqual(tools[name].title, action["label"])
            self.assertEqual(tools[name].input_schema, action["inputSchema"], name)
            self.assertEqual(tools[name].output_schema, action["outputSchema"], name)
        self.assertIn("Read User", tools["get-user"].description, "aliases are in the description")

    def test_read_only_option_hides_and_refuses_every_write(self):
        async def test():
            async with Session(self.org, "--read-only").open() as session:
                tools = {t.name: t for t in (await session.list_tools()).tools}
                with self.assertRaises(MCPError) as refused:
                    await session.call_tool("delete-user", {"userId": self.user_id})
                read = await session.call_tool("get-user", {"userId": self.user_id})
            return tools, refused.exception, read

        tools, refused, read = run(test)
        self.assertEqual(set(tools), {k for k, a in self.actions.items() if a["readOnly"]})
        self.assertTrue(all(t.annotations.read_only_hint for t in tools.values()))
        self.assertNotIn("delete-user", tools)
        self.assertIn("unknown tool", str(refused))
        self.assertFalse(read.is_error)
        status, user = self.org.http(f"/api/v1/users/{self.user_id}")
        self.assertEqual(status, 200, "the refused delete left the user in the org")
        self.assertNotEqual(user["status"], "DEPROVISIONED")

    def test_get_user_answers_the_user_okta_holds_as_structured_content(self):
        async def test():
            async with Session(self.org).open() as session:
                first = await session.call_tool("get-user", {"userId": self.user_id})
                timings = []
                for _ in range(20):
                    started = time.perf_counter()
                    await session.call_tool("get-user", {"userId": self.user_id})
                    timings.append((time.perf_counter() - started) * 1000)
            return first, timings

        result, timings = run(test)
        print(f"tools/call get-user: p50 {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms over {len(timings)} calls", file=sys.stderr)
        self.assertFalse(result.is_error)
        status, user = self.org.http(f"/api/v1/users/{self.user_id}")
        self.assertEqual(status, 200)
        self.assertEqual(result.structured_content, user)
        self.assertEqual(json.loads(result.content[0].text), user, "the text content is the same JSON")

    def test_a_missing_user_is_a_tool_error_with_oktas_detail(self):
        async def test():
            async with Session(self.org).open() as session:
                return await session.call_tool("get-user", {"userId": UNKNOWN_USER})

        result = run(test)
        self.assertTrue(result.is_error)
        error = result.structured_content
        self.assertEqual(error["error"], "not-found")
        okta = error["okta"]
        self.assertEqual((okta["httpStatus"], okta["errorCode"]), (404, "E0000007"))
        self.assertIn(UNKNOWN_USER, okta["errorSummary"])
        self.assertTrue(okta["errorId"])
        self.assertIn("errorCauses", okta)
        self.assertIn("E0000007", result.content[0].text, "an agent reading only text sees Okta's code")

    def test_bad_input_is_a_tool_error_naming_the_field_and_nothing_is_created(self):
        async def test():
            async with Session(self.org).open() as session:
                return await session.call_tool("create-user", {"profile": {"email": "nologin@example.com", "firstName": "No", "lastName": "Login"}})

        result = run(test)
        self.assertTrue(result.is_error)
        self.assertEqual((result.structured_content["error"], result.structured_content["path"]), ("invalid-input", "profile.login"))
        status, found = self.org.http("/api/v1/users?search=" + urllib.parse.quote('profile.email eq "nologin@example.com"'))
        self.assertEqual((status, found), (200, []))

    def test_concurrent_calls_each_get_their_own_answer(self):
        status, users = self.org.http("/api/v1/users?limit=8")
        self.assertEqual(status, 200)

        async def test():
            answers = {}
            async with Session(self.org).open() as session:

                async def get(user_id):
                    answers[user_id] = await session.call_tool("get-user", {"userId": user_id})

                async with anyio.create_task_group() as calls:
                    for user in users:
                        calls.start_soon(get, user["id"])
            return answers

        answers = run(test)
        self.assertEqual({k: v.structured_content["id"] for k, v in answers.items()}, {u["id"]: u["id"] for u in users})

    def test_no_message_and_no_log_line_carries_the_connections_secret(self):
        session = Session(self.org)

        async def test():
            async with session.open() as client:
                await client.list_tools()
                await client.call_tool("get-user", {"userId": self.user_id})
                await client.call_tool("get-user", {"userId": UNKNOWN_USER})
                await client.call_tool("list-users", {"limit": 5})
                await client.call_tool("create-group", {"name": "Agents"})
                await client.call_tool("raw-request", {"method": "GET", "path": "/api/v1/users/me"})
                await client.call_tool("create-user", {"profile": {"email": "x@example.com"}})

        run(test)
        transcript = session.transcript()
        self.assertGreaterEqual(len(session.messages), 8, "the session answered every request")
        self.assertIn("Agents", transcript, "the transcript holds the answers")
        self.assertNotIn(self.org.token, transcript)

    def test_an_answer_holding_the_secret_is_withheld(self):
        session = Session(self.org)

        async def test():
            async with session.open() as client:
                # Okta echoes the group's name; named after the token, the answer holds the secret.
                return await client.call_tool("create-group", {"name": self.org.token})

        result = run(test)
        self.assertTrue(result.is_error)
        self.assertIn("withheld", result.structured_content["message"])
        self.assertNotIn(self.org.token, session.transcript())


if __name__ == "__main__":
    unittest.main()
