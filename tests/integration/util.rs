//! Shared helpers for the integration tests.

use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs the `refract` binary with `args` (no stdin), in `dir` if given.
pub fn refract(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_refract"))
        .args(args)
        .current_dir(std::env::temp_dir())
        .output()
        .expect("refract runs")
}

/// A fresh, empty temporary directory for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("refract-test-{}-{}", name, std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The repository's `snapshots/` folder, for insta settings.
pub fn snapshot_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("snapshots")
}

/// Runs `f` with insta storing snapshots under the top-level `snapshots/`.
pub fn with_snapshots<F: FnOnce()>(f: F) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(snapshot_dir());
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(f);
}

/// What `renderer` writes for `analysis`, as a string.
pub fn rendered(
    renderer: &dyn refract::report::Render,
    corpus: &refract::Corpus,
    analysis: &refract::Analysis,
) -> String {
    let mut out = Vec::new();
    renderer.render(corpus, analysis, &mut out).expect("renders to memory");
    String::from_utf8(out).expect("reports are UTF-8")
}

/// The bundled corpus's text of document `id`.
pub fn bundled_text(id: &str) -> String {
    let c = refract::bundled();
    c.documents[c.find(id).expect("bundled id")].text.clone()
}
