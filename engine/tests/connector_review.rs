//! The fs connector reached directly or built from the engine config (stop 41
//! review of the connector): a prompt-gated call runs only with an allowing
//! answer (INV-008), and the link check judges by the config's own
//! sensitive-path list (SLO-11 / SLO-10).

use seclab_engine::hostcall::validate_call;
use seclab_engine::policy::{PromptHandler, PromptResolution};
use seclab_engine::{
    Capability, CapabilitySet, Connector, ConnectorError, DispatchStatus, Dispatcher, EngineConfig, FsConnector,
    HostcallRequest,
};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn project() -> (tempfile::TempDir, PathBuf) {
    let base = tempfile::tempdir().unwrap();
    let root = base.path().join("proj");
    for d in ["docs", "ops"] {
        std::fs::create_dir_all(root.join(d)).unwrap();
    }
    std::fs::write(root.join("docs/notes.txt"), "notes\n").unwrap();
    std::fs::write(root.join("ops/vault-seed.txt"), "vault canary 7Qw2\n").unwrap();
    (base, root)
}

/// Prompt mode with no capability granted outright: every fs call prompts.
fn prompt_cfg() -> EngineConfig {
    let mut cfg = EngineConfig::default();
    cfg.policy.profile = Some("standard".into());
    cfg.policy.default_caps = Some(CapabilitySet::EMPTY);
    cfg
}

struct Yes;

impl PromptHandler for Yes {
    fn ask(&mut self, _extension_id: &str, _cap: Capability) -> Option<bool> {
        Some(true)
    }
}

fn read_req(path: &str) -> HostcallRequest {
    HostcallRequest::new("c1", "ext", "fs", json!({"op": "read", "path": path}))
}

fn content(v: &Value) -> &str {
    v["content"].as_str().unwrap_or_default()
}

/// INV-008: the connector re-checks the policy; reached directly with a
/// prompt-gated capability and no answer (or a "no"), it refuses, and the
/// file is not read. With an allowing answer given explicitly, it runs.
#[test]
fn inv_008_direct_connector_call_needs_an_allowing_prompt_answer() {
    let (_b, root) = project();
    let cfg = prompt_cfg();
    let mut fs = FsConnector::for_config(&root, &cfg).unwrap();
    for (op, params) in [
        ("read", json!({"op": "read", "path": "docs/notes.txt"})),
        ("write", json!({"op": "write", "path": "docs/new.txt", "content": "x"})),
        ("mkdir", json!({"op": "mkdir", "path": "docs/sub"})),
        ("rm", json!({"op": "rm", "path": "docs/notes.txt"})),
    ] {
        let r = HostcallRequest::new("c1", "ext", "fs", params);
        let mut v = validate_call(&r).unwrap();
        for answer in [
            None,
            Some(PromptResolution::PromptUserDeny),
            Some(PromptResolution::NoPromptHandler),
        ] {
            v.prompt = answer;
            assert_eq!(
                fs.call(&v, &r),
                Err(ConnectorError::Denied("prompt_unanswered")),
                "{op} with {answer:?}"
            );
        }
    }
    assert!(!root.join("docs/new.txt").exists() && !root.join("docs/sub").exists());
    assert!(root.join("docs/notes.txt").exists());
    let r = read_req("docs/notes.txt");
    let mut v = validate_call(&r).unwrap();
    v.prompt = Some(PromptResolution::PromptUserAllow);
    assert_eq!(content(&fs.call(&v, &r).unwrap()), "notes\n");
    v.prompt = Some(PromptResolution::PromptCacheAllow);
    assert!(fs.call(&v, &r).is_ok());
}

