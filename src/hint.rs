//! Hints to the processor about memory that will be read soon.
//!
//! On a large corpus the two hot loops, candidate generation
//! ([`crate::index`]) and pair scoring ([`crate::align`]), read data that no
//! longer fits in any cache: a probe's posting lists and a candidate's
//! compiled side sit at random places of arrays of hundreds of megabytes.
//! Asking for them a little before they are read lets the reads of several
//! candidates overlap instead of waiting for each in turn; when the data
//! fits in cache (a small corpus), the hints change nothing.

/// Asks the processor to bring the cache line holding `*p` into its caches,
/// without waiting for it and without reading it.
#[inline(always)]
pub(crate) fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint: it never faults and reads nothing into
    // the program, whatever the address (callers pass addresses inside live
    // allocations). `sse` is part of every x86_64 target.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(p.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}
