//! One module per `seclab` subcommand.

pub mod env_check;
pub mod ledger;
pub mod policy;
pub mod replay;
pub mod scan;

use anyhow::Context;
use seclab_engine::EngineConfig;
use std::path::Path;

/// Load the engine config from `--config FILE`, or the built-in default.
pub fn load_config(path: Option<&Path>) -> anyhow::Result<EngineConfig> {
    match path {
        None => Ok(EngineConfig::default()),
        Some(p) => seclab_engine::load_engine_config(p)
            .map_err(anyhow::Error::new)
            .context("invalid config"),
    }
}
