//! seclab-sim: seeded session simulators, sweeps of risk-controller configs,
//! statistics and calibration reports, built on the real `seclab-engine`
//! dispatch pipeline (never a re-implementation of it).
//!
//! Data flow: a lab config (`config`) → a plan of risk configs and sessions
//! (`sweep`) → sessions generated from named ChaCha streams (`rng`,
//! `archetype`) → each session dispatched through a fresh engine
//! (`session`) → per-config counts → rates with intervals (`stats`) → tables,
//! plots, report and manifest (`report`). Real recorded sessions (`traces`)
//! run through the same engine path next to the simulated ones.

pub mod adversary;
pub mod archetype;
pub mod config;
pub mod fit;
pub mod profiles;
pub mod report;
pub mod results;
pub mod rng;
pub mod session;
pub mod simulate;
pub mod stats;
pub mod sweep;
pub mod traces;
