//! `cargo xtask calibrate`: close the loop from the lab to the engine.
//!
//! 1. Run the sweep (the embedded default or `--grid FILE`) with its real trace
//!    sets (at least one benign set is required: the default lists
//!    `../shared/real-sessions`).
//! 2. Take its recommendation (chosen on the training split, within the FP
//!    budget on simulated and real sessions).
//! 3. Check it on a FRESH seed (never used in selection: both of its splits are
//!    new sessions) next to the current engine default, and on the real traces.
//! 4. When the checks pass, write it as the engine's checked-in default
//!    `engine/src/risk/default.toml` (the serialised `RiskConfig`, which
//!    `RiskConfig::default()` parses), after checking that the written text
//!    parses back to exactly the chosen config.
//! 5. Write the evidence to `notebooks-out/calibrate/<run>/report.md` (and
//!    `calibrate.json`), the sweep's run directory next to it.

use crate::sweep::{add_trace_args, git_revision, load_lab, load_profiles, load_traces, trace_base};
use crate::util::{root, write_atomic};
use anyhow::{anyhow, bail};
use clap::Args;
use seclab_engine::risk::RiskConfig;
use seclab_sim::archetype::Label;
use seclab_sim::report::{self, analysis};
use seclab_sim::results::Shard;
use seclab_sim::rng::Split;
use seclab_sim::stats::Rate;
use seclab_sim::sweep::{run_plan, Plan};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct CalibrateArgs {
    /// Lab config / grid file; default: the embedded sim/configs/default.toml.
    #[arg(long)]
    pub grid: Option<PathBuf>,
    /// Selection seed (overrides `run.seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Seed of the fresh check (default: derived from the selection seed; must differ from it).
    #[arg(long)]
    pub fresh_seed: Option<u64>,
    /// Extra real trace sets, `DIR[:benign|hostile]` (repeatable).
    #[arg(long, value_name = "DIR[:benign|hostile]")]
    pub traces: Vec<String>,
    /// Write the evidence only; leave engine/src/risk/default.toml alone.
    #[arg(long)]
    pub dry_run: bool,
    /// Output root (default: notebooks-out/calibrate at the repo root).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Worker threads (0 = all cores).
    #[arg(long)]
    pub threads: Option<usize>,
}

/// The engine's checked-in default risk config.
pub const DEFAULT_TOML_PATH: &str = "engine/src/risk/default.toml";

/// The fresh seed derived from the selection seed (never equal to it).
pub fn derive_fresh_seed(seed: u64) -> u64 {
    let h = Sha256::digest(format!("seclab-calibrate/fresh-seed/v1\0{seed}").as_bytes());
    let mut b = [0u8; 8];
    b.copy_from_slice(&h[..8]);
    let s = u64::from_le_bytes(b) % 1_000_000_000;
    if s == seed {
        s + 1
    } else {
        s
    }
}

/// The text of `default.toml` for a config (the engine's own serialiser when
/// it has one, so the file layout is the engine's).
pub fn shipped_toml(risk: &RiskConfig) -> anyhow::Result<String> {
    Ok(risk.to_shipped_toml()?)
}

fn parse_back(text: &str) -> anyhow::Result<RiskConfig> {
    Ok(toml::from_str::<RiskConfig>(text)?)
}

fn rate(r: &Rate) -> String {
    format!(
        "{:.2}% ({}/{}) [{:.2}%, {:.2}%]",
        r.p * 100.0,
        r.k,
        r.n,
        r.lo * 100.0,
        r.hi * 100.0
    )
}

/// FP and FN of the single point of a fresh plan, both splits pooled.
struct Fresh {
    fp: Rate,
    fn_: Rate,
    hard_fp: Rate,
}

fn fresh_check(
    lab: &seclab_sim::config::LabConfig,
    file: &std::path::Path,
    risk: &RiskConfig,
    seed: u64,
    threads: usize,
    embedded_profiles: bool,
) -> anyhow::Result<Fresh> {
    let mut l = lab.clone();
    l.run.seed = seed;
    l.grid.clear();
    l.sample = None;
    l.traces.clear();
    l.risk = serde_json::to_value(risk)?;
    let (profiles, source) = load_profiles(embedded_profiles)?;
    let plan = Plan::new(l, file, profiles, source, Shard::WHOLE).map_err(|e| anyhow!("{e}"))?;
    if plan.points.len() != 1 {
        bail!("fresh check: expected one config point, got {}", plan.points.len());
    }
    let (data, _) = run_plan(&plan, threads)?;
    let a = analysis::analyse(&data);
    let sel = &data.lab.selection;
    let [t, h] = &a.stats[0];
    let sum = |x: &Rate, y: &Rate| Rate::new(x.k + y.k, x.n + y.n, sel.interval, sel.confidence);
    Ok(Fresh {
        fp: sum(&t.fp, &h.fp),
        fn_: sum(&t.fn_, &h.fn_),
        hard_fp: sum(&t.hard_fp, &h.hard_fp),
    })
}

