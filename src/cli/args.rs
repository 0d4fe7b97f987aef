//! The command-line definition (clap derive). Completions and the man page are
//! generated from it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "mandate-lint",
    version,
    about = "Drafting assistant and linter for draft UN Security Council resolutions",
    long_about = "Checks draft UN Security Council resolutions for gaps in how they mandate \
                  defence sector reform (rules from the DCAF 2020 study of DSR mandates) and for \
                  UN editorial conventions.\n\nExit codes: 0 no findings at or above the threshold, \
                  1 findings at or above the threshold, 2 usage or input errors."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check drafts (files, directories or `-` for standard input).
    Check(CheckArgs),
    /// Print the parsed and analysed document as JSON.
    Inspect(InspectArgs),
    /// List the rules.
    Rules(RulesArgs),
    /// Explain a rule: rationale, source, what to write, examples.
    Explain {
        /// Rule code, e.g. DSR006.
        code: String,
    },
    /// Run the language server on standard input and output.
    Lsp,
    /// Print shell completions.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
    /// Compare two resolutions clause by clause, aligned by content (DSR clauses marked).
    Diff(super::mandates::DiffArgs),
    /// Since when each DSR clause of a mission's latest mandate has stood unchanged.
    History(super::mandates::HistoryArgs),
    /// The DCAF coding table of DSR mandates, per resolution or per mission.
    Map(super::mandates::MapArgs),
    /// Build a precedent index (agreed language) from adopted resolutions.
    Index(super::precedent::IndexArgs),
    /// The closest adopted clauses to a text or a draft's paragraph, and since when the
    /// language has stood (--first).
    Precedent(super::precedent::PrecedentArgs),
    /// Development tools (hidden): what the engine computes, for benchmarks and tests.
    #[command(hide = true, subcommand)]
    Debug(DebugCommand),
}

#[derive(Subcommand, Debug)]
pub enum DebugCommand {
    /// Every form each lexicon term is matched by (inflections, spellings), as
    /// tab-separated lines: lexicon, term, form, case (sensitive/insensitive), ignore.
    TermForms(TermFormsArgs),
}

#[derive(Args, Debug)]
pub struct TermFormsArgs {
    /// Only these lexicons (repeatable), e.g. defence-sector.
    #[arg(long, value_name = "NAME")]
    pub lexicon: Vec<String>,
    /// Use this config file (for its rule-dirs) instead of searching for one.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// rustc-style diagnostics with the text underlined
    Human,
    /// one line per finding: path:line:col: severity[CODE] message
    Concise,
    /// versioned JSON (editors/schemas/report.schema.json)
    Json,
    /// SARIF 2.1.0 for code scanning
    Sarif,
    /// GitHub Actions annotations
    Github,
    /// JUnit XML
    Junit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SeverityArg {
    Error,
    Warning,
    Info,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files or directories to check (`-` reads standard input). Directories are walked
    /// for *.txt, *.md, *.docx and *.xml, or the config's `include` patterns.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,

    /// Lowest severity that makes the exit code 1 [default: error, or the config's fail-on].
    #[arg(
        long = "fail-on",
        visible_alias = "severity",
        value_enum,
        value_name = "SEVERITY"
    )]
    pub fail_on: Option<SeverityArg>,

    /// Exit 0 even when there are findings (input errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,

    /// Print the number of findings per rule after the findings.
    #[arg(long)]
    pub statistics: bool,

    /// Print findings only: no summary line, no notes.
    #[arg(long, short)]
    pub quiet: bool,

    /// Human output in full: each finding with its excerpt, every related DSR task
    /// quoted, the suggested clause's text.
    #[arg(long, short)]
    pub verbose: bool,

    /// Colour in human output (auto: when standard output is a terminal and NO_COLOR is unset).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Report only these codes or prefixes (comma-separated, e.g. DSR,RES001); replaces the config's `select`.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Vec<String>,

    /// Never report these codes or prefixes (comma-separated); added to the config's `ignore`.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,

    /// Use this config file instead of searching for mandate-lint.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Do not read any mandate-lint.toml.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,

    /// The mandate this draft renews (enables renewal checks such as DSR003).
    #[arg(long, value_name = "OLD")]
    pub previous: Option<PathBuf>,

    /// The precedent index (`mandate-lint index`) [default: `precedents` in
    /// mandate-lint.toml]: agreed language beside DSR suggestions, and PRE001
    /// new-language with --select PRE001.
    #[arg(long, value_name = "FILE")]
    pub precedents: Option<PathBuf>,

    /// Largest file accepted, in bytes (default: `max-file-bytes` of the config, else
    /// 64 MiB). Larger files are refused with a one-line error (exit 2).
    #[arg(long, value_name = "BYTES")]
    pub max_file_bytes: Option<u64>,

    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Record today's findings as the baseline (in --baseline FILE, or --write-baseline=FILE) and exit 0.
    #[arg(long, value_name = "FILE", num_args = 0..=1, require_equals = true)]
    pub write_baseline: Option<Option<PathBuf>>,

    /// Name to show (and to pick the format by) for text read from standard input.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,

    /// Write a review copy of the checked .docx with one Word comment per finding (the
    /// draft itself is not modified).
    #[arg(long, value_name = "OUT.docx", conflicts_with = "write_baseline")]
    pub annotate: Option<PathBuf>,

    /// Replace the --annotate file if it exists.
    #[arg(long, requires = "annotate")]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct InspectArgs {
    /// The draft to inspect (`-` reads standard input).
    pub file: PathBuf,
    /// Use this config file (for its rule-dirs) instead of searching for one.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// Print the catalogue as JSON.
    #[arg(long)]
    pub json: bool,
    /// Use this config file (for its rule-dirs and severity overrides).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}
