//! The small commands: inspect, rules, explain, lsp, completions, man, debug term-forms.

use std::io::Read as _;
use std::path::Path;

use clap::CommandFactory as _;

use mandate_lint::config::{Config, SeverityOverride};
use mandate_lint::input::{self, Limits};
use mandate_lint::report::{self, RuleInfo};
use mandate_lint::Engine;

use super::args::{Cli, InspectArgs, RulesArgs, TermFormsArgs};
use super::common::{config_for, write_stdout};
use super::{Failure, EXIT_OK};

fn engine_for(config: Option<&Config>) -> Result<Engine, Failure> {
    let dirs = config.map(|c| c.rule_dirs().to_vec()).unwrap_or_default();
    Engine::load(&dirs).map_err(|e| Failure::usage(format!("rules: {e}")))
}

pub fn inspect(args: &InspectArgs) -> Result<i32, Failure> {
    let limits = Limits::default();
    let (name, source) = if args.file.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| Failure::input(format!("<stdin>: cannot read: {e}")))?;
        (
            "<stdin>".to_string(),
            input::read_bytes("<stdin>", &buf, None, &limits),
        )
    } else {
        (
            args.file.display().to_string(),
            input::read_path(&args.file, &limits),
        )
    };
    let source = source.map_err(|e| Failure::input(e.to_string()))?;
    let dir = args.file.parent().unwrap_or(Path::new("."));
    let config = config_for(args.config.as_deref(), dir)?;
    let engine = engine_for(config.as_ref())?;
    let doc = engine.parse_source(&source);
    let analysis = engine.analyse(&doc);
    write_stdout(&report::inspect::render(&name, &doc, &analysis))
}

fn catalog(config: Option<&Config>) -> Result<Vec<RuleInfo>, Failure> {
    let engine = engine_for(config)?;
    let mut rules = report::rule_catalog(&engine.rules);
    if let Some(c) = config {
        for r in &mut rules {
            if let Some(SeverityOverride::Set(s)) = c.severity_override(&r.code) {
                r.severity = s;
            }
        }
        rules.retain(|r| c.is_selected(&r.code));
    }
    Ok(rules)
}

pub fn rules(args: &RulesArgs) -> Result<i32, Failure> {
    let config = config_for(args.config.as_deref(), Path::new("."))?;
    let rules = catalog(config.as_ref())?;
    if args.json {
        let mut s =
            serde_json::to_string_pretty(&rules).map_err(|e| Failure::input(e.to_string()))?;
        s.push('\n');
        return write_stdout(&s);
    }
    let width = rules.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in &rules {
        let off = if r.enabled { "" } else { "(off by default) " };
        out.push_str(&format!(
            "{:<7} {:<width$}  {:<7}  {off}{}\n",
            r.code,
            r.name,
            r.severity.as_str(),
            r.one_line()
        ));
    }
    write_stdout(&out)
}

/// `debug term-forms`: the forms the matcher searches, one a line, so that benchmarks
/// (bench/gen_terms.py) search exactly what mandate-lint searches.
pub fn term_forms(args: &TermFormsArgs) -> Result<i32, Failure> {
    let config = config_for(args.config.as_deref(), Path::new("."))?;
    let engine = engine_for(config.as_ref())?;
    let lexicons = &engine.lexicons;
    if let Some(unknown) = args.lexicon.iter().find(|n| lexicons.get(n).is_none()) {
        return Err(Failure::usage(format!(
            "--lexicon: no lexicon named `{unknown}` (see rules/lexicons/)"
        )));
    }
    let mut out = String::from("lexicon\tterm\tform\tcase\tignore\n");
    for lexicon in lexicons.iter() {
        // Without --lexicon: what the clause scan searches for (not the parser's cues,
        // which are looked up by name), the term list of the benchmark's floor.
        let wanted = if args.lexicon.is_empty() {
            lexicon.scanned
        } else {
            args.lexicon.contains(&lexicon.name)
        };
        if !wanted {
            continue;
        }
        for term in &lexicon.terms {
            for (form, sensitive) in lexicons.term_forms(term) {
                let case = if sensitive {
                    "sensitive"
                } else {
                    "insensitive"
                };
                out.push_str(&format!(
                    "{}\t{}\t{form}\t{case}\t{}\n",
                    lexicon.name, term.id, term.ignore
                ));
            }
        }
    }
    write_stdout(&out)
}

pub fn explain(code: &str) -> Result<i32, Failure> {
    let rules = catalog(None)?;
    let Some(rule) = rules
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(code) || r.name == code)
    else {
        let codes: Vec<&str> = rules.iter().map(|r| r.code.as_str()).collect();
        let hint = mandate_lint::config::did_you_mean(&code.to_ascii_uppercase(), &codes)
            .map(|c| format!("; did you mean {c}?"))
            .unwrap_or_else(|| "; `mandate-lint rules` lists them".to_string());
        return Err(Failure::usage(format!("unknown rule `{code}`{hint}")));
    };
    let mut out = if rule.enabled {
        format!(
            "{} {} ({} by default)\n\n",
            rule.code,
            rule.name,
            rule.severity.as_str()
        )
    } else {
        format!(
            "{} {} ({}; off by default: turn it on with select = [\"{}\"] in mandate-lint.toml or --select {})\n\n",
            rule.code,
            rule.name,
            rule.severity.as_str(),
            rule.code,
            rule.code
        )
    };
    out.push_str(&format!("{}\n\n", rule.one_line()));
    if !rule.rationale.is_empty() {
        out.push_str(&format!("Why it matters:\n  {}\n\n", rule.rationale));
    }
    if !rule.source.is_empty() {
        out.push_str(&format!("Source:\n  {}\n\n", rule.source));
    }
    if !rule.help.is_empty() {
        out.push_str(&format!("What to write:\n  {}\n\n", rule.help));
    }
    if let Some(clause) = &rule.suggested_clause {
        out.push_str(&format!("Suggested clause:\n  {clause}\n\n"));
    }
    for (passes, text) in &rule.examples {
        let label = if *passes { "Passes" } else { "Fails" };
        out.push_str(&format!("Example ({label}):\n"));
        for line in text.lines() {
            out.push_str(&format!("  | {line}\n"));
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "Silence it in a draft with <!-- mandate-lint: allow {} reason=\"…\" -->,\nor in mandate-lint.toml with ignore = [\"{}\"].\n",
        rule.code, rule.code
    ));
    write_stdout(&out)
}

pub fn lsp() -> Result<i32, Failure> {
    mandate_lint::lsp::run_stdio()
        .map(|()| EXIT_OK)
        .map_err(|e| Failure::input(format!("language server: {e}")))
}

pub fn completions(shell: clap_complete::Shell) -> Result<i32, Failure> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "mandate-lint", &mut buf);
    write_stdout(&String::from_utf8_lossy(&buf))
}

pub fn man() -> Result<i32, Failure> {
    let cmd = Cli::command();
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut buf)
        .map_err(|e| Failure::input(format!("man page: {e}")))?;
    write_stdout(&String::from_utf8_lossy(&buf))
}
