//! `scanner_mibps`: a cheap, honest throughput measurement of the scanner
//! (issue 13 requires ≥ 50 MiB/s) without building the criterion bench and
//! the whole lab in release: `cargo run --release -p seclab-engine --example
//! scanner_mibps [-- --rounds N] [--dir DIR]... [--split]`.
//!
//! Reads every source file the directory walk would pick up (by
//! `is_source_file`; symlinks skipped, as the bench does) under each DIR
//! (default: the repository's `corpus/extensions`), then scans each file with
//! `scan_source` (nesting guard + oxc parse + semantic + rules, one file at a
//! time as the scanner meets them) N times (default 20) on an analysis stack
//! (`on_analysis_stack`, as `scan_paths` runs), and prints the byte count, the
//! file count, the median and minimum round time and MiB/s of the median
//! round, and MiB per on-CPU second of the measuring thread over all rounds (Linux; what one
//! core does whatever else the machine runs). Nothing is written.
//!
//! `--split` also times the stages on the same files, so the ceiling is known:
//! the nesting guard alone, oxc parse alone, oxc parse + semantic (scopes,
//! symbols, references; table capacities as the scanner sizes them), and the
//! whole scan; the rules' share is the whole
//! scan minus parse + semantic. It also times `scan_source` called from an
//! ordinary thread, which hands each file to the analysis worker thread.
//!
//! `--dump FILE` writes what the scanner reports instead of timing it (to
//! check that a speed change keeps every verdict and finding): per source
//! file, the `scan_source_full` report, specifiers, effects and export taint;
//! per DIR and per directory under it holding a package.json, the
//! `scan_paths` reports as JSON.

use oxc_allocator::Allocator;
use oxc_parser::{ParseOptions, Parser};
use oxc_semantic::SemanticBuilder;
use seclab_engine::scanner::analyze::{semantic_capacity, source_type_for};
use seclab_engine::scanner::guard::nesting_estimate;
use seclab_engine::scanner::{is_source_file, on_analysis_stack, scan_paths, scan_source, scan_source_full};
use seclab_engine::tree_files::files_under;
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What one round runs on a file.
#[derive(Clone, Copy)]
enum Stage {
    Guard,
    Parse,
    Semantic,
    Full,
}

fn run_stage(stage: Stage, name: &str, src: &[u8]) {
    let text = || std::str::from_utf8(src).unwrap_or("");
    match stage {
        Stage::Guard => {
            black_box(nesting_estimate(src));
        }
        Stage::Parse | Stage::Semantic => {
            let allocator = Allocator::default();
            let opts = ParseOptions {
                allow_return_outside_function: true,
                ..ParseOptions::default()
            };
            let ret = Parser::new(&allocator, text(), source_type_for(name))
                .with_options(opts)
                .parse();
            if matches!(stage, Stage::Semantic) && !ret.panicked {
                let program = allocator.alloc(ret.program);
                let sem = SemanticBuilder::new()
                    .with_stats(semantic_capacity(src.len()))
                    .build(program);
                black_box(sem.semantic.scoping().symbols_len());
            } else {
                black_box(ret.program.body.len());
            }
        }
        Stage::Full => {
            black_box(scan_source(name, black_box(src)));
        }
    }
}

/// Median and best seconds of `rounds` rounds of `stage` over `files` (after
/// one warm-up round: it starts the analysis worker, faults pages in).
fn time_stage(stage: Stage, files: &[(String, Vec<u8>)], rounds: usize) -> (f64, f64) {
    let (median, best, _) = time_stage_cpu(stage, files, rounds);
    (median, best)
}

/// On-CPU seconds of the calling thread so far (Linux schedstat; None elsewhere).
fn thread_cpu_secs() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// [`time_stage`] with the mean on-CPU seconds of a round of this thread
/// (what a core spends, whatever else the machine runs; `None` if unknown).
/// The mean over all rounds, not a per-round median: the thread's CPU clock
/// may tick coarsely (whole scheduler ticks on some kernels), finer than a
/// round of a small corpus.
fn time_stage_cpu(stage: Stage, files: &[(String, Vec<u8>)], rounds: usize) -> (f64, f64, Option<f64>) {
    for (name, src) in files {
        run_stage(stage, name, src);
    }
    let cpu_start = thread_cpu_secs();
    let mut secs: Vec<f64> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            for (name, src) in files {
                run_stage(stage, name, black_box(src));
            }
            t.elapsed().as_secs_f64()
        })
        .collect();
    let cpu_mean = match (cpu_start, thread_cpu_secs()) {
        (Some(a), Some(b)) => Some((b - a) / rounds as f64),
        _ => None,
    };
    secs.sort_by(f64::total_cmp);
    (secs[secs.len() / 2], secs[0], cpu_mean)
}

/// `; X MiB/s per CPU-second` when the CPU time is known.
fn per_cpu(mib: f64, cpu: Option<f64>) -> String {
    cpu.filter(|c| *c > 0.0)
        .map_or(String::new(), |c| format!("; {:.1} MiB per CPU-second (mean)", mib / c))
}

fn main() {
    // The stages run on a thread with the scanner's analysis stack (the parser recurses).
    let t = std::thread::Builder::new()
        .stack_size(seclab_engine::scanner::guard::ANALYSIS_STACK_BYTES)
        .spawn(run);
    match t.map(|h| h.join()) {
        Ok(Ok(())) => {}
        _ => {
            eprintln!("scanner_mibps: the measurement thread failed");
            std::process::exit(1);
        }
    }
}

