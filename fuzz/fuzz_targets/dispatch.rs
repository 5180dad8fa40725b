//! cargo-fuzz target `dispatch`: the invariants live in `seclab_engine::fuzz_checks::check_dispatch`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    seclab_engine::fuzz_checks::check_dispatch(data);
});
