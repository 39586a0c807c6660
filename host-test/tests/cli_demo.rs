//! `host-test demo`, the README's first command: every step answers as its title says — the steps
//! titled with an error (`→ not-found`, `→ forbidden`, Okta's refusal, …) get exactly that error, and
//! every other step succeeds.
use std::process::Command;

#[test]
fn every_demo_step_answers_as_its_title_says() {
    let out = Command::new(env!("CARGO_BIN_EXE_host-test")).arg("demo").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}\n{}", stdout, String::from_utf8_lossy(&out.stderr));
    let steps: Vec<&str> = stdout.split("\n== ").skip(1).collect();
    assert!(steps.len() >= 30, "only {} steps:\n{stdout}", steps.len());
    for step in steps {
        let (title, body) = step.split_once('\n').unwrap();
        let expected = [("not-found", "not-found"), ("invalid-input", "invalid-input"), ("rejected", "invalid-input"), ("forbidden", "forbidden"), ("refusal", "okta-api")]
            .into_iter()
            .find(|(said, _)| title.contains(said))
            .map(|(_, kind)| kind);
        // A step's answer is pretty JSON; an error's first field is `"error": "<kind>"`.
        let got = body.lines().nth(1).and_then(|l| l.strip_prefix("  \"error\": \"")).and_then(|l| l.split('"').next());
        assert_eq!(got, expected, "step `{title}`:\n{body}");
    }
    assert!(stdout.contains("requests the simulator received: "), "{stdout}");
}
