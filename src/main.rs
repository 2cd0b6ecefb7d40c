//! The `refract` command line. The library computes; this file owns the
//! command line, exit codes, stdout and stderr.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{mpsc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use refract::config::Config;
use refract::eval;
use refract::ingest::{self, IngestOptions};
use refract::model::{Analysis, Corpus, QuoteCheck, Role};
use refract::pipeline;
use refract::progress::{Progress, Silent, Stage};
use refract::report::json::{self, Report};
use refract::report::text;

/// The run finished and nothing it was asked to check failed.
const EXIT_OK: u8 = 0;
/// A check asked for found divergence: `refract check` found a quotation
/// that is altered or unsourced.
const EXIT_DIVERGENCE: u8 = 1;
/// Usage error or unusable input: the message names the file and the problem.
const EXIT_INPUT: u8 = 2;

/// Shows how one statement bends as it passes through the media.
///
/// Give refract a transcript and the articles of outlets that report it; it
/// finds every place an article quotes or paraphrases a remark and reports
/// what each outlet kept and changed. With no command and no inputs it runs
/// `align` on the bundled corpus (Lavrov in Wonsan, 12 July 2025).
#[derive(Parser, Debug)]
#[command(name = "refract", version, about, long_about, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    align: AlignArgs,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Align every remark across documents (the default command).
    Align(AlignArgs),
    /// List every quotation with its verdict: verbatim, close, altered or
    /// unsourced against the primaries (then the other documents).
    Quotes(AlignArgs),
    /// Check a draft's quotations against source transcripts: exit 1 when
    /// any quotation is altered or unsourced, printing each with its diff.
    Check(CheckArgs),
    /// Score a JSON report against a gold file of annotated links.
    Eval(EvalArgs),
    /// The framing report: coverage, each remark's versions, outlet profiles.
    Report(ReportArgs),
    /// Write a synthetic scale corpus (JSON Lines) and its truth, for benchmarks.
    Generate(GenerateArgs),
}

#[derive(Args, Debug, Clone)]
struct ReportArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output format: text (terminal), md (Markdown), html (one self-contained page), json.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    Text,
    Md,
    Html,
    Json,
}

/// `refract generate`: a deterministic synthetic corpus (see `refract::generate`).
#[derive(Args, Debug)]
struct GenerateArgs {
    /// Number of articles.
    #[arg(long, default_value_t = 1000)]
    articles: usize,
    /// Number of transcripts (default: one per 50 articles, at least one).
    #[arg(long)]
    transcripts: Option<usize>,
    /// Seed; the same seed gives the same corpus on every machine.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Where to write the corpus (JSON Lines: transcripts first, then articles).
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// Where to write the truth (JSON Lines: which article span carries which
    /// transcript sentence).
    #[arg(long, value_name = "FILE")]
    truth: PathBuf,
    /// Print nothing on stderr but errors (no line saying what was written).
    #[arg(short, long)]
    quiet: bool,
}

/// Options shared by every command that reads documents.
#[derive(Args, Debug, Clone)]
struct InputArgs {
    /// Input files: plain text (id = file stem), a `.toml` manifest or `.jsonl`
    /// (one `{"id", "text", ...}` per line). None: the bundled corpus.
    inputs: Vec<PathBuf>,
    /// Primary documents by id; glob patterns allowed (`'p*'`); repeatable.
    /// Default: documents whose role is `primary`.
    #[arg(long, value_name = "ID")]
    primary: Vec<String>,
    #[command(flatten)]
    matching: MatchArgs,
    #[command(flatten)]
    run: RunArgs,
}

/// How a run goes and what it says on stderr: shared by every command that
/// runs the pipeline.
#[derive(Args, Debug, Clone)]
struct RunArgs {
    /// Worker threads (default: one per core). Output does not depend on it.
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Print nothing on stderr but errors: no progress bar, no summary line.
    #[arg(short, long)]
    quiet: bool,
}

impl RunArgs {
    /// Starts the worker threads, and the progress bar and clock of the run.
    fn start(&self) -> Result<Session> {
        if let Some(n) = self.threads {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n.max(1))
                .build_global()
                .context("--threads: could not start the thread pool")?;
        }
        Ok(Session::new(self.quiet))
    }
}

