//! cargo-fuzz target `policy_eval`: the invariants live in `seclab_engine::fuzz_checks::check_policy_eval`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    seclab_engine::fuzz_checks::check_policy_eval(data);
});
