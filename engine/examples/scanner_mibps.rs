//! `scanner_mibps`: a cheap, honest throughput measurement of the scanner
//! (issue 13 requires ≥ 50 MiB/s) without building the criterion bench and
//! the whole lab in release: `cargo run --release -p seclab-engine --example
//! scanner_mibps [-- --rounds N] [--dir DIR]...`.
//!
//! Reads every source file the directory walk would pick up (by
//! `is_source_file`; symlinks skipped, as the bench does) under each DIR
//! (default: the repository's `corpus/extensions`), then scans each file with
//! `scan_source` (oxc parse + semantic + rules, one file at a time as the
//! scanner meets them) N times (default 20) on this thread, and prints the
//! byte count, the file count, the median and minimum round time and MiB/s of
//! the median round. Nothing is written.

use seclab_engine::scanner::{is_source_file, scan_source};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        let Ok(m) = std::fs::symlink_metadata(&p) else { continue };
        if m.is_dir() {
            collect(&p, out);
        } else if m.is_file() && is_source_file(&p) {
            out.push(p);
        }
    }
}

fn main() {
    let mut rounds = 20usize;
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
            other => {
                eprintln!("scanner_mibps: unknown argument {other:?} (use --rounds N, --dir DIR)");
                std::process::exit(2);
            }
        }
    }
    if dirs.is_empty() {
        dirs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus/extensions"));
    }
    let mut paths = Vec::new();
    for d in &dirs {
        collect(d, &mut paths);
    }
    let files: Vec<(String, Vec<u8>)> = paths
        .into_iter()
        .filter_map(|f| std::fs::read(&f).ok().map(|b| (f.display().to_string(), b)))
        .collect();
    if files.is_empty() {
        eprintln!("scanner_mibps: no source files under {dirs:?}");
        std::process::exit(1);
    }
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    // One warm-up round (starts the analysis worker thread, faults pages in).
    for (name, src) in &files {
        black_box(scan_source(name, src));
    }
    let mut secs: Vec<f64> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            for (name, src) in &files {
                black_box(scan_source(name, black_box(src)));
            }
            t.elapsed().as_secs_f64()
        })
        .collect();
    secs.sort_by(f64::total_cmp);
    let median = secs[secs.len() / 2];
    let mib = bytes as f64 / (1024.0 * 1024.0);
    println!(
        "scanner_mibps: {} files, {} bytes, {} rounds; median {:.4} s, min {:.4} s; {:.1} MiB/s (median), {:.1} MiB/s (best)",
        files.len(),
        bytes,
        rounds,
        median,
        secs[0],
        mib / median,
        mib / secs[0]
    );
}
