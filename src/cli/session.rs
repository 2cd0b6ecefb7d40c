//! What a run says on stderr besides errors: a progress bar while it runs
//! (on a terminal, once it has taken a second) and one summary line.

use std::io::{self, IsTerminal};
use std::path::Path;
use std::sync::{mpsc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::output::{emit, Writer};
use refract::{Analysis, Corpus};
use refract::{Progress, Silent, Stage};

/// What a run says on stderr besides errors: a progress bar while it runs (on
/// a terminal, once it has taken a second) and one summary line at the end;
/// nothing with `--quiet`.
pub(super) struct Session {
    started: Instant,
    quiet: bool,
    bar: Option<Bar>,
}

impl Session {
    pub(super) fn new(quiet: bool) -> Session {
        let bar = (!quiet && io::stderr().is_terminal()).then(Bar::new);
        Session { started: Instant::now(), quiet, bar }
    }

    pub(super) fn progress(&self) -> &dyn Progress {
        match &self.bar {
            Some(bar) => bar,
            None => &Silent,
        }
    }

    /// Clears the bar, then writes the result (see [`emit`]).
    pub(super) fn emit(&self, content: &Writer<'_>, path: Option<&Path>) -> Result<()> {
        if let Some(bar) = &self.bar {
            bar.clear();
        }
        emit(content, path)
    }

    /// Prints one line: documents, alignments, quotations and the time the
    /// command took.
    pub(super) fn summary(&self, corpus: &Corpus, analysis: &Analysis) {
        if self.quiet {
            return;
        }
        // Two decimals under a second: with one, a quick run reads "in 0.0 s".
        let secs = self.started.elapsed().as_secs_f64();
        let digits = if secs < 1.0 { 2 } else { 1 };
        eprintln!(
            "refract: {} documents, {} alignments, {} quotations in {secs:.digits$} s",
            thousands(corpus.documents.len()),
            thousands(analysis.alignments.len()),
            thousands(analysis.quotes.len()),
        );
    }
}

/// `1234567` as `1,234,567`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// How long a run goes before its progress bar is drawn: a quick run draws
/// nothing.
const BAR_DELAY: Duration = Duration::from_secs(1);

/// The progress bar on stderr (a terminal). It starts hidden; a thread draws
/// it once [`BAR_DELAY`] has passed, unless the run is over by then. After
/// the pipeline it says that the report is being written; it is cleared
/// before the report is, or when the command ends (an error).
struct Bar {
    bar: ProgressBar,
    /// Dropping the sender tells the thread that the run is over.
    reveal: Mutex<Option<(mpsc::Sender<()>, thread::JoinHandle<()>)>>,
}

impl Bar {
    fn new() -> Bar {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(style("    reading inputs", false));
        let (tx, rx) = mpsc::channel::<()>();
        let shown = bar.clone();
        let reveal = thread::spawn(move || {
            // A message, or the sender dropped: the run is over.
            if rx.recv_timeout(BAR_DELAY) == Err(mpsc::RecvTimeoutError::Timeout) {
                shown.set_draw_target(ProgressDrawTarget::stderr_with_hz(10));
                shown.enable_steady_tick(Duration::from_millis(100));
            }
        });
        Bar { bar, reveal: Mutex::new(Some((tx, reveal))) }
    }

    /// Stops the thread that would draw the bar, and clears it.
    fn clear(&self) {
        let reveal = self.reveal.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some((tx, thread)) = reveal {
            drop(tx);
            let _ = thread.join();
            self.bar.disable_steady_tick();
            self.bar.finish_and_clear();
        }
    }
}

/// The bar's look for a step (`3/6 aligning sentences`): a stage that counts
/// its items has a bar, a count and an estimate of the time it has left;
/// every step shows the time the command has taken.
fn style(step: &str, counted: bool) -> ProgressStyle {
    let template = if counted {
        format!(
            "{{spinner}} {step:<24} [{{wide_bar}}] {{human_pos}}/{{human_len}} \
             {{elapsed:>3}}, eta {{eta}}"
        )
    } else {
        format!("{{spinner}} {step:<24} {{elapsed:>3}}")
    };
    ProgressStyle::with_template(&template).expect("valid template").progress_chars("=> ")
}

impl Progress for Bar {
    fn stage(&self, stage: Stage, total: u64) {
        // The style does not draw; the update draws once (and going back
        // to 0 restarts the estimate of the time left).
        let step = format!("{}/{} {}", stage.number() + 1, Stage::ALL.len(), stage.label());
        self.bar.set_style(style(&step, total > 0));
        self.bar.update(|s| {
            s.set_pos(0);
            s.set_len(total);
        });
    }

    fn advance(&self, n: u64) {
        self.bar.inc(n);
    }

    fn finish(&self) {
        self.bar.set_style(style("    writing the report", false));
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn thousands_are_separated_by_commas() {
        let cases = [(0, "0"), (999, "999"), (1000, "1,000"), (19697, "19,697")];
        for (n, s) in cases {
            assert_eq!(thousands(n), s);
        }
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
