//! cargo-fuzz target `ledger_ops`: the invariants live in `seclab_engine::fuzz_checks::check_ledger_ops`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    seclab_engine::fuzz_checks::check_ledger_ops(data);
});
