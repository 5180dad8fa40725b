//! Scanner throughput (target ≥ 50 MB/s on one core): `scan_source` over the
//! concatenated adversarial and benign corpora, reported as bytes per second.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use seclab_engine::scanner::{is_source_file, scan_source};
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect(&p, out);
        } else if is_source_file(&p) {
            out.push(p);
        }
    }
}

/// Every corpus source joined with newlines (one large input, like a bundle).
fn corpus_bytes() -> Vec<u8> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/extensions");
    let mut files = Vec::new();
    collect(&root, &mut files);
    let mut all = Vec::new();
    for f in files {
        if let Ok(b) = std::fs::read(&f) {
            all.extend_from_slice(&b);
            all.push(b'\n');
        }
    }
    all
}

fn bench(c: &mut Criterion) {
    let src = corpus_bytes();
    assert!(!src.is_empty(), "no corpus sources found");
    let mut g = c.benchmark_group("scanner_throughput");
    g.throughput(Throughput::Bytes(src.len() as u64));
    g.bench_function("corpora_concatenated", |b| {
        b.iter(|| black_box(scan_source("corpus.js", black_box(&src))))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
