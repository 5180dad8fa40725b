//! The secret env-var filter (T6, INV-011, SLO-07): decides whether an
//! extension may read an environment variable by name. Blocklist mode (the
//! default) blocks known secret names and secret-shaped names; allow-list mode
//! (audit gap G-3) additionally requires the name to be listed. The blocklist
//! always wins: a secret never passes, even when allow-listed. Names are compared
//! upper-cased, and no prefix (such as `PI_`) exempts a name from the rules.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Secret names matched exactly (after upper-casing).
const BLOCKED_EXACT: &[&str] = &[
    // AI providers (names without a secret-shaped suffix, or listed for clarity)
    "ANTHROPIC_API_KEY",
    "OPENAI_API_KEY",
    "HF_TOKEN",
    "HUGGING_FACE_HUB_TOKEN",
    // Databases and caches (credentials embedded in URLs)
    "DATABASE_URL",
    "REDIS_URL",
    "MONGODB_URI",
    "MONGO_URL",
    "MONGO_URI",
    "POSTGRES_URL",
    "POSTGRESQL_URL",
    "MYSQL_URL",
    "AMQP_URL",
    "RABBITMQ_URL",
    "CLOUDAMQP_URL",
    "ELASTICSEARCH_URL",
    "MEMCACHED_URL",
    "PGPASSWORD",
    "PGPASSFILE",
    "MYSQL_PWD",
    // Keys and credentials whose names carry no suffix
    "PRIVATE_KEY",
    "SENTRY_DSN",
    "GOOGLE_APPLICATION_CREDENTIALS",
    "KUBECONFIG",
    "VAULT_TOKEN",
    "NETRC",
    "AWS_ACCESS_KEY_ID",
    "CARGO_REGISTRY_TOKEN",
    "NPM_TOKEN",
    "GH_TOKEN",
    "GITHUB_TOKEN",
    "CI_JOB_TOKEN",
    "SSH_PRIVATE_KEY",
    "DIRECT_URL",
    "BW_SESSION",
    "AZUREWEBJOBSSTORAGE",
    "NETLIFY_AUTH",
];

/// Words that mark a secret wherever they stand in the name.
const SECRET_WORDS: &[&str] = &[
    "SECRET",
    "SECRETS",
    "PASSWORD",
    "PASSWD",
    "PASSPHRASE",
    "CREDENTIAL",
    "CREDENTIALS",
    "CREDS",
    "TOKEN",
    "JWT",
    "BEARER",
    "MNEMONIC",
    "KEYFILE",
    "KEYSTORE",
];

/// Endings of compound words that mark a secret (`ACCESSTOKEN`, `CLIENTSECRET`,
/// `WRITEKEY`, `signingPassword`). Bare `KEY` is not among them: `MONKEY`, `HOTKEY`.
const SECRET_WORD_ENDINGS: &[&str] = &[
    "TOKEN",
    "SECRET",
    "PASSWORD",
    "PASSWD",
    "APIKEY",
    "AUTHKEY",
    "WRITEKEY",
    "READKEY",
    "SIGNINGKEY",
    "ACCESSKEY",
    "SECRETKEY",
    "PRIVATEKEY",
    "MASTERKEY",
];

/// Words that mark a secret when they end the name (`FOO_KEY`, `BAR_AUTH`).
const SECRET_LAST_WORDS: &[&str] = &[
    "KEY",
    "AUTH",
    "PAT",
    "DSN",
    "PWD",
    "PASS",
    "SALT",
    "PEPPER",
    "COOKIE",
    "SIGNATURE",
    "OTP",
    "SEED",
];

/// Two-word endings that mark a secret (`..._KEY_ID`, `..._CONNECTION_STRING`, `..._WEBHOOK_URL`).
const SECRET_SUFFIX_PAIRS: &[(&str, &str)] = &[
    ("KEY", "ID"),
    ("CONNECTION", "STRING"),
    ("CONN", "STR"),
    ("WEBHOOK", "URL"),
    ("PRIVATE", "KEY"),
    ("LICENSE", "KEY"),
    ("AUTH", "HEADER"),
    ("AUTH", "CONFIG"),
    ("SERVICE", "ACCOUNT"),
];

/// Words naming a data store or service whose `_URL`/`_URI` carries credentials.
const CREDENTIAL_URL_SERVICES: &[&str] = &[
    "DATABASE",
    "DB",
    "POSTGRES",
    "POSTGRESQL",
    "PG",
    "MYSQL",
    "MARIADB",
    "MONGO",
    "MONGODB",
    "REDIS",
    "AMQP",
    "RABBITMQ",
    "PRISMA",
    "ELASTICSEARCH",
    "MEMCACHED",
    "KAFKA",
    "CLICKHOUSE",
    "CLOUDINARY",
    "SMTP",
];