/// How input is decoded and matched: shared by every command that reads
/// documents.
#[derive(Args, Debug, Clone)]
struct MatchArgs {
    /// Replace invalid UTF-8 with U+FFFD instead of stopping (offsets then
    /// refer to the repaired text).
    #[arg(long)]
    lossy: bool,
    /// Extra name-alias file (`canonical = variant = ...` per line); repeatable.
    #[arg(long, value_name = "FILE")]
    aliases: Vec<PathBuf>,
    /// Extra lexicon table (`ID<TAB>word word ...` per line); repeatable.
    #[arg(long, value_name = "FILE")]
    lexicon: Vec<PathBuf>,
    /// Extra framing lexicon (`term = !charged term` groups, as in
    /// corpus/framing.txt); repeatable.
    #[arg(long, value_name = "FILE")]
    framing: Vec<PathBuf>,
    /// Match exact words and names only (no synonyms or derivations).
    #[arg(long)]
    no_lexicon: bool,
}

impl MatchArgs {
    /// The run's configuration: alias files named by manifests first, then
    /// the command line's tables.
    fn config(&self, manifest_aliases: Vec<String>) -> Result<Config> {
        let read = |p: &PathBuf| -> Result<String> {
            std::fs::read_to_string(p).with_context(|| format!("{}: cannot read", p.display()))
        };
        let mut aliases = manifest_aliases;
        aliases.extend(self.aliases.iter().map(read).collect::<Result<Vec<_>>>()?);
        Ok(Config {
            aliases,
            lexicon: self.lexicon.iter().map(read).collect::<Result<_>>()?,
            framing: self.framing.iter().map(read).collect::<Result<_>>()?,
            use_lexicon: !self.no_lexicon,
            ..Config::default()
        })
    }
}

#[derive(Args, Debug, Clone)]
struct AlignArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct CheckArgs {
    /// The draft (or published article) whose quotations are checked: a text
    /// file, or a `.toml` manifest / `.jsonl` file of several.
    draft: PathBuf,
    /// The source transcripts, the authoritative record of what was said.
    #[arg(long, required = true, num_args = 1.., value_name = "SOURCE")]
    against: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the result to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    matching: MatchArgs,
    #[command(flatten)]
    run: RunArgs,
}

#[derive(Args, Debug)]
struct EvalArgs {
    /// Gold links (JSON Lines: `{source:{doc,text}, target:{doc,text}, relation, required}`).
    #[arg(long, value_name = "FILE")]
    gold: PathBuf,
    /// A report written by `refract align --format json`.
    report: PathBuf,
    /// Print every missed link and wrong alignment in full.
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            // A closed stdout (piping into `head`) is not an error.
            if let Some(e) = err.downcast_ref::<io::Error>() {
                if e.kind() == io::ErrorKind::BrokenPipe {
                    return ExitCode::from(EXIT_OK);
                }
            }
            // One line, whatever ids or file names hold.
            let message = format!("{err:#}").replace('\n', "\\n").replace('\r', "\\r");
            eprintln!("refract: {message}");
            ExitCode::from(EXIT_INPUT)
        }
    }
}

fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        None => align(cli.align),
        Some(Command::Align(args)) => align(args),
        Some(Command::Quotes(args)) => quotes(args),
        Some(Command::Check(args)) => check(args),
        Some(Command::Eval(args)) => evaluate(args),
        Some(Command::Report(args)) => report(args),
        Some(Command::Generate(args)) => generate(args),
    }
}

fn generate(args: GenerateArgs) -> Result<u8> {
    use refract::generate::{GenConfig, Generator};
    let mut cfg = GenConfig::new(args.articles);
    cfg.seed = args.seed;
    if let Some(t) = args.transcripts {
        cfg.transcripts = t.max(1);
    }
    let create = |p: &Path| -> Result<io::BufWriter<std::fs::File>> {
        Ok(io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("{}: cannot create", p.display()))?,
        ))
    };
    let (mut docs, mut truth) = (create(&args.output)?, create(&args.truth)?);
    let w = Generator::new(cfg).write(&mut docs, &mut truth)?;
    docs.flush()?;
    truth.flush()?;
    if args.quiet {
        return Ok(EXIT_OK);
    }
    eprintln!(
        "refract: wrote {} documents ({} bytes of text, {} bytes) to {} and {} truth links to {}",
        w.documents,
        w.text_bytes,
        w.file_bytes,
        args.output.display(),
        w.truth,
        args.truth.display()
    );
    Ok(EXIT_OK)
}

/// Reads the documents named on the command line, or the bundled corpus.
fn load(input: &InputArgs) -> Result<(Corpus, Config)> {
    let (corpus, manifest_aliases) = if input.inputs.is_empty() {
        (ingest::bundled(), Vec::new())
    } else {
        let opts = IngestOptions { lossy: input.matching.lossy };
        let loaded = ingest::load_with_aliases(&input.inputs, &opts)?;
        (loaded.corpus, loaded.aliases.into_iter().map(|a| a.text).collect())
    };
    let config =
        Config { primary: input.primary.clone(), ..input.matching.config(manifest_aliases)? };
    Ok((corpus, config))
}

