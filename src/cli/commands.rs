//! The commands: each reads its inputs, runs the pipeline and renders what
//! it was asked for.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use super::output::{emit, refuse_to_overwrite_input, text_writer};
use super::session::Session;
use super::{
    AlignArgs, CheckArgs, EvalArgs, Format, GenerateArgs, InputArgs, ReportArgs, ReportFormat,
    EXIT_DIVERGENCE, EXIT_OK,
};
use refract::report::json::Report;
use refract::report::{Html, Json, Markdown, Render, Terminal, Text};
use refract::tools::eval;
use refract::IngestOptions;
use refract::{Analysis, Config, Corpus};

pub(super) fn generate(args: GenerateArgs) -> Result<u8> {
    use refract::tools::generate::{GenConfig, Generator};
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
        (refract::bundled(), Vec::new())
    } else {
        let opts = IngestOptions { lossy: input.matching.lossy };
        let loaded = refract::load_with_aliases(&input.inputs, &opts)?;
        (loaded.corpus, loaded.aliases.into_iter().map(|a| a.text).collect())
    };
    let config = input.matching.config(manifest_aliases)?;
    let config = input.primary.iter().cloned().fold(config, Config::primary);
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

pub(super) fn align(args: AlignArgs) -> Result<u8> {
    let session = args.input.run.start()?;
    let (corpus, config) = load(&args.input)?;
    if let Some(out) = &args.output {
        refuse_to_overwrite_input(out, &given_files(&args.input, &corpus))?;
    }
    let analysis = refract::run_with(&corpus, &config, session.progress())?;
    let renderer: &dyn Render = match args.format {
        Format::Json => &Json::alignments(),
        Format::Text => &Text::alignments(),
    };
    finish(&session, renderer, &corpus, &analysis, args.output.as_deref())?;
    Ok(EXIT_OK)
}

pub(super) fn report(args: ReportArgs) -> Result<u8> {
    let session = args.input.run.start()?;
    let (corpus, config) = load(&args.input)?;
    if let Some(out) = &args.output {
        refuse_to_overwrite_input(out, &given_files(&args.input, &corpus))?;
    }
    let analysis = refract::run_with(&corpus, &config, session.progress())?;
    let terminal = || {
        use std::io::IsTerminal;
        // Colour only on a terminal, and only when writing to it.
        let color = args.output.is_none()
            && io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none();
        let width = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(100);
        Terminal { color, width }
    };
    let renderer: &dyn Render = match args.format {
        ReportFormat::Text => &terminal(),
        ReportFormat::Md => &Markdown,
        ReportFormat::Html => &Html,
        ReportFormat::Json => &Json::framing(),
    };
    finish(&session, renderer, &corpus, &analysis, args.output.as_deref())?;
    Ok(EXIT_OK)
}

pub(super) fn quotes(args: AlignArgs) -> Result<u8> {
    let session = args.input.run.start()?;
    let (corpus, config) = load(&args.input)?;
    if let Some(out) = &args.output {
        refuse_to_overwrite_input(out, &args.input.inputs)?;
    }
    let analysis = refract::run_with(&corpus, &config, session.progress())?;
    let all = |_: usize| true;
    let renderer: &dyn Render = match args.format {
        Format::Json => &Json::quotations(&all),
        Format::Text => &Text::quotations(&all),
    };
    finish(&session, renderer, &corpus, &analysis, args.output.as_deref())?;
    Ok(EXIT_OK)
}

/// `refract check`: the draft's documents are articles, the sources are the
/// primaries, and only the primaries are searched.
pub(super) fn check(args: CheckArgs) -> Result<u8> {
    let session = args.run.start()?;
    let opts = IngestOptions { lossy: args.matching.lossy };
    let draft = refract::load_with_aliases(std::slice::from_ref(&args.draft), &opts)?;
    let sources = refract::load_with_aliases(&args.against, &opts)?;
    if let Some(out) = &args.output {
        let mut inputs = args.against.clone();
        inputs.push(args.draft.clone());
        refuse_to_overwrite_input(out, &inputs)?;
    }
    let (corpus, first_draft) = Corpus::for_check(sources.corpus, draft.corpus);
    let manifest_aliases =
        sources.aliases.into_iter().chain(draft.aliases).map(|a| a.text).collect();
    let config = args.matching.config(manifest_aliases)?.for_check();
    let analysis = refract::run_with(&corpus, &config, session.progress())?;
    let is_draft = |d: usize| d >= first_draft;
    let name = args.draft.display().to_string();
    let renderer: &dyn Render = match args.format {
        Format::Json => &Json::quotations(&is_draft),
        Format::Text => &Text::check(&name, &is_draft),
    };
    finish(&session, renderer, &corpus, &analysis, args.output.as_deref())?;
    let faithful =
        analysis.quotes.iter().filter(|c| is_draft(c.doc)).all(|c| c.verdict.is_faithful());
    Ok(if faithful { EXIT_OK } else { EXIT_DIVERGENCE })
}

/// Writes the report of a run, then its summary line.
fn finish(
    session: &Session,
    renderer: &dyn Render,
    corpus: &Corpus,
    analysis: &Analysis,
    output: Option<&Path>,
) -> Result<()> {
    session.emit(&|w| renderer.render(corpus, analysis, w), output)?;
    session.summary(corpus, analysis);
    Ok(())
}

pub(super) fn evaluate(args: EvalArgs) -> Result<u8> {
    let read = |path: &Path, what: &str| {
        std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read the {what}", path.display()))
    };
    let report_text = read(&args.report, "report")?;
    let report: Report = serde_json::from_str(&report_text)
        .with_context(|| format!("{}: not a refract JSON report", args.report.display()))?;
    let texts = document_texts(&report)?;
    let mut out = String::new();
    use std::fmt::Write as _;
    let Some(gold_path) = &args.gold else {
        let path = args.truth.as_deref().expect("clap asks for --gold or --truth");
        let rows = eval::parse_truth(&path.display().to_string(), &read(path, "truth file")?)?;
        let r = eval::evaluate_truth(&rows, &report, &texts);
        let _ = writeln!(
            out,
            "truth rows {}, found {}; transcript-article alignments {}, matching truth {}",
            r.rows, r.found, r.counted, r.matching
        );
        if r.unlocated > 0 {
            let _ = writeln!(out, "rows whose lines are not in their documents: {}", r.unlocated);
        }
        let _ =
            writeln!(out, "precision {:.3}  recall {:.3}  F1 {:.3}", r.precision, r.recall, r.f1);
        emit(&*text_writer(out), None)?;
        return Ok(EXIT_OK);
    };
    let gold = eval::parse_gold(&gold_path.display().to_string(), &read(gold_path, "gold file")?)?;
    let r = eval::evaluate(&gold, &report, &texts)?;
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
    let bundled = refract::bundled();
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
