//! The command line: clap types (the arguments of each command), the
//! commands, their output, and the exit codes.
//!
//! * `commands` runs each command: reads the inputs, runs the pipeline,
//!   renders the result;
//! * `output` writes a result to stdout or atomically to a file;
//! * `session` is what a run says on stderr: the progress bar and the
//!   summary line.

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};

use refract::Config;

mod commands;
mod output;
mod session;

use session::Session;

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
    /// Score a JSON report against annotated links (--gold) or line truth
    /// (--truth): recall, precision and F1.
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

/// `refract generate`: a deterministic synthetic corpus (see `refract::tools::generate`).
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
        let lexicon: Vec<String> = self.lexicon.iter().map(read).collect::<Result<_>>()?;
        let framing: Vec<String> = self.framing.iter().map(read).collect::<Result<_>>()?;
        let config = Config::default().use_lexicon(!self.no_lexicon);
        let config = aliases.into_iter().fold(config, Config::aliases);
        let config = lexicon.into_iter().fold(config, Config::lexicon);
        Ok(framing.into_iter().fold(config, Config::framing))
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
    #[arg(long, value_name = "FILE", required_unless_present = "truth", conflicts_with = "truth")]
    gold: Option<PathBuf>,
    /// Line truth (`article<TAB>article line<TAB>transcript<TAB>transcript
    /// line` per row, the layout of dev-paraphrase's truth.tsv).
    #[arg(long, value_name = "FILE")]
    truth: Option<PathBuf>,
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

/// Runs the command line and returns the process's exit code.
pub fn main() -> ExitCode {
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
            let message = describe(&err).replace('\n', "\\n").replace('\r', "\\r");
            eprintln!("refract: {message}");
            ExitCode::from(EXIT_INPUT)
        }
    }
}

/// An error as the command line says it: the library's errors about the
/// patterns that name primaries are said in terms of `--primary`.
fn describe(err: &anyhow::Error) -> String {
    match err.downcast_ref::<refract::Error>() {
        Some(refract::Error::InvalidPrimaryPattern { pattern, problem }) => {
            format!("--primary '{pattern}': not a valid pattern: {problem}")
        }
        Some(refract::Error::UnmatchedPrimaryPattern { pattern, ids }) => {
            format!("--primary '{pattern}' matches no document (ids: {})", ids.join(", "))
        }
        _ => format!("{err:#}"),
    }
}

fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        None => commands::align(cli.align),
        Some(Command::Align(args)) => commands::align(args),
        Some(Command::Quotes(args)) => commands::quotes(args),
        Some(Command::Check(args)) => commands::check(args),
        Some(Command::Eval(args)) => commands::evaluate(args),
        Some(Command::Report(args)) => commands::report(args),
        Some(Command::Generate(args)) => commands::generate(args),
    }
}