/// Every file the user gave: the inputs named on the command line, the files
/// their manifests name (the bundled corpus names none on disk), and the
/// extra tables. None of them may be overwritten by `-o`.
fn given_files(input: &InputArgs, corpus: &Corpus) -> Vec<PathBuf> {
    let mut given = input.inputs.clone();
    if !given.is_empty() {
        given.extend(corpus.documents.iter().map(|d| PathBuf::from(&d.path)));
    }
    let m = &input.matching;
    given.extend(m.aliases.iter().chain(&m.lexicon).chain(&m.framing).cloned());
    given
}

fn align(args: AlignArgs) -> Result<u8> {
    let session = args.input.run.start()?;
    let (corpus, config) = load(&args.input)?;
    if let Some(out) = &args.output {
        refuse_to_overwrite_input(out, &given_files(&args.input, &corpus))?;
    }
    let analysis = pipeline::run_with(&corpus, &config, session.progress())?;
    let write: Box<Writer<'_>> = match args.format {
        Format::Json => Box::new(|w| json::write(w, &corpus, &analysis, json::Extra::Plain)),
        Format::Text => text_writer(text::render(&corpus, &analysis)),
    };
    session.emit(&*write, args.output.as_deref())?;
    session.summary(&corpus, &analysis);
    Ok(EXIT_OK)
}

fn report(args: ReportArgs) -> Result<u8> {
    let session = args.input.run.start()?;
    let (corpus, config) = load(&args.input)?;
    if let Some(out) = &args.output {
        refuse_to_overwrite_input(out, &given_files(&args.input, &corpus))?;
    }
    let analysis = pipeline::run_with(&corpus, &config, session.progress())?;
    let cov = refract::coverage::build(&corpus, &analysis);
    let rendered = match args.format {
        ReportFormat::Text => {
            use std::io::IsTerminal;
            // Colour only on a terminal, and only when writing to it.
            let color = args.output.is_none()
                && io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none();
            let width = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(100);
            refract::report::term::render(
                &corpus,
                &analysis,
                &cov,
                refract::report::term::Style { color, width },
            )
        }
        ReportFormat::Md => refract::report::markdown::render(&corpus, &analysis, &cov),
        ReportFormat::Html => refract::report::html::render(&corpus, &analysis, &cov),
        ReportFormat::Json => {
            let write: &Writer<'_> =
                &|w| json::write(w, &corpus, &analysis, json::Extra::Coverage(&cov));
            session.emit(write, args.output.as_deref())?;
            session.summary(&corpus, &analysis);
            return Ok(EXIT_OK);
        }
    };
    session.emit(&*text_writer(rendered), args.output.as_deref())?;
    session.summary(&corpus, &analysis);
    Ok(EXIT_OK)
}

fn quotes(args: AlignArgs) -> Result<u8> {
    let session = args.input.run.start()?;
    let (corpus, config) = load(&args.input)?;
    if let Some(out) = &args.output {
        refuse_to_overwrite_input(out, &args.input.inputs)?;
    }
    let analysis = pipeline::run_with(&corpus, &config, session.progress())?;
    let all = |_: usize| true;
    let write: Box<Writer<'_>> = match args.format {
        Format::Json => {
            Box::new(|w| json::write(w, &corpus, &analysis, json::Extra::QuotesOf(&all)))
        }
        Format::Text => text_writer(text::render_quotes(&corpus, &analysis, &|_| true)),
    };
    session.emit(&*write, args.output.as_deref())?;
    session.summary(&corpus, &analysis);
    Ok(EXIT_OK)
}

