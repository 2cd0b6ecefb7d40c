//! The `refract` command line. The library computes; this file owns the
//! command line, exit codes, stdout and stderr.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};

use refract::eval;
use refract::ingest::{self, IngestOptions};
use refract::model::Corpus;
use refract::pipeline::{self, Config};
use refract::report::json::{self, Report};
use refract::report::text;

/// The run finished and nothing it was asked to check failed.
const EXIT_OK: u8 = 0;
/// A check asked for found divergence (reserved for `refract check`).
#[allow(dead_code)]
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
    /// Score a JSON report against a gold file of annotated links.
    Eval(EvalArgs),
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
    /// Match exact words and names only (no synonyms or derivations).
    #[arg(long)]
    no_lexicon: bool,
    /// Worker threads (default: one per core). Output does not depend on it.
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
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
        Some(Command::Eval(args)) => evaluate(args),
    }
}

/// Reads the documents named on the command line, or the bundled corpus.
fn load(input: &InputArgs) -> Result<(Corpus, Config)> {
    if let Some(n) = input.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("--threads: could not start the thread pool")?;
    }
    let corpus = if input.inputs.is_empty() {
        ingest::bundled()
    } else {
        ingest::load(&input.inputs, &IngestOptions { lossy: input.lossy })?
    };
    let read = |p: &PathBuf| -> Result<String> {
        std::fs::read_to_string(p).with_context(|| format!("{}: cannot read", p.display()))
    };
    let config = Config {
        primary: input.primary.clone(),
        aliases: input.aliases.iter().map(read).collect::<Result<_>>()?,
        lexicon: input.lexicon.iter().map(read).collect::<Result<_>>()?,
        use_lexicon: !input.no_lexicon,
        ..Config::default()
    };
    Ok((corpus, config))
}

fn align(args: AlignArgs) -> Result<u8> {
    let (corpus, config) = load(&args.input)?;
    if let Some(out) = &args.output {
        // Inputs are the files named on the command line and those that
        // manifests name (the bundled corpus names none on disk).
        let mut given = args.input.inputs.clone();
        if !given.is_empty() {
            given.extend(corpus.documents.iter().map(|d| PathBuf::from(&d.path)));
        }
        given.extend(args.input.aliases.iter().chain(&args.input.lexicon).cloned());
        refuse_to_overwrite_input(out, &given)?;
    }
    let analysis = pipeline::run(&corpus, &config)?;
    let rendered = match args.format {
        Format::Json => json::to_string(&json::build(&corpus, &analysis)),
        Format::Text => text::render(&corpus, &analysis),
    };
    emit(&rendered, args.output.as_deref())?;
    Ok(EXIT_OK)
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
    emit(&out, None)?;
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

/// Writes to stdout, or atomically to a file: a temporary file beside it,
/// renamed over the target only once fully written.
fn emit(content: &str, path: Option<&Path>) -> Result<()> {
    match path {
        None => {
            let stdout = io::stdout();
            let mut lock = stdout.lock();
            lock.write_all(content.as_bytes())?;
            lock.flush()?;
        }
        Some(path) => {
            let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let name =
                path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let tmp = dir.join(format!(".{name}.refract-tmp-{}", std::process::id()));
            let write = || -> io::Result<()> {
                let mut f = std::fs::File::create(&tmp)?;
                f.write_all(content.as_bytes())?;
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
