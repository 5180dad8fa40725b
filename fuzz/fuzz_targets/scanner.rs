//! cargo-fuzz target `scanner`: the invariants live in `seclab_engine::fuzz_checks::check_scanner`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    seclab_engine::fuzz_checks::check_scanner(data);
});
