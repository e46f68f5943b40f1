//! Shared helpers for the generator tests.