fn run() {
    let mut rounds = 20usize;
    let mut split = false;
    let mut dump: Option<PathBuf> = None;
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--rounds" => match args.next().and_then(|v| v.parse().ok()) {
                Some(n) if n > 0 => rounds = n,
                _ => {
                    eprintln!("scanner_mibps: --rounds needs a positive integer");
                    std::process::exit(2);
                }
            },
            "--dir" => match args.next() {
                Some(d) => dirs.push(PathBuf::from(d)),
                None => {
                    eprintln!("scanner_mibps: --dir needs a directory");
                    std::process::exit(2);
                }
            },
            "--split" => split = true,
            "--dump" => match args.next() {
                Some(f) => dump = Some(PathBuf::from(f)),
                None => {
                    eprintln!("scanner_mibps: --dump needs a file");
                    std::process::exit(2);
                }
            },
            other => {
                eprintln!(
                    "scanner_mibps: unknown argument {other:?} (use --rounds N, --dir DIR, --split, --dump FILE)"
                );
                std::process::exit(2);
            }
        }
    }
    if dirs.is_empty() {
        dirs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus/extensions"));
    }
    let mut paths = Vec::new();
    for d in &dirs {
        paths.extend(files_under(d, &|p| is_source_file(p)));
    }
    let files: Vec<(String, Vec<u8>)> = paths
        .into_iter()
        .filter_map(|f| std::fs::read(&f).ok().map(|b| (f.display().to_string(), b)))
        .collect();
    if files.is_empty() {
        eprintln!("scanner_mibps: no source files under {dirs:?}");
        std::process::exit(1);
    }
    if let Some(out) = dump {
        write_dump(&out, &dirs, &files);
        return;
    }
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let mib = bytes as f64 / (1024.0 * 1024.0);
    if split {
        // The scanner does not parse sources the nesting guard refuses; neither do the stages.
        let shallow: Vec<(String, Vec<u8>)> = files
            .iter()
            .filter(|(_, b)| nesting_estimate(b) <= seclab_engine::scanner::guard::MAX_NESTING)
            .cloned()
            .collect();
        for (label, stage) in [
            ("guard", Stage::Guard),
            ("parse", Stage::Parse),
            ("parse+semantic", Stage::Semantic),
        ] {
            let set = if matches!(stage, Stage::Guard) {
                &files
            } else {
                &shallow
            };
            let (median, best, cpu) = time_stage_cpu(stage, set, rounds);
            println!(
                "scanner_mibps: stage {label} ({} files): median {median:.4} s, min {best:.4} s; {:.1} MiB/s (median){}",
                set.len(),
                mib / median,
                per_cpu(mib, cpu)
            );
        }
    }
    if split {
        let (median, best) = time_stage(Stage::Full, &files, rounds);
        println!(
            "scanner_mibps: scan_source from an ordinary thread (worker per file): median {median:.4} s, min {best:.4} s; {:.1} MiB/s (median)",
            mib / median
        );
    }
    let (median, best, cpu) = on_analysis_stack(|| time_stage_cpu(Stage::Full, &files, rounds));
    println!(
        "scanner_mibps: {} files, {} bytes, {} rounds; median {:.4} s, min {:.4} s; {:.1} MiB/s (median), {:.1} MiB/s (best){}",
        files.len(),
        bytes,
        rounds,
        median,
        best,
        mib / median,
        mib / best,
        per_cpu(mib, cpu)
    );
}

/// Directories under `dir` (and `dir` itself) that hold a package.json, sorted.
fn package_dirs(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    if dir.join("package.json").is_file() {
        out.push(dir.to_path_buf());
    }
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        let is_dir = std::fs::symlink_metadata(&p).is_ok_and(|m| m.is_dir());
        if is_dir && depth < 8 && p.file_name().is_some_and(|n| n != "node_modules") {
            package_dirs(&p, depth + 1, out);
        }
    }
}

fn write_dump(out: &Path, dirs: &[PathBuf], files: &[(String, Vec<u8>)]) {
    let mut s = String::new();
    for (name, src) in files {
        let r = scan_source_full(name, src);
        let report = serde_json::to_string(&r.report).unwrap_or_default();
        let _ = writeln!(
            s,
            "FILE {name}\n{report}\nspecifiers {:?}\neffects {:?}\nexport_taint {}",
            r.specifiers, r.effects, r.export_taint
        );
    }
    let mut pkgs: Vec<PathBuf> = dirs.to_vec();
    for d in dirs {
        package_dirs(d, 0, &mut pkgs);
    }
    pkgs.dedup();
    for p in &pkgs {
        let _ = writeln!(s, "PATHS {}", p.display());
        for r in scan_paths(std::slice::from_ref(p)) {
            let _ = writeln!(s, "{}", serde_json::to_string(&r).unwrap_or_default());
        }
    }
    if let Err(e) = std::fs::write(out, s) {
        eprintln!("scanner_mibps: cannot write {}: {e}", out.display());
        std::process::exit(1);
    }
    println!(
        "scanner_mibps: dumped {} files and {} package scans to {}",
        files.len(),
        pkgs.len(),
        out.display()
    );
}
