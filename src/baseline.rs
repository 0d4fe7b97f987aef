//! Baselines: record today's findings, report only new ones later.
