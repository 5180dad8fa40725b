//! cargo-fuzz target `ledger_import`: the invariants live in `seclab_engine::fuzz_checks::check_ledger_import`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    seclab_engine::fuzz_checks::check_ledger_import(data);
});
