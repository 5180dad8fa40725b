//! Program-file writes: what the shell analysis costs when a file tool
//! writes a program file (`shell::program_file_harms_when_run`: the
//! prefilter, then the tokens of a text that may call a command-running
//! function), as bytes per second over real code. The JavaScript and
//! TypeScript sources of the scanner's corpus are always there; the Python
//! files of the machine's own Python library (`/usr/lib/python3*`) are read
//! where it has one, and the group says when it has none.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use seclab_engine::shell::program_file_harms_when_run;
use seclab_engine::tree_files::files_under;
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn read_all(paths: Vec<PathBuf>) -> Vec<(String, String)> {
    paths
        .into_iter()
        .filter_map(|p| std::fs::read_to_string(&p).ok().map(|t| (p.display().to_string(), t)))
        .collect()
}

fn python_library() -> Vec<(String, String)> {
    let mut roots: Vec<PathBuf> = std::fs::read_dir("/usr/lib")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("python3"))
        })
        .collect();
    roots.sort();
    let py = |p: &Path| p.extension().is_some_and(|e| e == "py");
    read_all(roots.iter().flat_map(|r| files_under(r, &py)).collect())
}

fn bench_set(c: &mut Criterion, name: &str, files: &[(String, String)]) {
    if files.is_empty() {
        eprintln!("program_files/{name}: skipped, no files found");
        return;
    }
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    let mut g = c.benchmark_group("program_files");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(20);
    g.bench_function(name, |b| {
        b.iter(|| {
            for (path, text) in files {
                black_box(program_file_harms_when_run(path, black_box(text)));
            }
        })
    });
    g.finish();
}

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/extensions");
    let js = |p: &Path| {
        p.extension()
            .is_some_and(|e| ["js", "mjs", "cjs", "ts"].iter().any(|x| e == *x))
    };
    bench_set(c, "corpus_js_ts", &read_all(files_under(&root, &js)));
    bench_set(c, "python_library", &python_library());
}

criterion_group!(benches, bench);
criterion_main!(benches);
