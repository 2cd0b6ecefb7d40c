//! Alignment on the bundled corpus.