pub fn run(a: CalibrateArgs) -> anyhow::Result<ExitCode> {
    let (mut lab, file) = load_lab(a.grid.as_deref())?;
    if let Some(s) = a.seed {
        lab.run.seed = s;
    }
    if let Some(t) = a.threads {
        lab.run.threads = t;
    }
    add_trace_args(&mut lab, &a.traces)?;
    let (sets, notes) = load_traces(&lab, &trace_base(a.grid.as_deref()))?;
    if !sets.iter().any(|s| s.label == Label::Benign) {
        bail!(
            "calibrate needs at least one benign real trace set (the default lists ../shared/real-sessions){}",
            if notes.is_empty() {
                String::new()
            } else {
                format!(": {}", notes.join("; "))
            }
        );
    }
    let seed = lab.run.seed;
    let fresh_seed = a.fresh_seed.unwrap_or_else(|| derive_fresh_seed(seed));
    if fresh_seed == seed {
        bail!("--fresh-seed must differ from the selection seed {seed}");
    }
    let threads = lab.run.threads;
    let (profiles, source) = load_profiles(false)?;
    let plan = Plan::new(lab.clone(), &file, profiles, source, Shard::WHOLE)
        .map_err(|e| anyhow!("{e}"))?
        .with_traces(sets, notes);
    eprintln!(
        "calibrate: sweep of {} configs × {} sessions (seed {seed}), then a fresh check on seed {fresh_seed}",
        plan.points.len(),
        plan.total_positions()
    );
    let (data, timing) = run_plan(&plan, threads)?;
    let run_id = format!("calibrate-{}", report::run_id(&data).trim_start_matches("sweep-"));
    let out_root = a
        .out
        .clone()
        .unwrap_or_else(|| root().join("notebooks-out").join("calibrate"));
    let run_dir = out_root.join(&run_id);
    // The adversary searches every point (as `cargo xtask sweep` does): the
    // recommendation ranks on attack success first.
    let adv = crate::sweep::adversary(&data, threads)?;
    // The revision the run was made from, read before default.toml is rewritten.
    let revision = git_revision();
    let h = report::write_run_with(&run_dir, &data, &timing, &revision, &adv)?;
    let an = analysis::analyse_with(&data, report::attack_rates(&data, &adv));
    let chosen_i = an.recommended;
    let base_risk_json = seclab_sim::sweep::base_risk_json(&data.lab, &file).map_err(|e| anyhow!("{e}"))?;
    let chosen: RiskConfig = seclab_sim::sweep::resolve_risk(&base_risk_json, &data.points[chosen_i].overrides, "grid")
        .map_err(|(f, m)| anyhow!("{f}: {m}"))?;
    let current = RiskConfig::default();

    // Fresh seed: the chosen config and the current default on new sessions,
    // and a new adversary search against each (stream `adversary/calibrate`).
    let fresh = fresh_check(&lab, &file, &chosen, fresh_seed, threads, false)?;
    let fresh_cur = fresh_check(&lab, &file, &current, fresh_seed, threads, false)?;
    let attack_fresh = |risk: &RiskConfig| -> anyhow::Result<Rate> {
        use seclab_sim::adversary::padding::{default_sessions_dir, Padding};
        use seclab_sim::adversary::search::{search_with, SearchOptions};
        let pad = Padding::load(&default_sessions_dir())
            .unwrap_or_else(|e| Padding::generic(format!("real sessions unreadable: {e:#}")));
        let cfg = seclab_sim::adversary::open_policy(&seclab_engine::config::EngineConfig {
            risk: risk.clone(),
            ..seclab_engine::config::EngineConfig::default()
        });
        let budget = lab.adversary.budget.max(1) * 4;
        let mut opts = SearchOptions::new(budget, fresh_seed);
        opts.batch = lab.adversary.batch;
        opts.stream = "adversary/calibrate".into();
        let r = search_with(&cfg, &opts, &pad);
        Ok(Rate::new(
            r.successes as u64,
            r.evaluated as u64,
            data.lab.selection.interval,
            data.lab.selection.confidence,
        ))
    };
    let atk_chosen = attack_fresh(&chosen)?;
    let atk_current = attack_fresh(&current)?;

    // Checks.
    let sel = &data.lab.selection;
    let real = &an.real[chosen_i];
    let mut checks: Vec<(String, bool)> = vec![
        (
            format!(
                "fresh-seed simulated FP point estimate {:.2}% <= {:.2}% (selection budget)",
                fresh.fp.p * 100.0,
                sel.fp_target * 100.0
            ),
            fresh.fp.p <= sel.fp_target,
        ),
        (
            format!(
                "fresh-seed simulated FP upper bound {:.2}% <= 10% (SLO-10 budget)",
                fresh.fp.hi * 100.0
            ),
            fresh.fp.hi <= 0.10,
        ),
    ];
    for s in real.iter().filter(|s| s.label == Label::Benign) {
        checks.push((
            format!(
                "real `{}` FP (equal weight per agent) {:.2}% <= {:.2}%",
                s.dir,
                s.pooled_equal.p * 100.0,
                sel.real_target() * 100.0
            ),
            s.pooled_equal.p <= sel.real_target() + 1e-12,
        ));
    }
    checks.push((
        format!(
            "fresh-seed adversary attack success of the chosen config {:.2}% <= the previous default's {:.2}% (+ 1 point)",
            atk_chosen.p * 100.0,
            atk_current.p * 100.0
        ),
        atk_chosen.p <= atk_current.p + 0.01,
    ));
    let text = shipped_toml(&chosen)?;
    let back = parse_back(&text)?;
    checks.push((
        "the written default.toml parses back to exactly the chosen config".into(),
        back == chosen,
    ));
    let pass = checks.iter().all(|c| c.1);
    let target = root().join(DEFAULT_TOML_PATH);
    let wrote = pass && !a.dry_run;
    if wrote {
        write_atomic(&target, &text)?;
    }

    // Evidence.
    let mut m = String::new();
    let _ = writeln!(m, "# Calibration {run_id}\n");
    let _ = writeln!(
        m,
        "`cargo xtask calibrate` at git `{}`: the sweep below chose a config on its training split (and the real \
         sessions' FP budget); it was then checked on a fresh seed ({fresh_seed}, never used in selection) and on the \
         real traces, and {}.\n",
        revision,
        if wrote {
            format!("written to `{DEFAULT_TOML_PATH}`")
        } else if a.dry_run {
            "not written (--dry-run)".into()
        } else {
            format!("NOT written to `{DEFAULT_TOML_PATH}` (a check failed)")
        }
    );
    let _ = writeln!(m, "## Choice\n");
    let _ = writeln!(
        m,
        "- Sweep: `{}` (seed {seed}, {} configs); report `{}`",
        h.run_id,
        data.points.len(),
        h.dir.join("report.md").strip_prefix(root()).unwrap_or(&h.dir).display()
    );
    let _ = writeln!(
        m,
        "- Chosen `{}`: {}",
        data.points[chosen_i].id,
        if data.points[chosen_i].overrides.is_empty() {
            "the base config".to_string()
        } else {
            data.points[chosen_i]
                .overrides
                .iter()
                .map(|(k, v)| format!("`{k} = {v}`"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    );
    let _ = writeln!(
        m,
        "- Decided by: {} ({} feasible configs){}",
        an.decided_by,
        an.feasible_count,
        if an.tie_break { " — a tie-break" } else { "" }
    );
    let st = &an.stats[chosen_i];
    let _ = writeln!(
        m,
        "- Selection seed: training FP {}, FN {}; held-out FP {}, FN {}\n",
        rate(&st[Split::Train.index()].fp),
        rate(&st[Split::Train.index()].fn_),
        rate(&st[Split::Heldout.index()].fp),
        rate(&st[Split::Heldout.index()].fn_)
    );
    let _ = writeln!(m, "## Fresh seed {fresh_seed} (both splits, new sessions)\n");
    let _ = writeln!(
        m,
        "| config | FP (flagged) | hard FP (denied) | FN (never denied) |\n|---|---|---|---|"
    );
    let _ = writeln!(
        m,
        "| chosen `{}` | {} | {} | {} |",
        data.points[chosen_i].id,
        rate(&fresh.fp),
        rate(&fresh.hard_fp),
        rate(&fresh.fn_)
    );
    let _ = writeln!(
        m,
        "| previous engine default | {} | {} | {} |\n",
        rate(&fresh_cur.fp),
        rate(&fresh_cur.hard_fp),
        rate(&fresh_cur.fn_)
    );
    let _ = writeln!(
        m,
        "Adversary search on the fresh seed (stream `adversary/calibrate`, {} strategies each, policy opened): \
         attack success {} under the chosen config, {} under the previous default.\n",
        atk_chosen.n,
        rate(&atk_chosen),
        rate(&atk_current)
    );
    let _ = writeln!(m, "## Real sessions\n");
    let base_real = an.base.map(|b| &an.real[b]);
    for (i, s) in real.iter().enumerate() {
        let _ = writeln!(
            m,
            "`{}` ({}): {} under the chosen config{}.\n",
            s.dir,
            s.label.as_str(),
            rate(&s.pooled_equal),
            base_real
                .and_then(|v| v.get(i))
                .map(|b| format!(", {} under the previous default", rate(&b.pooled_equal)))
                .unwrap_or_default()
        );
        let _ = writeln!(m, "| agent | chosen | previous default |\n|---|---|---|");
        for (j, ag) in s.per_agent.iter().enumerate() {
            let prev = base_real
                .and_then(|v| v.get(i))
                .and_then(|b| b.per_agent.get(j))
                .map(|x| rate(&x.rate))
                .unwrap_or_else(|| "–".into());
            let _ = writeln!(m, "| {} | {} | {} |", ag.agent, rate(&ag.rate), prev);
        }
        let _ = writeln!(m);
    }
    let _ = writeln!(m, "## Checks\n");
    for (what, ok) in &checks {
        let _ = writeln!(m, "- [{}] {what}", if *ok { "x" } else { " " });
    }
    let _ = writeln!(m, "\n## Written config\n\n```toml\n{text}```");
    write_atomic(&run_dir.join("report.md"), &m)?;
    let j = serde_json::json!({
        "run_id": run_id,
        "seed": seed,
        "fresh_seed": fresh_seed,
        "sweep_run": h.run_id,
        "chosen": data.points[chosen_i].id,
        "overrides": data.points[chosen_i].overrides,
        "decided_by": an.decided_by,
        "tie_break": an.tie_break,
        "fresh": {"fp": fresh.fp, "hard_fp": fresh.hard_fp, "fn": fresh.fn_},
        "fresh_previous_default": {"fp": fresh_cur.fp, "hard_fp": fresh_cur.hard_fp, "fn": fresh_cur.fn_},
        "real": real,
        "checks": checks.iter().map(|(w, ok)| serde_json::json!({"check": w, "ok": ok})).collect::<Vec<_>>(),
        "written": wrote,
    });
    write_atomic(&run_dir.join("calibrate.json"), &serde_json::to_string_pretty(&j)?)?;
    println!("calibrate: evidence {}", run_dir.join("report.md").display());
    for (what, ok) in &checks {
        println!("  [{}] {what}", if *ok { "ok" } else { "FAIL" });
    }
    println!(
        "  fresh seed {fresh_seed}: chosen FP {}, FN {}; previous default FP {}, FN {}",
        rate(&fresh.fp),
        rate(&fresh.fn_),
        rate(&fresh_cur.fp),
        rate(&fresh_cur.fn_)
    );
    if wrote {
        println!("  wrote {}", target.display());
        Ok(ExitCode::SUCCESS)
    } else if a.dry_run {
        Ok(ExitCode::SUCCESS)
    } else {
        println!("  default.toml left unchanged");
        Ok(ExitCode::FAILURE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_seed_differs_and_is_stable() {
        for s in [0, 1, 20260214, u64::MAX] {
            assert_ne!(derive_fresh_seed(s), s);
            assert_eq!(derive_fresh_seed(s), derive_fresh_seed(s));
        }
    }

    #[test]
    fn shipped_text_parses_back() {
        let mut r = RiskConfig {
            window_size: 77,
            ..RiskConfig::default()
        };
        r.prior.unsafe_ = 0.9;
        assert_eq!(parse_back(&shipped_toml(&r).unwrap()).unwrap(), r);
    }
}