/// `refract check`: the draft's documents are articles, the sources are the
/// primaries, and only the primaries are searched.
fn check(args: CheckArgs) -> Result<u8> {
    let session = args.run.start()?;
    let opts = IngestOptions { lossy: args.matching.lossy };
    let draft = ingest::load_with_aliases(std::slice::from_ref(&args.draft), &opts)?;
    let sources = ingest::load_with_aliases(&args.against, &opts)?;
    if let Some(out) = &args.output {
        let mut inputs = args.against.clone();
        inputs.push(args.draft.clone());
        refuse_to_overwrite_input(out, &inputs)?;
    }
    let mut corpus = Corpus::default();
    for mut d in sources.corpus.documents {
        d.role = Role::Primary;
        corpus.documents.push(d);
    }
    let first_draft = corpus.documents.len();
    for mut d in draft.corpus.documents {
        if d.role == Role::Primary {
            d.role = Role::Article;
        }
        // A draft checked against a source of the same name keeps its own id.
        while corpus.find(&d.id).is_some() {
            d.id.push_str("-draft");
        }
        corpus.documents.push(d);
    }
    let manifest_aliases =
        sources.aliases.into_iter().chain(draft.aliases).map(|a| a.text).collect();
    let mut config = args.matching.config(manifest_aliases)?;
    config.verify.fallback = false;
    let analysis = pipeline::run_with(&corpus, &config, session.progress())?;
    let is_draft = |d: usize| d >= first_draft;
    let checks: Vec<&QuoteCheck> = analysis.quotes.iter().filter(|c| is_draft(c.doc)).collect();
    let failing: Vec<&QuoteCheck> =
        checks.iter().copied().filter(|c| !c.verdict.is_faithful()).collect();
    let name = args.draft.display();
    let write: Box<Writer<'_>> = match args.format {
        Format::Json => {
            Box::new(|w| json::write(w, &corpus, &analysis, json::Extra::QuotesOf(&is_draft)))
        }
        Format::Text => {
            let mut out = String::new();
            use std::fmt::Write as _;
            if checks.is_empty() {
                let _ = writeln!(out, "refract check: {name} has no quotations; nothing to check");
            } else if failing.is_empty() {
                let _ = writeln!(
                    out,
                    "refract check: all {} quotations in {name} match the sources {}",
                    checks.len(),
                    text::breakdown(&checks)
                );
            } else {
                for c in &failing {
                    out.push_str(&text::render_quote(&corpus, &analysis, c));
                    out.push('\n');
                }
                let _ = writeln!(
                    out,
                    "refract check: {} of {} quotations in {name} are altered or unsourced {}",
                    failing.len(),
                    checks.len(),
                    text::breakdown(&checks)
                );
            }
            text_writer(out)
        }
    };
    session.emit(&*write, args.output.as_deref())?;
    session.summary(&corpus, &analysis);
    Ok(if failing.is_empty() { EXIT_OK } else { EXIT_DIVERGENCE })
}

fn evaluate(args: EvalArgs) -> Result<u8> {
    let gold_text = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("{}: cannot read the gold file", args.gold.display()))?;
    let gold = eval::parse_gold(&args.gold.display().to_string(), &gold_text)?;
    let report_text = std::fs::read_to_string(&args.report)
        .with_context(|| format!("{}: cannot read the report", args.report.display()))?;
    let report: Report = serde_json::from_str(&report_text)
        .with_context(|| format!("{}: not a refract JSON report", args.report.display()))?;
    let texts = document_texts(&report)?;
    let r = eval::evaluate(&gold, &report, &texts)?;
    let mut out = String::new();
    use std::fmt::Write as _;
    let _ = writeln!(out, "required links found: {}/{}", r.required_found, r.required);
    let _ = writeln!(out, "alignments in scope:  {} ({} correct)", r.in_scope, r.correct);
    let _ = writeln!(out, "precision {:.3}  recall {:.3}  F1 {:.3}", r.precision, r.recall, r.f1);
    if !r.missed.is_empty() {
        let _ = writeln!(out, "\nmissed required links:");
        for &i in &r.missed {
            let g = &gold[i];
            let _ = writeln!(
                out,
                "  {} → {}: {}",
                g.source.doc,
                g.target.doc,
                clip(&g.target.text, args.verbose)
            );
            let _ = writeln!(out, "      source: {}", clip(&g.source.text, args.verbose));
        }
    }
    if !r.wrong.is_empty() {
        let _ = writeln!(out, "\nwrong alignments:");
        for &i in &r.wrong {
            let a = &report.alignments[i];
            let _ = writeln!(
                out,
                "  {} {}..{} → {} {}..{} ({:.3}): {}",
                a.source.doc,
                a.source.start,
                a.source.end,
                a.target.doc,
                a.target.start,
                a.target.end,
                a.score,
                clip(&a.target.text, args.verbose)
            );
            let _ = writeln!(out, "      source: {}", clip(&a.source.text, args.verbose));
        }
    }
    emit(&*text_writer(out), None)?;
    Ok(EXIT_OK)
}

fn clip(s: &str, full: bool) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if full || s.chars().count() <= 110 {
        s
    } else {
        format!("{}…", s.chars().take(110).collect::<String>())
    }
}

