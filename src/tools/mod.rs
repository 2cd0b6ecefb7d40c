//! User commands outside the pipeline's layers: they run the pipeline, or
//! read its report, as any user of the library would.
//!
//! * [`generate`] writes a deterministic synthetic corpus and its truth
//!   (`refract generate`, the benchmarks);
//! * [`recall`] scores a run against that truth;
//! * [`eval`] scores a JSON report against hand-annotated links (`refract
//!   eval`).

pub mod eval;
pub mod generate;
pub mod recall;
