//! `cargo xtask …`: project automation. Each subcommand lives in its own module.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod adversary;
mod calibrate;
mod ci;
mod fit_benign;
mod footprint;
mod fuzz;
mod gate;
mod pgo;
mod review;
mod scan_corpus;
mod slo;
mod sweep;
mod util;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "seclab automation: sweeps, corpus scans, fuzzing, SLO scorecard, gates, CI"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The README test command: fmt check, clippy -D warnings, every test, fuzz smoke.
    Ci(ci::CiArgs),
    /// Run a sweep of risk-controller configs (embedded defaults without arguments).
    Sweep(sweep::SweepArgs),
    /// Sweep, check the choice on a fresh seed and the real traces, write engine/src/risk/default.toml.
    Calibrate(calibrate::CalibrateArgs),
    /// Estimate sim/configs/benign_fit.json from the real sessions.
    FitBenign(fit_benign::FitBenignArgs),
    /// Write simulated sessions as trace files.
    Simulate(sweep::SimulateArgs),
    /// Merge sharded sweep outputs into one report.
    Merge(sweep::MergeArgs),
    /// Scanner detection and false-positive rates over the corpora.
    ScanCorpus(scan_corpus::ScanCorpusArgs),
    /// Build and run the cargo-fuzz targets.
    Fuzz(fuzz::FuzzArgs),
    /// Compute the SLO-01..14 scorecard from fresh evidence.
    Slo(slo::SloArgs),
    /// Run a CI gate (G-CI-1 … G-CI-5).
    Gate(gate::GateArgs),
    /// The quarterly SLO review report.
    Review(review::ReviewArgs),
    /// The security layers' cache footprint per call on the SLO-14 workload (needs valgrind).
    Footprint(footprint::FootprintArgs),
    /// Adaptive adversary search against one engine config (docs/adversary.md).
    Adversary(adversary::AdversaryArgs),
    /// The engine built with profile-guided optimisation trained on recorded
    /// sessions, its SLO-14 probe timed against the plain build's.
    Pgo(pgo::PgoArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Ci(a) => ci::run(a),
        Command::Sweep(a) => sweep::run(a),
        Command::Calibrate(a) => calibrate::run(a),
        Command::FitBenign(a) => fit_benign::run(a),
        Command::Simulate(a) => sweep::simulate(a),
        Command::Merge(a) => sweep::merge(a),
        Command::ScanCorpus(a) => scan_corpus::run(a),
        Command::Fuzz(a) => fuzz::run(a),
        Command::Slo(a) => slo::run(a),
        Command::Gate(a) => gate::run(a),
        Command::Review(a) => review::run(a),
        Command::Footprint(a) => footprint::run(a),
        Command::Adversary(a) => adversary::run(a),
        Command::Pgo(a) => pgo::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("xtask: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
