//! The lab's sweep artifacts: same seed and config ⇒ byte-identical
//! deterministic artifacts (and reports identical outside their measured
//! block); another seed ⇒ different results; sharded runs merged ⇒ the same
//! artifacts as the unsharded run.

use seclab_sim::config::LabConfig;
use seclab_sim::profiles::{self, ProfileSource};
use seclab_sim::report::{self, read_run, strip_measured, write_run, DETERMINISTIC};
use seclab_sim::results::{Shard, SweepData};
use seclab_sim::sweep::{run_plan, Plan};
use std::path::{Path, PathBuf};

fn lab(seed: u64) -> LabConfig {
    let text = format!(
        "[run]\nseed = {seed}\nbenign = 14\nhostile = 16\n\
         [grid]\n\"prior.unsafe\" = [0.5, 1.0]\n\"eprocess.unsafe_score\" = [0.55, 0.65]\n\
         [sample]\nmethod = \"lhs\"\ncount = 2\n[sample.ranges]\n\"loss.harden.safe\" = [8.0, 20.0]\n"
    );
    LabConfig::parse(&text, Path::new("test-grid.toml")).unwrap()
}

fn run(seed: u64, shard: Shard, threads: usize, out: &Path) -> PathBuf {
    let plan = Plan::new(
        lab(seed),
        Path::new("test-grid.toml"),
        profiles::embedded().unwrap(),
        ProfileSource::Embedded,
        shard,
    )
    .unwrap();
    let (data, timing) = run_plan(&plan, threads).unwrap();
    write_run(out, &data, &timing, "test-rev").unwrap().dir
}

fn read(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{}/{name}: {e}", dir.display()))
}

