//! cargo-fuzz target `dispatcher_config`: the invariants live in `seclab_engine::fuzz_checks::check_dispatcher_config`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    seclab_engine::fuzz_checks::check_dispatcher_config(data);
});
