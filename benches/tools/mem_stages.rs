//! Resident memory by pipeline stage: runs `refract::run_with` on a corpus
//! (JSON Lines) while a thread samples the process's resident set every
//! 20 ms, and prints, per stage, the resident memory when it began and the
//! most seen during it (MiB: the kernel's kB are KiB), with the CPU time the
//! process spent in it (all threads, user and system): CPU over wall near 1
//! marks a stage that runs on one core. Linux only (reads `/proc/self`).
//!
//!     cargo run --release --example mem_stages -- corpus.jsonl

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use refract::Config;
use refract::{Progress, Stage};

fn rss_kb() -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// CPU time of the whole process so far (user + system, seconds), from
/// `/proc/self/stat` in clock ticks (100 per second on Linux).
fn cpu_s() -> f64 {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = s.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after ')'.
    (tick(11) + tick(12)) / 100.0
}

struct Probe {
    /// Current stage's number (0: loading).
    stage: Arc<AtomicUsize>,
    /// Per stage: (name, RSS at start, max RSS seen).
    rows: Arc<Mutex<Vec<(String, u64, u64)>>>,
    /// Per stage: seconds since the start when it began.
    times: Arc<Mutex<Vec<f64>>>,
    /// Per stage: process CPU seconds when it began.
    cpu: Arc<Mutex<Vec<f64>>>,
    start: std::time::Instant,
}

impl Progress for Probe {
    fn stage(&self, stage: Stage, _: u64) {
        let mut rows = self.rows.lock().unwrap();
        let now = rss_kb();
        rows.push((format!("{stage:?}"), now, now));
        self.times.lock().unwrap().push(self.start.elapsed().as_secs_f64());
        self.cpu.lock().unwrap().push(cpu_s());
        self.stage.store(rows.len() - 1, Ordering::SeqCst);
    }
    fn advance(&self, _: u64) {}
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: mem_stages corpus.jsonl");
    let rows = Arc::new(Mutex::new(vec![("Load".to_string(), rss_kb(), rss_kb())]));
    let stage = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (rows, stage, done) = (rows.clone(), stage.clone(), done.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::SeqCst) {
                let now = rss_kb();
                let mut r = rows.lock().unwrap();
                let i = stage.load(Ordering::SeqCst);
                r[i].2 = r[i].2.max(now);
                drop(r);
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        })
    };
    let corpus =
        refract::load(&[std::path::PathBuf::from(&path)], &Default::default()).expect("corpus");
    let t = std::time::Instant::now();
    let times = Arc::new(Mutex::new(vec![0.0]));
    let cpu = Arc::new(Mutex::new(vec![cpu_s()]));
    let probe = Probe {
        stage: stage.clone(),
        rows: rows.clone(),
        times: times.clone(),
        cpu: cpu.clone(),
        start: t,
    };
    let analysis = refract::run_with(&corpus, &Config::default(), &probe).expect("run");
    let secs = t.elapsed().as_secs_f64();
    {
        let mut r = rows.lock().unwrap();
        let now = rss_kb();
        r.push(("Done".to_string(), now, now));
        times.lock().unwrap().push(t.elapsed().as_secs_f64());
        cpu.lock().unwrap().push(cpu_s());
        stage.store(r.len() - 1, Ordering::SeqCst);
    }
    std::thread::sleep(std::time::Duration::from_millis(40));
    done.store(true, Ordering::SeqCst);
    sampler.join().unwrap();
    println!("{} alignments in {secs:.1} s", analysis.alignments.len());
    // What the prepared documents hold (capacities, element sizes).
    let mib = |n: usize| n as f64 / 1048576.0;
    let (mut tokens, mut terms, mut sentences, mut paragraphs, mut quotes, mut st) =
        (0, 0, 0, 0, 0, 0);
    for p in &analysis.prepared {
        tokens += p.seg.tokens.capacity()
            * std::mem::size_of_val(&p.seg.tokens[..]).checked_div(p.seg.tokens.len()).unwrap_or(0);
        terms += p.terms.capacity() * 16;
        sentences += p.seg.sentences.capacity() * std::mem::size_of::<refract::Sentence>();
        paragraphs += p.seg.paragraphs.capacity() * std::mem::size_of::<refract::Paragraph>();
        quotes += p.quotes.capacity() * std::mem::size_of::<refract::Quotation>();
        st += p.sentence_terms.capacity() * 16;
    }
    println!(
        "prepared (MiB): tokens {:.1}, terms {:.1}, sentences {:.1}, paragraphs {:.1}, quotes {:.1}, sentence_terms {:.1}",
        mib(tokens), mib(terms), mib(sentences), mib(paragraphs), mib(quotes), mib(st)
    );
    let times = times.lock().unwrap();
    let cpu = cpu.lock().unwrap();
    for (i, (name, start, max)) in rows.lock().unwrap().iter().enumerate() {
        let took = times.get(i + 1).map_or(0.0, |e| e - times[i]);
        let busy = cpu.get(i + 1).map_or(0.0, |e| e - cpu[i]);
        println!(
            "{name:>8}  {took:>6.2} s  cpu {busy:>6.2} s  start {:>7.1} MiB  max {:>7.1} MiB",
            *start as f64 / 1024.0,
            *max as f64 / 1024.0
        );
    }
}
