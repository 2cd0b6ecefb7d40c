//! Integration tests: one binary, one module per topic (ripgrep's layout).
//! Snapshots live in the top-level `snapshots/` folder.

mod align;
mod cli;
mod invariants;
mod layering;
mod properties;
mod quotes;
mod robustness;
mod util;
