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
