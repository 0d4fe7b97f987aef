//! `mandate-lint map`: the DCAF coding table.