/// The text of each document of a report: from its path when the file is
/// there with the recorded size, else from the bundled corpus.
fn document_texts(report: &Report) -> Result<std::collections::BTreeMap<String, String>> {
    let bundled = ingest::bundled();
    let mut texts = std::collections::BTreeMap::new();
    for d in &report.documents {
        let from_file = std::fs::read_to_string(&d.path).ok().filter(|t| t.len() == d.bytes);
        let text = from_file.or_else(|| {
            bundled
                .documents
                .iter()
                .find(|b| b.id == d.id && b.text.len() == d.bytes)
                .map(|b| b.text.clone())
        });
        match text {
            Some(t) => {
                texts.insert(d.id.clone(), t);
            }
            None => anyhow::bail!(
                "{}: cannot find the text of document '{}' ({} bytes)",
                d.path,
                d.id,
                d.bytes
            ),
        }
    }
    Ok(texts)
}

fn refuse_to_overwrite_input(out: &Path, inputs: &[PathBuf]) -> Result<()> {
    let canon = |p: &Path| std::fs::canonicalize(p).ok();
    if let Some(o) = canon(out) {
        if inputs.iter().any(|i| canon(i).as_deref() == Some(o.as_path())) {
            anyhow::bail!("{}: refusing to overwrite an input file with the report", out.display());
        }
    }
    Ok(())
}

/// What writes a command's result: rendered text, or a report streamed as
/// it is serialised (see `json::write`).
type Writer<'a> = dyn Fn(&mut dyn Write) -> io::Result<()> + 'a;

/// A [`Writer`] of rendered text.
fn text_writer<'a>(text: String) -> Box<Writer<'a>> {
    Box::new(move |w| w.write_all(text.as_bytes()))
}

/// Writes to stdout, or atomically to a file: a temporary file beside it,
/// renamed over the target only once fully written. Buffered either way.
///
/// A path that is not a regular file (`-o /dev/null`, a named pipe) is
/// written in place: renaming a file over it would replace the device or
/// pipe itself. A symbolic link is followed: the file it points to is
/// replaced, and the link kept.
fn emit(content: &Writer<'_>, path: Option<&Path>) -> Result<()> {
    let special =
        path.and_then(|p| std::fs::metadata(p).ok()).is_some_and(|m| !m.is_file() && !m.is_dir());
    if let (Some(path), true) = (path, special) {
        let write = || -> io::Result<()> {
            let f = std::fs::OpenOptions::new().write(true).open(path)?;
            let mut f = io::BufWriter::with_capacity(1 << 16, f);
            content(&mut f)?;
            f.flush()
        };
        return write().with_context(|| format!("{}: cannot write the report", path.display()));
    }
    let resolved = path.map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()));
    let path = resolved.as_deref();
    match path {
        None => {
            let stdout = io::stdout();
            let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
            content(&mut out)?;
            out.flush()?;
        }
        Some(path) => {
            let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let name =
                path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let tmp = dir.join(format!(".{name}.refract-tmp-{}", std::process::id()));
            let write = || -> io::Result<()> {
                let mut f = io::BufWriter::with_capacity(1 << 16, std::fs::File::create(&tmp)?);
                content(&mut f)?;
                let f = f.into_inner().map_err(|e| e.into_error())?;
                f.sync_all()?;
                std::fs::rename(&tmp, path)
            };
            if let Err(e) = write() {
                let _ = std::fs::remove_file(&tmp);
                return Err(e)
                    .with_context(|| format!("{}: cannot write the report", path.display()));
            }
        }
    }
    Ok(())
}

/// What a run says on stderr besides errors: a progress bar while it runs (on
/// a terminal, once it has taken a second) and one summary line at the end;
/// nothing with `--quiet`.
struct Session {
    started: Instant,
    quiet: bool,
    bar: Option<Bar>,
}

impl Session {
    fn new(quiet: bool) -> Session {
        let bar = (!quiet && io::stderr().is_terminal()).then(Bar::new);
        Session { started: Instant::now(), quiet, bar }
    }

    fn progress(&self) -> &dyn Progress {
        match &self.bar {
            Some(bar) => bar,
            None => &Silent,
        }
    }

    /// Clears the bar, then writes the result (see [`emit`]).
    fn emit(&self, content: &Writer<'_>, path: Option<&Path>) -> Result<()> {
        if let Some(bar) = &self.bar {
            bar.clear();
        }
        emit(content, path)
    }

    /// Prints one line: documents, alignments, quotations and the time the
    /// command took.
    fn summary(&self, corpus: &Corpus, analysis: &Analysis) {
        if self.quiet {
            return;
        }
        // Two decimals under a second: a quick run read "in 0.0 s".
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
