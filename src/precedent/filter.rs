//! Which stored clauses a lookup may return: tag filters, and the completion contexts
//! they serve.

use super::store::tag;

/// Where the cursor is, for completion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContextKind {
    /// A sub-paragraph in a list of DSR tasks ("(c) To …").
    DsrTaskList,
    /// A request for reports ("Requests the Secretary-General to report …").
    Reporting,
    /// A new operative paragraph.
    OperativeParagraph,
}

/// Which clauses a lookup may return: every tag of `all`, and one of each group in
/// `any`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Filter {
    pub all: Vec<String>,
    pub any: Vec<Vec<String>>,
}

impl Filter {
    pub(crate) fn is_empty(&self) -> bool {
        self.all.is_empty() && self.any.is_empty()
    }
}

pub(crate) fn context_filter(kind: ContextKind) -> Filter {
    let tags = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    match kind {
        ContextKind::DsrTaskList => Filter {
            all: tags(&[tag::DSR, tag::SUB_ITEM, tag::LEAF]),
            any: Vec::new(),
        },
        ContextKind::Reporting => Filter {
            all: vec![
                tag::LEAF.to_string(),
                tag::lexicon("reporting-request"),
                tag::addressee("secretary-general"),
            ],
            any: vec![vec![tag::SSR.to_string(), tag::lexicon("defence-sector")]],
        },
        ContextKind::OperativeParagraph => Filter {
            all: tags(&[tag::PARAGRAPH, tag::LEAF]),
            any: Vec::new(),
        },
    }
}