/// First words that mark a secret (`SECRET_…`, `AUTH_…`, `CREDENTIAL_…`).
const SECRET_FIRST_WORDS: &[&str] = &["SECRET", "AUTH", "CREDENTIAL", "CREDENTIALS"];

/// Name prefixes that mark a secret (`AWS_SECRET_…`, `AWS_SESSION_…`).
const BLOCKED_PREFIXES: &[&str] = &["AWS_SECRET_", "AWS_SESSION_"];

/// Words that, ending a name, say it describes *where* or *how* rather than holding a
/// value: `SSH_AUTH_SOCK`, `PASSWORD_STORE_DIR`, `GPG_TTY`, `OPENAI_BASE_URL`. They
/// neutralise the word rules (never the exact, prefix, pair or credential-URL rules).
const METADATA_LAST_WORDS: &[&str] = &[
    "DIR",
    "SOCK",
    "SOCKET",
    "TTY",
    "LAYOUT",
    "PARALLELISM",
    "DELAY",
    "LIMIT",
    "LIMITS",
    "COUNT",
    "SIZE",
    "LENGTH",
    "ENABLED",
    "DISABLED",
    "TIMEOUT",
    "HELPER",
    "PROGRAM",
    "PROMPT",
    "TYPE",
    "FORMAT",
    "STORE",
    "AGENT",
    "BINDINGS",
    "URL",
    "URI",
    "ENDPOINT",
    "HOST",
    "PORT",
    "REGION",
];

/// Why the filter decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnvReason {
    EmptyName,
    BlockedExact,
    BlockedPrefix,
    BlockedSecretWord,
    BlockedSecretSuffix,
    BlockedCredentialUrl,
    BlockedOperator,
    NotInAllowList,
    Allowed,
}

impl EnvReason {
    pub fn as_str(self) -> &'static str {
        match self {
            EnvReason::EmptyName => "empty_name",
            EnvReason::BlockedExact => "blocked_exact",
            EnvReason::BlockedPrefix => "blocked_prefix",
            EnvReason::BlockedSecretWord => "blocked_secret_word",
            EnvReason::BlockedSecretSuffix => "blocked_secret_suffix",
            EnvReason::BlockedCredentialUrl => "blocked_credential_url",
            EnvReason::BlockedOperator => "blocked_operator",
            EnvReason::NotInAllowList => "not_in_allow_list",
            EnvReason::Allowed => "allowed",
        }
    }
    pub fn allowed(self) -> bool {
        self == EnvReason::Allowed
    }
}

/// An exact secret name, alone or ending the name after a `_` (so `PI_GITHUB_TOKEN`
/// or `MYAPP_DATABASE_URL` cannot slip past by a prefix).
fn matches_exact(upper: &str) -> bool {
    BLOCKED_EXACT.iter().any(|e| {
        upper == *e
            || (upper.len() > e.len() && upper.ends_with(e) && upper.as_bytes()[upper.len() - e.len() - 1] == b'_')
    })
}

fn is_secret_word(w: &str) -> bool {
    SECRET_WORDS.contains(&w) || SECRET_WORD_ENDINGS.iter().any(|end| w.ends_with(end))
}

/// Classify a name against the built-in secret rules only.
pub fn classify_secret_name(name: &str) -> EnvReason {
    let upper = name.trim().to_ascii_uppercase();
    if upper.is_empty() {
        return EnvReason::EmptyName;
    }
    if matches_exact(&upper) {
        return EnvReason::BlockedExact;
    }
    if BLOCKED_PREFIXES.iter().any(|p| upper.starts_with(p)) {
        return EnvReason::BlockedPrefix;
    }
    let words: Vec<&str> = upper
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let Some(&last) = words.last() else {
        return EnvReason::Allowed;
    };
    if words.len() > 2 {
        let pair = (words[words.len() - 2], last);
        if SECRET_SUFFIX_PAIRS.contains(&pair) {
            return EnvReason::BlockedSecretSuffix;
        }
    }
    if matches!(last, "URL" | "URI") && words.iter().any(|w| CREDENTIAL_URL_SERVICES.contains(w)) {
        return EnvReason::BlockedCredentialUrl;
    }
    if METADATA_LAST_WORDS.contains(&last) && words.len() > 1 {
        return EnvReason::Allowed;
    }
    if words.iter().any(|w| is_secret_word(w)) {
        return EnvReason::BlockedSecretWord;
    }
    if words.len() > 1 && SECRET_FIRST_WORDS.contains(&words[0]) {
        return EnvReason::BlockedSecretWord;
    }
    // A lone `PWD` or `KEY` is the shell's working dir or a generic name, not a secret.
    if words.len() > 1 && SECRET_LAST_WORDS.contains(&last) {
        return EnvReason::BlockedSecretSuffix;
    }
    EnvReason::Allowed
}

