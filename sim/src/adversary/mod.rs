//! The adaptive adversary (issue 12): an attacker that searches for the route
//! the engine does not see, and measures what it gets away with.
//!
//! - [`world`]: the victim machine (planted secret canaries) and the
//!   attacker's infrastructure — the lab's own vocabulary;
//! - [`measure`]: the measuring instruments (WHATWG URL parse, shell parse)
//!   behind one adapter;
//! - [`effects`]: the lab connector that records what each call really did;
//! - [`damage`]: goals and damage before the first Deny/Terminate;
//! - [`run`]: one trace through the real `Dispatcher` (or unopposed);
//! - [`strategy`]: the `arbitrary`-built strategy space and its trace builder;
//! - [`padding`]: benign padding calls from real sessions (or a generic
//!   vocabulary when they are absent);
//! - [`search`]: the seeded, parallel evolutionary search;
//! - [`minimize`]: delta debugging of a successful trace;
//! - [`sample`]: a seeded sample per family, for before/after comparisons;
//! - [`corpus`]: regression traces under `corpus/attacks/`;
//! - [`report`]: the per-config report.
//!
//! Nothing here reads the engine's detector lists; the engine's parsers may
//! be used to measure effects only.

pub mod cargo_model;
pub mod cmake_model;
pub mod corpus;
pub mod damage;
pub mod effects;
pub mod file_args;
pub mod go_generate_model;
pub mod local_bin_model;
pub mod make_model;
pub mod measure;
pub mod minimize;
pub mod node_tool_model;
pub mod padding;
pub mod param_edit;
pub mod python_build_model;
pub mod rake_model;
pub mod report;
pub mod ruby_percent_model;
pub mod run;
pub mod sample;
pub mod search;
pub mod strategy;
pub mod task_runner_model;
pub mod test_runner_model;
pub mod tox_model;
pub mod workspace_model;
pub mod world;

pub use damage::{Damage, Goal};
pub use run::{evaluate, open_policy, unopposed, AttackTrace, Evaluation};
pub use search::{search, AdversaryResult, SearchOptions};

/// A command line's words split at blanks, for the unit tests of the
/// lab's tool models.
#[cfg(test)]
pub(crate) fn test_words(line: &str) -> Vec<String> {
    line.split_whitespace().map(String::from).collect()
}