/// INV-008: through the Dispatcher the prompt is resolved and its answer
/// handed to the connector: with a handler that says yes the call runs;
/// with none it is denied before the connector.
#[test]
fn inv_008_dispatcher_hands_the_prompt_answer_to_the_connector() {
    let (_b, root) = project();
    let cfg = prompt_cfg();
    let mut fs = FsConnector::for_config(&root, &cfg).unwrap();
    let r = read_req("docs/notes.txt");
    let mut d = Dispatcher::for_trace(&cfg);
    let o = d.dispatch_host_call_shared(&r, 1_000, &mut fs);
    assert_eq!(
        (o.status, o.reason),
        (DispatchStatus::Denied, "no_prompt_handler"),
        "{o:?}"
    );
    assert!(!o.reached_connector);
    d.set_prompt_handler(Box::new(Yes));
    let o = d.dispatch_host_call_shared(&r, 2_000, &mut fs);
    assert_eq!(o.status, DispatchStatus::Ok, "{o:?}");
    assert_eq!(o.prompt, Some(PromptResolution::PromptUserAllow));
    assert_eq!(content(o.value.as_ref().unwrap()), "notes\n");
    // A second call is answered from the prompt cache: it runs too.
    let o = d.dispatch_host_call_shared(&r, 3_000, &mut fs);
    assert_eq!(o.status, DispatchStatus::Ok, "{o:?}");
    assert_eq!(o.prompt, Some(PromptResolution::PromptCacheAllow));
}

/// The default config with one more sensitive-path marker.
fn vault_cfg() -> EngineConfig {
    let mut cfg = EngineConfig::default();
    cfg.risk.lists.sensitive_path_markers.push("vault-seed".into());
    cfg
}

fn dispatch_read(root: &Path, cfg: &EngineConfig, path: &str) -> seclab_engine::DispatchOutcome {
    let mut fs = FsConnector::for_config(root, cfg).unwrap();
    Dispatcher::for_trace(cfg).dispatch_host_call_shared(&read_req(path), 1_000, &mut fs)
}

/// SLO-11: a sensitive-path marker added in the engine config is the one the
/// connector's link check judges by: a link to a file it names is refused,
/// directly and through the Dispatcher, and the file is not read.
#[cfg(unix)]
#[test]
fn slo_11_link_to_a_configured_sensitive_path_is_refused() {
    let (_b, root) = project();
    std::os::unix::fs::symlink("../ops/vault-seed.txt", root.join("docs/seed.txt")).unwrap();
    std::os::unix::fs::symlink("seed.txt", root.join("docs/chain.txt")).unwrap();
    let cfg = vault_cfg();
    for path in ["docs/seed.txt", "docs/chain.txt"] {
        let o = dispatch_read(&root, &cfg, path);
        assert_eq!(o.reason, "link_to_protected_path", "{path}: {o:?}");
        assert!(o.value.is_none(), "{path}: {o:?}");
        let mut fs = FsConnector::for_config(&root, &cfg).unwrap();
        let r = read_req(path);
        let res = fs.call(&validate_call(&r).unwrap(), &r);
        assert!(
            matches!(&res, Err(ConnectorError::LinkToProtectedPath { what: "sensitive", .. })),
            "{path}: {res:?}"
        );
    }
    // Spelled by its own name, it is the sensitive read risk judges as such
    // (a read alone is allowed), not a link to refuse.
    let o = dispatch_read(&root, &cfg, "ops/vault-seed.txt");
    assert_eq!(o.status, DispatchStatus::Ok, "{o:?}");
}

/// SLO-10: the benign twin: a link to a file no list names is followed under
/// the same config, and without the marker the link to the seed file is an
/// ordinary link.
#[cfg(unix)]
#[test]
fn slo_10_link_to_a_path_the_config_does_not_list_is_followed() {
    let (_b, root) = project();
    std::os::unix::fs::symlink("notes.txt", root.join("docs/readme.txt")).unwrap();
    std::os::unix::fs::symlink("../ops/vault-seed.txt", root.join("docs/seed.txt")).unwrap();
    let o = dispatch_read(&root, &vault_cfg(), "docs/readme.txt");
    assert_eq!(o.status, DispatchStatus::Ok, "{o:?}");
    assert_eq!(content(o.value.as_ref().unwrap()), "notes\n");
    let o = dispatch_read(&root, &EngineConfig::default(), "docs/seed.txt");
    assert_eq!(o.status, DispatchStatus::Ok, "{o:?}");
}
