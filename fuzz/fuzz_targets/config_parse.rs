//! cargo-fuzz target `config_parse`: the invariants live in `seclab_engine::fuzz_checks::check_config_parse`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    seclab_engine::fuzz_checks::check_config_parse(data);
});