fn assert_same_deterministic(a: &Path, b: &Path) {
    for name in DETERMINISTIC {
        assert!(
            read(a, name) == read(b, name),
            "{name} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
    for name in ["report.md", "report.html"] {
        let x = String::from_utf8(read(a, name)).unwrap();
        let y = String::from_utf8(read(b, name)).unwrap();
        assert_eq!(
            strip_measured(&x),
            strip_measured(&y),
            "{name} differs outside the measured block"
        );
    }
    let m = |d: &Path| -> serde_json::Value { serde_json::from_slice(&read(d, "manifest.json")).unwrap() };
    assert_eq!(m(a)["deterministic_digest"], m(b)["deterministic_digest"]);
    assert_eq!(m(a)["artifacts"]["deterministic"], m(b)["artifacts"]["deterministic"]);
}

#[test]
fn same_seed_gives_byte_identical_artifacts_and_another_seed_does_not() {
    let t1 = tempfile::tempdir().unwrap();
    let t2 = tempfile::tempdir().unwrap();
    let t3 = tempfile::tempdir().unwrap();
    let a = run(3, Shard::WHOLE, 2, t1.path());
    let b = run(3, Shard::WHOLE, 1, t2.path());
    assert_same_deterministic(&a, &b);
    // Every artifact the manifest lists exists, with the hash it states.
    let m: serde_json::Value = serde_json::from_slice(&read(&a, "manifest.json")).unwrap();
    for set in ["deterministic", "measured"] {
        for (name, sha) in m["artifacts"][set].as_object().unwrap() {
            use sha2::Digest;
            let got = sha2::Sha256::digest(read(&a, name));
            let hex: String = got.iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(sha.as_str().unwrap(), hex, "{name}");
        }
    }
    assert_eq!(m["git_revision"], "test-rev");
    let c = run(4, Shard::WHOLE, 2, t3.path());
    assert_ne!(read(&a, "shard.json"), read(&c, "shard.json"));
    assert_ne!(read(&a, "sweep.csv"), read(&c, "sweep.csv"));
    // Nothing temporary is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(t1.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn rerun_into_the_same_root_replaces_the_run_atomically() {
    let t = tempfile::tempdir().unwrap();
    let a = run(5, Shard::WHOLE, 2, t.path());
    let first = read(&a, "sweep.csv");
    let b = run(5, Shard::WHOLE, 2, t.path());
    assert_eq!(a, b);
    assert_eq!(first, read(&b, "sweep.csv"));
    assert_eq!(std::fs::read_dir(t.path()).unwrap().count(), 1);
}

#[test]
fn sharded_then_merged_equals_unsharded() {
    let whole = tempfile::tempdir().unwrap();
    let shards = tempfile::tempdir().unwrap();
    let merged = tempfile::tempdir().unwrap();
    let w = run(6, Shard::WHOLE, 2, whole.path());
    let s: Vec<PathBuf> = (0..3)
        .map(|i| run(6, Shard { index: i, count: 3 }, 1, shards.path()))
        .collect();
    assert_eq!(std::fs::read_dir(shards.path()).unwrap().count(), 3);
    let parts = s.iter().map(|d| read_run(d).unwrap()).collect();
    let (data, timing) = SweepData::merge(parts).unwrap();
    assert!(data.is_complete());
    let m = write_run(merged.path(), &data, &timing, "test-rev").unwrap();
    assert_eq!(m.dir.file_name(), w.file_name());
    assert_same_deterministic(&w, &m.dir);
    // A shard twice, or shards of different runs, do not merge.
    let twice = vec![read_run(&s[0]).unwrap(), read_run(&s[0]).unwrap()];
    assert!(SweepData::merge(twice).is_err());
    let other = tempfile::tempdir().unwrap();
    let o = run(7, Shard { index: 1, count: 3 }, 1, other.path());
    assert!(SweepData::merge(vec![read_run(&s[0]).unwrap(), read_run(&o).unwrap()]).is_err());
    // A partial shard's report says so.
    let md = String::from_utf8(read(&s[0], "report.md")).unwrap();
    assert!(md.contains("Partial run"));
    let _ = report::MEASURED;
}

/// The shared real sessions, in place (../shared/real-sessions from the workspace root).
fn real_sessions_dir() -> Option<PathBuf> {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/real-sessions");
    if d.is_dir() {
        Some(d)
    } else {
        eprintln!("skipped: {} not found (a clone without ../shared)", d.display());
        None
    }
}

fn run_with_traces(seed: u64, sets: Vec<seclab_sim::traces::TraceSet>, threads: usize, out: &Path) -> PathBuf {
    let text =
        format!("[run]\nseed = {seed}\nbenign = 10\nhostile = 10\n[grid]\n\"eprocess.unsafe_score\" = [0.55, 0.75]\n");
    let lab = LabConfig::parse(&text, Path::new("trace-grid.toml")).unwrap();
    let plan = Plan::new(
        lab,
        Path::new("trace-grid.toml"),
        profiles::embedded().unwrap(),
        ProfileSource::Embedded,
        Shard::WHOLE,
    )
    .unwrap()
    .with_traces(sets, vec![]);
    let (data, timing) = run_plan(&plan, threads).unwrap();
    write_run(out, &data, &timing, "test-rev").unwrap().dir
}

/// Simulated sessions written as a trace directory (one file per session).
fn synthetic_trace_dir(dir: &Path, archetype: &str) {
    let lab = LabConfig::embedded().unwrap();
    seclab_sim::simulate::write_traces(
        &lab,
        Path::new("embedded"),
        profiles::embedded().unwrap(),
        ProfileSource::Embedded,
        archetype,
        3,
        seclab_sim::rng::Split::Train,
        4,
        dir,
    )
    .unwrap();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.file_name().to_string_lossy().ends_with(".config.toml") {
            std::fs::remove_file(e.path()).unwrap();
        }
    }
}

#[test]
fn lab_traces_real_trace_part_is_byte_deterministic_and_reported() {
    use seclab_sim::archetype::Label;
    let hostile = tempfile::tempdir().unwrap();
    synthetic_trace_dir(hostile.path(), "burst_exec");
    let mut sets = vec![seclab_sim::traces::load_dir(hostile.path(), "synthetic-hostile", Label::Hostile).unwrap()];
    if let Some(d) = real_sessions_dir() {
        sets.insert(
            0,
            seclab_sim::traces::load_dir(&d, "../shared/real-sessions", Label::Benign).unwrap(),
        );
    }
    let (t1, t2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = run_with_traces(8, sets.clone(), 2, t1.path());
    let b = run_with_traces(8, sets.clone(), 1, t2.path());
    assert_same_deterministic(&a, &b);
    let md = String::from_utf8(read(&a, "report.md")).unwrap();
    assert!(md.contains("Real sessions (recorded traces)"), "{md}");
    assert!(md.contains("pooled, equal weight per agent"));
    assert!(md.contains("synthetic-hostile"));
    let summary: serde_json::Value = serde_json::from_slice(&read(&a, "summary.json")).unwrap();
    let real = summary["real_recommended"].as_array().unwrap();
    assert_eq!(real.len(), sets.len());
    let hostile_set = real.last().unwrap();
    assert_eq!(hostile_set["pooled_all"]["n"], 4);
    if sets.len() == 2 {
        assert_eq!(real[0]["pooled_all"]["n"], 107);
        assert!(md.contains("Benign simulator realism"));
    }
    // Shards of a run with traces merge into the unsharded artifacts.
    let sh = tempfile::tempdir().unwrap();
    let text = "[run]\nseed = 8\nbenign = 10\nhostile = 10\n[grid]\n\"eprocess.unsafe_score\" = [0.55, 0.75]\n";
    let parts: Vec<_> = (0..2)
        .map(|i| {
            let lab = LabConfig::parse(text, Path::new("trace-grid.toml")).unwrap();
            let plan = Plan::new(
                lab,
                Path::new("trace-grid.toml"),
                profiles::embedded().unwrap(),
                ProfileSource::Embedded,
                Shard { index: i, count: 2 },
            )
            .unwrap()
            .with_traces(sets.clone(), vec![]);
            run_plan(&plan, 1).unwrap()
        })
        .collect();
    let (data, timing) = SweepData::merge(parts).unwrap();
    let m = write_run(sh.path(), &data, &timing, "test-rev").unwrap();
    assert_same_deterministic(&a, &m.dir);
}

#[test]
fn lab_config_section_in_report_parses_back_to_the_recommended_config() {
    let t = tempfile::tempdir().unwrap();
    let a = run(9, Shard::WHOLE, 2, t.path());
    let md = String::from_utf8(read(&a, "report.md")).unwrap();
    let at = md.find("As an engine config section").expect("section present");
    let rest = &md[at..];
    let start = rest.find("```toml\n").unwrap() + "```toml\n".len();
    let block = &rest[start..start + rest[start..].find("```").unwrap()];
    assert!(block.starts_with("[risk"), "{block}");
    assert!(
        !block.lines().any(|l| l.trim_start().starts_with('#')),
        "commented: {block}"
    );
    let parse = |text: &str, name: &str| -> seclab_engine::config::EngineConfig {
        seclab_engine::config::parse_config_str(text, seclab_engine::config::ConfigFormat::Toml, Path::new(name))
            .unwrap_or_else(|e| panic!("{name}: {e:?}\n{text}"))
    };
    let from_block = parse(block, "report block");
    let full = String::from_utf8(read(&a, "recommended.toml")).unwrap();
    assert_eq!(from_block.risk, parse(&full, "recommended.toml").risk);
}

/// Issue 12 deliverables 3-4 / SLO-11: the sweep runs a budgeted adversary
/// search against every config point, each from its own named stream of the
/// run seed; same seed ⇒ byte-identical `adversary.json`/`adversary.csv` and
/// report section (thread count irrelevant); another seed ⇒ another search;
/// the report gives per config the success rate per family, damage and
/// detection delay.
#[test]
fn slo_11_sweep_adversary_per_config_is_byte_deterministic() {
    use seclab_sim::adversary::padding::Padding;
    use seclab_sim::report::{write_run_with, AdversaryRun};
    let go = |seed: u64, threads: usize, out: &Path| -> PathBuf {
        let text = format!(
            "[run]\nseed = {seed}\nbenign = 6\nhostile = 6\n[adversary]\nbudget = 40\nbatch = 20\n\
             [grid]\n\"eprocess.unsafe_score\" = [0.55, 0.85]\n"
        );
        let lab = LabConfig::parse(&text, Path::new("adv-grid.toml")).unwrap();
        let plan = Plan::new(
            lab,
            Path::new("adv-grid.toml"),
            profiles::embedded().unwrap(),
            ProfileSource::Embedded,
            Shard::WHOLE,
        )
        .unwrap();
        let (data, timing) = run_plan(&plan, threads).unwrap();
        let pad = Padding::generic("test: generic padding".into());
        let adv = seclab_sim::sweep::run_adversary(&data, &pad, threads).unwrap().unwrap();
        assert_eq!(adv.points.len(), data.points.len());
        for p in &adv.points {
            assert_eq!(p.evaluated, 40);
            assert_eq!(p.stream, "adversary/sweep", "{}: common random numbers", p.point);
            assert_eq!(p.families.values().map(|f| f.evaluated).sum::<usize>(), 40);
        }
        write_run_with(out, &data, &timing, "test-rev", &AdversaryRun::Searched(adv))
            .unwrap()
            .dir
    };
    let (t1, t2, t3) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let a = go(4, 2, t1.path());
    let b = go(4, 1, t2.path());
    assert_same_deterministic(&a, &b);
    let c = go(5, 2, t3.path());
    assert_ne!(read(&a, "adversary.json"), read(&c, "adversary.json"));
    let csv = String::from_utf8(read(&a, "adversary.csv")).unwrap();
    assert!(
        csv.starts_with("point,family,evaluated,successes,success_rate,"),
        "{csv}"
    );
    // Every config point × (16 families + all) rows, plus the header.
    let j: serde_json::Value = serde_json::from_slice(&read(&a, "adversary.json")).unwrap();
    let n = j["adversary"]["points"].as_array().unwrap().len();
    assert!(n >= 2);
    assert_eq!(csv.lines().count(), 1 + n * 17, "{csv}");
    let md = String::from_utf8(read(&a, "report.md")).unwrap();
    assert!(md.contains("Adversary search (SLO-11"), "{md}");
    assert!(md.contains("detection delay p50 / max"));
    assert!(md.contains("Per family: engine default config"));
    // Without a search the files still exist and say why.
    let t4 = tempfile::tempdir().unwrap();
    let d = run(9, Shard::WHOLE, 1, t4.path());
    let j: serde_json::Value = serde_json::from_slice(&read(&d, "adversary.json")).unwrap();
    assert_eq!(j["searched"], false);
}
