//! INV-008 / threat T7: a remembered prompt answer for `exec` covers one
//! program *and subcommand* (engine/src/resource.rs), so a "yes" for
//! `git status` is never reused for `git push --force`.

use seclab_engine::policy::PromptHandler;
use seclab_engine::{Capability, Dispatcher, EngineConfig, HostcallRequest, MockConnector};
use serde_json::json;
use std::sync::{Arc, Mutex};

/// Says yes and records every question's resource class.
struct Yes(Arc<Mutex<Vec<String>>>);

impl PromptHandler for Yes {
    fn ask(&mut self, _: &str, _: Capability) -> Option<bool> {
        Some(true)
    }
    fn ask_resource(&mut self, _: &str, _: Capability, resource: &str) -> Option<bool> {
        self.0.lock().unwrap().push(resource.to_string());
        Some(true)
    }
}

#[test]
fn inv_008_a_yes_for_git_status_does_not_cover_git_push() {
    // Standard profile (prompt mode) with exec allowed by the operator: exec prompts.
    let mut cfg = EngineConfig::default();
    cfg.policy.profile = Some("standard".into());
    cfg.policy.allow_dangerous = true;
    let mut d = Dispatcher::new(&cfg);
    let asked = Arc::new(Mutex::new(Vec::new()));
    d.set_prompt_handler(Box::new(Yes(asked.clone())));
    let mut m = MockConnector::recording();
    let mut n = 0;
    let mut prompt = |cmd: &str, args: &[&str]| {
        n += 1;
        let r = HostcallRequest::new(format!("c{n}"), "ext", "exec", json!({"cmd": cmd, "args": args}));
        let o = d.dispatch_host_call_shared(&r, n * 1000, &mut m);
        o.prompt.map(|p| p.as_str())
    };
    assert_eq!(prompt("git", &["status"]), Some("prompt_user_allow"));
    assert_eq!(prompt("git", &["status", "--short"]), Some("prompt_cache_allow"));
    // Another subcommand of the same program is asked about again.
    assert_eq!(prompt("git", &["push", "--force"]), Some("prompt_user_allow"));
    assert_eq!(prompt("git", &["push"]), Some("prompt_cache_allow"));
    // An option before the subcommand makes the line its own class.
    assert_eq!(prompt("git", &["-C", "/tmp/x", "status"]), Some("prompt_user_allow"));
    // The bash tool spells the same command as one line: same class.
    let r = HostcallRequest::new(
        "t1",
        "ext",
        "tool",
        json!({"name": "bash", "input": {"command": "git push origin main"}}),
    );
    let o = d.dispatch_host_call_shared(&r, 99_000, &mut m);
    assert_eq!(o.prompt.map(|p| p.as_str()), Some("prompt_cache_allow"));
    assert_eq!(
        *asked.lock().unwrap(),
        ["prog:git status", "prog:git push", "cmd:git -C /tmp/x status"]
    );
}

/// INV-008: a remembered "yes" for a tool of the config covers that tool
/// only. Two `exec` tools of the operator's config (`run_tests`,
/// `deploy_prod`) and the built-in `bash` never share an answer, even with
/// the same `command` in their input.
#[test]
fn inv_008_a_yes_for_one_configured_tool_does_not_cover_another() {
    let mut cfg = EngineConfig::default();
    cfg.policy.profile = Some("standard".into());
    cfg.policy.allow_dangerous = true;
    for name in ["run_tests", "deploy_prod"] {
        cfg.tools.extra.push(seclab_engine::tools::ToolEntry {
            name: name.into(),
            capability: Capability::Exec,
        });
    }
    let mut d = Dispatcher::new(&cfg);
    let asked = Arc::new(Mutex::new(Vec::new()));
    d.set_prompt_handler(Box::new(Yes(asked.clone())));
    let mut m = MockConnector::recording();
    let mut n = 0;
    let mut prompt = |tool: &str, input: serde_json::Value| {
        n += 1;
        let r = HostcallRequest::new(format!("c{n}"), "ext", "tool", json!({"name": tool, "input": input}));
        let o = d.dispatch_host_call_shared(&r, n * 1000, &mut m);
        o.prompt.map(|p| p.as_str())
    };
    assert_eq!(prompt("run_tests", json!({})), Some("prompt_user_allow"));
    assert_eq!(prompt("run_tests", json!({})), Some("prompt_cache_allow"));
    assert_eq!(prompt("deploy_prod", json!({"env": "prod"})), Some("prompt_user_allow"));
    assert_eq!(prompt("bash", json!({"command": "ls"})), Some("prompt_user_allow"));
    assert_eq!(
        prompt("deploy_prod", json!({"command": "ls"})),
        Some("prompt_user_allow")
    );
    assert_eq!(
        prompt("Deploy_Prod", json!({"command": "ls"})),
        Some("prompt_cache_allow")
    );
    assert_eq!(
        *asked.lock().unwrap(),
        [
            "tool:run_tests|prog:",
            "tool:deploy_prod|prog:",
            "prog:ls",
            "tool:deploy_prod|prog:ls"
        ]
    );
}
