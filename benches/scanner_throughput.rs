//! Scanner throughput (target ≥ 50 MiB/s on one core): `scan_source` (nesting
//! guard + oxc parse + semantic + rules) over every source of the adversarial,
//! benign and package corpora, file by file as the scanner meets them, on an
//! analysis stack as `scan_paths` runs (`on_analysis_stack`), reported as
//! bytes per second. Symlinks are skipped (their targets are outside the corpus).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use seclab_engine::scanner::{is_source_file, on_analysis_stack, scan_source};
use seclab_engine::tree_files::files_under;
use std::hint::black_box;
use std::path::Path;

/// Every corpus source with its file name (the name decides JS or TS).
fn corpus_files() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/extensions");
    files_under(&root, &|p| is_source_file(p))
        .into_iter()
        .filter_map(|f| std::fs::read(&f).ok().map(|b| (f.display().to_string(), b)))
        .collect()
}

fn bench(c: &mut Criterion) {
    let files = corpus_files();
    assert!(!files.is_empty(), "no corpus sources found");
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let mut g = c.benchmark_group("scanner_throughput");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("corpus_files", |b| {
        on_analysis_stack(|| {
            b.iter(|| {
                for (name, src) in &files {
                    black_box(scan_source(name, black_box(src)));
                }
            })
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
