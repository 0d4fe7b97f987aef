//! `check draft.docx --annotate reviewed.docx`: the command-line side of Word review
//! copies (the copy itself is made by `mandate_lint::report::annotate`).

use std::path::{Path, PathBuf};

use mandate_lint::input::{self, Limits};
use mandate_lint::model::SourceFormat;
use mandate_lint::report::annotate::{annotate, ReviewOptions};
use mandate_lint::report::Report;

use super::args::CheckArgs;
use super::Failure;

/// A review copy to write once the draft is checked.
#[derive(Debug)]
pub struct Plan {
    draft: PathBuf,
    out: PathBuf,
}

fn is_docx(path: &Path) -> bool {
    input::format_from_extension(path) == Some(SourceFormat::Docx)
}

/// Checks the options before anything is read: one .docx draft, a .docx output that
/// is not the draft, and an existing output only with `--force`.
pub fn plan(args: &CheckArgs) -> Result<Option<Plan>, Failure> {
    let Some(out) = &args.annotate else {
        return Ok(None);
    };
    let draft = match args.paths.as_slice() {
        [one] if one.as_os_str() != "-" && !one.is_dir() && is_docx(one) => one.clone(),
        _ => {
            return Err(Failure::usage(format!(
                "--annotate writes a Word review copy of one .docx draft; got {} (check it without --annotate)",
                args.paths
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            )))
        }
    };
    if !is_docx(out) {
        return Err(Failure::usage(format!(
            "--annotate {}: the review copy must be a .docx file",
            out.display()
        )));
    }
    let same = match (std::fs::canonicalize(&draft), std::fs::canonicalize(out)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        return Err(Failure::usage(format!(
            "--annotate {}: that is the draft itself; the review copy must go to another file",
            out.display()
        )));
    }
    if out.exists() && !args.force {
        return Err(Failure::usage(format!(
            "{}: already exists; pass --force to replace it",
            out.display()
        )));
    }
    Ok(Some(Plan {
        draft,
        out: out.clone(),
    }))
}

/// Writes the review copy of the checked draft, with the findings of `report` (after
/// config, suppressions and baseline). Nothing is written when the draft could not be
/// read (its error is already printed, and the exit code is 2).
pub fn write(plan: &Plan, report: &Report, quiet: bool) -> Result<(), Failure> {
    let Some(file) = report.files.first() else {
        return Ok(());
    };
    let name = plan.draft.display().to_string();
    let failed = |message: String| Failure::input(format!("{name}: {message}"));
    let original = std::fs::read(&plan.draft).map_err(|e| failed(format!("cannot read: {e}")))?;
    let limits = Limits {
        // The file was accepted by the check: no second size verdict.
        max_file_bytes: u64::MAX,
        ..Limits::default()
    };
    let source = input::read_bytes(&name, &original, Some(SourceFormat::Docx), &limits)
        .map_err(|e| failed(e.message))?;
    let doc = mandate_lint::parse::parse(source.text.clone(), source.format);
    let diagnostics: Vec<_> = file.findings.iter().map(|f| &f.diagnostic).collect();
    let copy = annotate(
        &original,
        &source,
        Some(&doc),
        &diagnostics,
        &report.rules,
        &ReviewOptions::default(),
        &limits,
    )
    .map_err(failed)?;
    mandate_lint::atomic_file::write_atomic(&plan.out, &copy.bytes)
        .map_err(|e| Failure::input(format!("{}: cannot write: {e}", plan.out.display())))?;
    if !quiet {
        let placed = match copy.on_paragraph {
            0 => String::new(),
            n => format!(
                " ({n} on the paragraph of their clause: the flagged text is not in the document body)"
            ),
        };
        eprintln!(
            "{}: review copy with {} comment(s) from mandate-lint{placed}",
            plan.out.display(),
            copy.added_comments,
        );
    }
    Ok(())
}