/// Whether an extension may read `name` under the default (blocklist) filter.
pub fn is_env_var_allowed(name: &str) -> bool {
    classify_secret_name(name).allowed()
}

/// How the filter treats names the secret rules leave alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "lowercase")]
pub enum EnvFilterMode {
    /// Everything not blocked is allowed.
    #[default]
    Blocklist,
    /// Only listed names are allowed, and still only when not blocked (G-3).
    Allowlist,
}

/// The `[env]` section of a config file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct EnvFilterConfig {
    #[serde(default)]
    pub mode: EnvFilterMode,
    /// Names allowed in allow-list mode (case-insensitive).
    #[serde(default)]
    pub allow: Vec<String>,
    /// Extra names the operator blocks in every mode (case-insensitive).
    #[serde(default)]
    pub block: Vec<String>,
}

/// A compiled env filter.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EnvFilter {
    mode: EnvFilterMode,
    allow: BTreeSet<String>,
    block: BTreeSet<String>,
}

impl EnvFilter {
    pub fn new(cfg: &EnvFilterConfig) -> Self {
        let norm = |v: &Vec<String>| {
            v.iter()
                .map(|n| n.trim().to_ascii_uppercase())
                .filter(|n| !n.is_empty())
                .collect()
        };
        EnvFilter {
            mode: cfg.mode,
            allow: norm(&cfg.allow),
            block: norm(&cfg.block),
        }
    }

    pub fn mode(&self) -> EnvFilterMode {
        self.mode
    }

    /// Decide for one name.
    pub fn check(&self, name: &str) -> EnvReason {
        let builtin = classify_secret_name(name);
        if !builtin.allowed() {
            return builtin;
        }
        let upper = name.trim().to_ascii_uppercase();
        if self.block.contains(&upper) {
            return EnvReason::BlockedOperator;
        }
        if self.mode == EnvFilterMode::Allowlist && !self.allow.contains(&upper) {
            return EnvReason::NotInAllowList;
        }
        EnvReason::Allowed
    }

    pub fn is_allowed(&self, name: &str) -> bool {
        self.check(name).allowed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_names_are_blocked() {
        for n in [
            "ANTHROPIC_API_KEY",
            "aws_secret_access_key",
            "AWS_SESSION_TOKEN",
            "STRIPE_SECRET_KEY",
            "MY_SERVICE_PASSWORD",
            "GITHUB_TOKEN",
            "AZURE_STORAGE_CONNECTION_STRING",
            "SLACK_WEBHOOK_URL",
            "PI_SECRET_TOKEN",
            "PI_API_KEY",
            "AUTH_HEADER_VALUE",
        ] {
            assert!(!is_env_var_allowed(n), "{n} should be blocked");
        }
    }

    #[test]
    fn ordinary_and_lookalike_names_pass() {
        for n in [
            "HOME",
            "PATH",
            "PWD",
            "TOKENIZERS_PARALLELISM",
            "SSH_AUTH_SOCK",
            "KEYBOARD_LAYOUT",
            "MAX_TOKENS",
            "GIT_AUTHOR_NAME",
            "PASSWORD_STORE_DIR",
            "GPG_TTY",
        ] {
            assert!(is_env_var_allowed(n), "{n} should pass");
        }
        assert_eq!(classify_secret_name("  "), EnvReason::EmptyName);
    }

    #[test]
    fn allow_list_mode_needs_listing_and_never_admits_secrets() {
        let f = EnvFilter::new(&EnvFilterConfig {
            mode: EnvFilterMode::Allowlist,
            allow: vec!["home".into(), "GITHUB_TOKEN".into()],
            block: vec!["EDITOR".into()],
        });
        assert!(f.is_allowed("HOME"));
        assert_eq!(f.check("PATH"), EnvReason::NotInAllowList);
        assert!(!f.is_allowed("GITHUB_TOKEN"));
        let b = EnvFilter::new(&EnvFilterConfig {
            block: vec!["EDITOR".into()],
            ..Default::default()
        });
        assert_eq!(b.check("editor"), EnvReason::BlockedOperator);
    }
}
