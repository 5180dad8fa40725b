//! Files a shell sources because its environment names them: bash run
//! without `-i` sources the file `BASH_ENV` names before its script or
//! `-c` text, and an interactive POSIX shell (`sh -i`, bash in POSIX mode,
//! dash, ksh) the one `ENV` names (docs/risk-model.md, own-shell scripts).
//!
//! Such a run names no script: `BASH_ENV=env.sh bash -c 'echo hi'` runs
//! `env.sh`. The walker ([`crate::shell`]) asks [`sourced_file`] of the
//! assignments a shell starts with (its prefix, `env NAME=value`) and of
//! what an `export` leaves for every later shell of the session.

/// The variables whose value a starting shell sources.
const STARTUP_VARS: [&str; 2] = ["BASH_ENV", "ENV"];

/// The file an assignment `NAME=value` makes a starting shell source, when
/// NAME is one of [`STARTUP_VARS`] and the value is not empty. The cautious
/// side: either variable counts for every shell (bash reads `ENV` only when
/// interactive or in POSIX mode, dash only when interactive).
pub fn sourced_file(assign: &str) -> Option<&str> {
    let (name, value) = assign.split_once('=')?;
    let value = value.trim_matches(|c| c == '"' || c == '\'');
    (STARTUP_VARS.contains(&name) && !value.is_empty()).then_some(value)
}

/// Whether `name` (a bare word given to `export`) is one of [`STARTUP_VARS`].
pub fn is_startup_var(name: &str) -> bool {
    STARTUP_VARS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slo_11_startup_variables_name_the_file_a_shell_sources() {
        assert_eq!(sourced_file("BASH_ENV=env.sh"), Some("env.sh"));
        assert_eq!(sourced_file("ENV=./.shrc"), Some("./.shrc"));
        assert_eq!(sourced_file("BASH_ENV='a b.sh'"), Some("a b.sh"));
        for a in [
            "BASH_ENV=",
            "ENVIRONMENT=prod",
            "NODE_ENV=production",
            "XBASH_ENV=x",
            "BASH_ENV",
            "",
        ] {
            assert_eq!(sourced_file(a), None, "{a}");
        }
        assert!(is_startup_var("BASH_ENV") && is_startup_var("ENV"));
        assert!(!is_startup_var("NODE_ENV"));
    }
}
