//! cargo-fuzz target `trace_parse`: the invariants live in `seclab_engine::fuzz_checks::check_trace_parse`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    seclab_engine::fuzz_checks::check_trace_parse(data);
});
