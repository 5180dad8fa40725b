//! The secret env-var filter (T6, INV-011, SLO-07): decides whether an
//! extension may read an environment variable by name. Blocklist mode (the
//! default) blocks known secret names and secret-shaped names, judged over the
//! name's tokens (split on `_ - .`, case changes and trailing digits; trailing
//! qualifiers such as `2`, `V2`, `OLD`, `BACKUP`, `PROD` ignored); allow-list mode
//! (audit gap G-3) additionally requires the name to be listed. The blocklist
//! always wins: a secret never passes, even when allow-listed. Names are compared
//! upper-cased, and no prefix (such as `PI_`) exempts a name from the rules.

use serde::{Deserialize, Deserializer, Serialize};
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
    /// A name with a NUL, an `=` or another control character: no variable
    /// has it, and a C-string shim would read a different one (refused before
    /// any rule reads it; the dispatcher refuses such a call at validation).
    InvalidName,
    BlockedExact,
    BlockedPrefix,
    BlockedSecretWord,
    BlockedSecretSuffix,
    BlockedCredentialUrl,
    /// A connection string (`*_CONNECTION_STRING`, `ConnectionStrings__*`, `SQLCONNSTR_*`).
    BlockedConnectionString,
    /// A webhook URL or secret.
    BlockedWebhook,
    /// A session cookie or session id cookie (`JSESSIONID`, `*_SID`).
    BlockedSessionCookie,
    /// Kafka SASL / JAAS settings (they carry the password).
    BlockedSasl,
    BlockedOperator,
    NotInAllowList,
    Allowed,
}

impl EnvReason {
    pub fn as_str(self) -> &'static str {
        match self {
            EnvReason::EmptyName => "empty_name",
            EnvReason::InvalidName => "invalid_name",
            EnvReason::BlockedExact => "blocked_exact",
            EnvReason::BlockedPrefix => "blocked_prefix",
            EnvReason::BlockedSecretWord => "blocked_secret_word",
            EnvReason::BlockedSecretSuffix => "blocked_secret_suffix",
            EnvReason::BlockedCredentialUrl => "blocked_credential_url",
            EnvReason::BlockedConnectionString => "blocked_connection_string",
            EnvReason::BlockedWebhook => "blocked_webhook",
            EnvReason::BlockedSessionCookie => "blocked_session_cookie",
            EnvReason::BlockedSasl => "blocked_sasl",
            EnvReason::BlockedOperator => "blocked_operator",
            EnvReason::NotInAllowList => "not_in_allow_list",
            EnvReason::Allowed => "allowed",
        }
    }
    pub fn allowed(self) -> bool {
        self == EnvReason::Allowed
    }
}

/// An exact secret name, alone or ending the name after a `_`
/// (so `PI_GITHUB_TOKEN` or `MYAPP_DATABASE_URL` cannot slip past by a prefix).
fn matches_exact(upper: &str) -> bool {
    BLOCKED_EXACT.iter().any(|e| {
        upper == *e
            || (upper.len() > e.len() && upper.ends_with(e) && upper.as_bytes()[upper.len() - e.len() - 1] == b'_')
    })
}

fn is_secret_word(w: &str) -> bool {
    SECRET_WORDS.contains(&w) || SECRET_WORD_ENDINGS.iter().any(|end| w.ends_with(end))
}

/// Trailing words that qualify a name (which copy, which environment) without
/// changing what it holds: `OPENAI_API_KEY_2`, `DB_PASSWORD_OLD`, `JWT_SECRET_V2`,
/// `DATABASE_URL_PROD`. Stripped from the end before the rules judge the name.
const QUALIFIER_WORDS: &[&str] = &[
    "OLD",
    "NEW",
    "BACKUP",
    "BAK",
    "PROD",
    "PRODUCTION",
    "TEST",
    "TESTING",
    "DEV",
    "DEVELOPMENT",
    "STAGING",
    "STAGE",
    "STG",
    "QA",
    "UAT",
    "PRIMARY",
    "SECONDARY",
    "LIVE",
    "SANDBOX",
    "LOCAL",
    "ALT",
    "TMP",
    "TEMP",
    "PREV",
    "PREVIOUS",
    "CURRENT",
    "LEGACY",
    "FALLBACK",
];

/// Trailing words that say in which encoding a value is given, not what it is:
/// `SIGNING_KEY_PEM`, `SERVICE_ACCOUNT_JSON`, `PRIVATE_KEY_B64`. Stripped like qualifiers.
const ENCODING_WORDS: &[&str] = &[
    "CONTENT", "CONTENTS", "DATA", "VALUE", "B64", "BASE64", "PEM", "JSON", "HEX", "RAW", "ENCODED",
];

/// Words naming a data store, cache or message broker: a URL, URI or DSN that
/// names one carries its credentials (`REDIS_URL`, `CELERY_BROKER_URL`).
const STORE_WORDS: &[&str] = &[
    "DATABASE",
    "DB",
    "DATASOURCE",
    "SQL",
    "POSTGRES",
    "POSTGRESQL",
    "PG",
    "MYSQL",
    "MARIADB",
    "MSSQL",
    "MONGO",
    "MONGODB",
    "REDIS",
    "VALKEY",
    "MEMCACHED",
    "MEMCACHE",
    "CACHE",
    "ELASTICSEARCH",
    "OPENSEARCH",
    "CLICKHOUSE",
    "CASSANDRA",
    "COUCHDB",
    "NEO4J",
    "INFLUX",
    "INFLUXDB",
    "SNOWFLAKE",
    "PRISMA",
    "AMQP",
    "AMQPS",
    "RABBITMQ",
    "BROKER",
    "KAFKA",
    "NATS",
    "MQTT",
    "ACTIVEMQ",
    "CLOUDINARY",
    "SMTP",
];

/// Prefixes of compound store names (`REDISCLOUD`, `MONGOLAB`, `POSTGRESQL`).
const STORE_PREFIXES: &[&str] = &[
    "REDIS", "MONGO", "POSTGRES", "MYSQL", "MARIADB", "RABBIT", "AMQP", "KAFKA", "MEMCACH",
];

fn is_store_word(w: &str) -> bool {
    STORE_WORDS.contains(&w)
        || STORE_PREFIXES.iter().any(|p| w.len() > p.len() && w.starts_with(p))
        || (w.len() > 2 && w.ends_with("DB"))
        || (w.len() > 3 && w.ends_with("SQL"))
        || (w.len() > 2 && w.ends_with("MQ"))
}

/// Short or abbreviated password words, as the last word (`DB_PW`, `ROOT_PASS`,
/// `ORACLE_PWD`). A lone `PWD` (and `OLDPWD`, `OLD_PWD`) is the shell's working dir.
const PASSWORD_LAST_WORDS: &[&str] = &["PWD", "PW", "PASS", "PSWD", "PWORD"];

/// Split a name into upper-case tokens: on every non-alphanumeric character, on
/// lower→upper case changes (`authToken`, `ConnectionStrings`), and before
/// trailing digits (`KEY2`), keeping `V2`-style version tokens whole.
pub fn name_tokens(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
    {
        let b = part.as_bytes();
        let mut start = 0;
        for i in 1..b.len() {
            let (p, c) = (b[i - 1], b[i]);
            let camel = p.is_ascii_lowercase() && c.is_ascii_uppercase();
            // "ABCDef": the last capital starts a word.
            let acronym =
                i + 1 < b.len() && p.is_ascii_uppercase() && c.is_ascii_uppercase() && b[i + 1].is_ascii_lowercase();
            // Trailing digits are their own word (`KEY2`), except a version (`V2`);
            // digits inside a word stay (`NEO4J`, `K8S`).
            let digits = p.is_ascii_alphabetic() && b[i..].iter().all(u8::is_ascii_digit);
            let version = digits && i - start == 1 && matches!(b[start], b'v' | b'V');
            if camel || acronym || (digits && !version) {
                out.push(part[start..i].to_ascii_uppercase());
                start = i;
            }
        }
        out.push(part[start..].to_ascii_uppercase());
    }
    out
}

fn is_qualifier(w: &str) -> bool {
    let version = w.len() > 1 && w.starts_with('V') && w[1..].bytes().all(|c| c.is_ascii_digit());
    w.bytes().all(|c| c.is_ascii_digit()) || version || QUALIFIER_WORDS.contains(&w) || ENCODING_WORDS.contains(&w)
}

/// The byte position of the first character no environment variable name can
/// hold as given, if any: NUL (a C string ends there, so a shim built on
/// `getenv` reads `OPENAI_API_KEY` for `OPENAI_API_KEY\0x`), `=` (it ends the
/// name in `environ`: `getenv("A=b")` can match variable `A` whose value starts
/// with `b`) and every other control character (C0, DEL, C1).
pub fn invalid_name_char(name: &str) -> Option<usize> {
    name.char_indices()
        .find(|(_, c)| *c == '=' || c.is_control())
        .map(|(i, _)| i)
}

/// Classify a name against the built-in secret rules only (docs/security/
/// threat-model.md T6 and docs in this module): a name with a NUL, `=` or
/// control character is [`EnvReason::InvalidName`] before any rule reads it;
/// then exact names, prefixes, and rules over the name's tokens after
/// trailing qualifiers are dropped.
pub fn classify_secret_name(name: &str) -> EnvReason {
    if invalid_name_char(name).is_some() {
        return EnvReason::InvalidName;
    }
    let trimmed = name.trim();
    let upper = trimmed.to_ascii_uppercase();
    // Tokens in two views: split at case changes (what the author meant) and
    // not (what an upper-cased copy of the name shows); either view may block.
    let camel = name_tokens(trimmed);
    if camel.is_empty() {
        // Empty, or only symbols: not a name anything should read.
        return EnvReason::EmptyName;
    }
    // Without a lower-case letter the upper-cased copy is the name itself, so
    // both views are the same tokens and one reading decides (SLO-05: an env
    // call's validation is the dearest in the dispatch latency mix).
    let flat = trimmed
        .bytes()
        .any(|b| b.is_ascii_lowercase())
        .then(|| name_tokens(&upper));
    classify_views(&upper, flat.iter().chain([&camel]))
}

/// The first blocking verdict of the views' tokens, else the last view's.
fn classify_views<'t>(upper: &str, views: impl Iterator<Item = &'t Vec<String>>) -> EnvReason {
    let mut verdict = EnvReason::Allowed;
    for tokens in views {
        let words: Vec<&str> = tokens.iter().map(String::as_str).collect();
        let r = classify_tokens(upper, &words);
        if !r.allowed() {
            return r;
        }
        verdict = r;
    }
    verdict
}

fn classify_tokens(upper: &str, all: &[&str]) -> EnvReason {
    // Drop trailing qualifiers, keeping at least one word.
    let mut n = all.len();
    while n > 1 && is_qualifier(all[n - 1]) {
        n -= 1;
    }
    let words = &all[..n];
    let core = words.join("_");
    if matches_exact(upper) || matches_exact(&core) {
        return EnvReason::BlockedExact;
    }
    if BLOCKED_PREFIXES
        .iter()
        .any(|p| upper.starts_with(p) || core.starts_with(p))
    {
        return EnvReason::BlockedPrefix;
    }
    let last = words[n - 1];
    let has = |w: &str| words.contains(&w);
    if n >= 2 && SECRET_SUFFIX_PAIRS.contains(&(words[n - 2], last)) {
        return EnvReason::BlockedSecretSuffix;
    }
    // Connection strings, by any of their spellings.
    let conn_pair = words
        .windows(2)
        .any(|p| matches!(p, ["CONNECTION", "STRING" | "STRINGS"] | ["CONN", "STR"]));
    if conn_pair
        || words
            .iter()
            .any(|w| w.ends_with("CONNSTR") || w.contains("CONNECTIONSTRING"))
    {
        return EnvReason::BlockedConnectionString;
    }
    let metadata_last = n > 1 && METADATA_LAST_WORDS.contains(&last) && !matches!(last, "URL" | "URI");
    // A URL, URI or DSN of a data store, cache or broker carries credentials.
    let url_word = words.iter().any(|w| matches!(*w, "URL" | "URI" | "URLS" | "DSN"));
    if url_word && !metadata_last && words.iter().any(|w| is_store_word(w)) {
        return EnvReason::BlockedCredentialUrl;
    }
    // Webhook URLs are bearer credentials; so are their signing secrets.
    if words.iter().any(|w| matches!(*w, "WEBHOOK" | "WEBHOOKS")) && !metadata_last {
        return EnvReason::BlockedWebhook;
    }
    // Session cookies: JSESSIONID, PHPSESSID, ASPSESSIONID, CONNECT_SID.
    if words
        .iter()
        .any(|w| w.ends_with("SESSID") || (w.len() > 9 && w.ends_with("SESSIONID")))
        || (n > 1 && last == "SID")
    {
        return EnvReason::BlockedSessionCookie;
    }
    // Kafka-style SASL/JAAS settings carry the password (not the mechanism name).
    if (has("SASL") || has("JAAS"))
        && !(metadata_last || matches!(last, "MECHANISM" | "MECHANISMS" | "USERNAME" | "USER"))
    {
        return EnvReason::BlockedSasl;
    }
    if metadata_last || (n > 1 && matches!(last, "URL" | "URI")) {
        return EnvReason::Allowed;
    }
    // A secret word followed by a word that describes a setting of it
    // (`JWT_ISSUER`, `TOKEN_EXPIRY_SECONDS`, `COOKIE_DOMAIN`) is not the secret.
    let setting_after = |i: usize| words[i + 1..].iter().any(|w| SETTING_WORDS.contains(w));
    if let Some(i) = words.iter().position(|w| is_secret_word(w)) {
        let last_secret = words.iter().rposition(|w| is_secret_word(w)).unwrap_or(i);
        if !setting_after(last_secret) {
            return EnvReason::BlockedSecretWord;
        }
        return EnvReason::Allowed;
    }
    if n > 1 && SECRET_FIRST_WORDS.contains(&words[0]) && !setting_after(0) {
        return EnvReason::BlockedSecretWord;
    }
    if words == ["OLD", "PWD"] {
        return EnvReason::Allowed;
    }
    if n > 1 && PASSWORD_LAST_WORDS.contains(&last) {
        return EnvReason::BlockedSecretSuffix;
    }
    // Public keys are public by design (`PUBLIC_KEY`, `STRIPE_PUBLISHABLE_KEY`).
    if last == "KEY" && n > 1 && matches!(words[n - 2], "PUBLIC" | "PUBLISHABLE" | "PUB") {
        return EnvReason::Allowed;
    }
    // A lone `PWD` or `KEY` is the shell's working dir or a generic name, not a secret.
    if n > 1 && SECRET_LAST_WORDS.contains(&last) {
        return EnvReason::BlockedSecretSuffix;
    }
    EnvReason::Allowed
}

/// Words that, after a secret word, say the name holds a setting *about* the
/// secret rather than the secret (`JWT_ALGORITHM`, `SESSION_TOKEN_TTL`).
const SETTING_WORDS: &[&str] = &[
    "EXPIRY",
    "EXPIRES",
    "EXPIRATION",
    "EXPIRE",
    "TTL",
    "LIFETIME",
    "ALGORITHM",
    "ALG",
    "ISSUER",
    "AUDIENCE",
    "DOMAIN",
    "SECURE",
    "SAMESITE",
    "SECONDS",
    "MINUTES",
    "HOURS",
    "DAYS",
    "ROUNDS",
    "LENGTH",
    "MIN",
    "MAX",
    "POLICY",
    "NAME",
];

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
    #[serde(default, deserialize_with = "env_names")]
    pub allow: Vec<String>,
    /// Extra names the operator blocks in every mode (case-insensitive).
    #[serde(default, deserialize_with = "env_names")]
    pub block: Vec<String>,
}

/// An `allow` / `block` list of a config file: a name with a NUL, `=` or a
/// control character ([`invalid_name_char`]) is an error naming its field and
/// index (such a name is never read, so the entry could only mislead).
fn env_names<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct Name(String);
    impl<'de> Deserialize<'de> for Name {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let name = String::deserialize(d)?;
            match invalid_name_char(&name) {
                Some(at) => Err(serde::de::Error::custom(format!(
                    "not an env var name: NUL, `=` or a control character at byte {at}"
                ))),
                None => Ok(Name(name)),
            }
        }
    }
    Ok(Vec::<Name>::deserialize(d)?.into_iter().map(|n| n.0).collect())
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
        self.check_classified(name, classify_secret_name(name))
    }

    /// The verdict on an env call's `name` and its built-in classification
    /// as validation read them ([`crate::CallArgs`]): a missing name is
    /// checked as the empty one.
    pub fn check_read(&self, name: Option<&str>, builtin: Option<EnvReason>) -> EnvReason {
        match (name, builtin) {
            (Some(name), Some(builtin)) => self.check_classified(name, builtin),
            (name, _) => self.check(name.unwrap_or("")),
        }
    }

    /// [`EnvFilter::check`] of a name whose built-in classification
    /// ([`classify_secret_name`]) is already known (validation reads it once
    /// for the risk features and this filter: [`crate::CallArgs::env_builtin`]).
    pub fn check_classified(&self, name: &str, builtin: EnvReason) -> EnvReason {
        if !builtin.allowed() {
            return builtin;
        }
        if self.block.is_empty() && self.mode != EnvFilterMode::Allowlist {
            return EnvReason::Allowed;
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

    /// SLO-05 (the one-view shortcut of [`classify_secret_name`]): for names
    /// built from every word the rules read, in upper, lower, camel and mixed
    /// case, with qualifiers, digits and blanks, the verdict equals the one of
    /// reading both views (split at case changes, and upper-cased) every time.
    #[test]
    fn slo_05_one_view_for_names_without_lower_case_gives_the_two_view_verdict() {
        let two_views = |name: &str| {
            let upper = name.trim().to_ascii_uppercase();
            let camel = name_tokens(name.trim());
            if camel.is_empty() {
                return EnvReason::EmptyName;
            }
            classify_views(&upper, [&name_tokens(&upper), &camel].into_iter())
        };
        let mut words: Vec<String> = [
            BLOCKED_EXACT,
            SECRET_WORDS,
            SECRET_LAST_WORDS,
            SECRET_FIRST_WORDS,
            METADATA_LAST_WORDS,
            QUALIFIER_WORDS,
            ENCODING_WORDS,
            STORE_WORDS,
            PASSWORD_LAST_WORDS,
            SETTING_WORDS,
            &[
                "HOME",
                "PATH",
                "AWS",
                "OLD",
                "PWD",
                "CONNECTION",
                "STRING",
                "WEBHOOK",
                "SASL",
                "V2",
                "2",
                "SESSID",
            ],
        ]
        .concat()
        .iter()
        .map(|w| w.to_string())
        .collect();
        words.extend(SECRET_WORD_ENDINGS.iter().map(|e| format!("MY{e}")));
        let camel = |w: &str| {
            let l = w.to_ascii_lowercase();
            let mut c = l.chars();
            c.next()
                .map_or(String::new(), |f| f.to_ascii_uppercase().to_string() + c.as_str())
        };
        let (mut names, mut blocked) = (0, 0);
        for (i, a) in words.iter().enumerate() {
            for b in words.iter().skip(i % 7).step_by(7) {
                for name in [
                    format!("{a}_{b}"),
                    format!("{a}{b}"),
                    format!(" {a}-{b}2 "),
                    format!("{}_{}", a.to_ascii_lowercase(), b.to_ascii_lowercase()),
                    format!("{}{}", a.to_ascii_lowercase(), camel(b)),
                    format!("{}{}", camel(a), camel(b)),
                    format!("{a}{}", camel(b)),
                ] {
                    let got = classify_secret_name(&name);
                    assert_eq!(got, two_views(&name), "{name:?}");
                    names += 1;
                    blocked += usize::from(!got.allowed());
                }
            }
        }
        // Both verdicts occur often: the comparison is not between constants.
        assert!(blocked > names / 10 && blocked < names * 9 / 10, "{blocked} of {names}");
    }

    /// INV-011: an env call's name is classified once, at validation
    /// (`CallArgs::env_builtin`), and the filter given that classification
    /// answers as the filter classifying the name itself, in every mode, with
    /// and without operator lists.
    #[test]
    fn inv_011_the_name_read_at_validation_gives_the_filter_the_same_verdict() {
        use crate::call_args::CallArgs;
        use crate::hostcall::HostcallKind;
        let names = [
            "HOME",
            "home",
            " PATH ",
            "GITHUB_TOKEN",
            "githubToken",
            "MY_SERVICE_PASSWORD",
            "DATABASE_URL",
            "CI",
            "BLOCKED_BY_OPERATOR",
            "ALLOWED_ONE",
            "",
            "   ",
            "__",
            "aws_secret_access_key",
            "TOKENIZERS_PARALLELISM",
        ];
        let cfg = |mode, allow: &[&str], block: &[&str]| EnvFilterConfig {
            mode,
            allow: allow.iter().map(|s| s.to_string()).collect(),
            block: block.iter().map(|s| s.to_string()).collect(),
        };
        let filters = [
            EnvFilter::new(&EnvFilterConfig::default()),
            EnvFilter::new(&cfg(EnvFilterMode::default(), &[], &["blocked_by_operator"])),
            EnvFilter::new(&cfg(EnvFilterMode::Allowlist, &["ALLOWED_ONE", "HOME"], &[])),
            EnvFilter::new(&cfg(EnvFilterMode::Allowlist, &["ALLOWED_ONE"], &["HOME"])),
        ];
        for name in names {
            let params = serde_json::json!({ "name": name });
            let args = CallArgs::read(HostcallKind::Env, &params);
            assert_eq!(args.env_builtin, Some(classify_secret_name(name)), "{name:?}");
            for f in &filters {
                assert_eq!(
                    f.check_read(args.name, args.env_builtin),
                    f.check(name),
                    "{name:?} in {f:?}"
                );
            }
        }
        let no_name = serde_json::json!({ "name": 7 });
        let args = CallArgs::read(HostcallKind::Env, &no_name);
        assert_eq!(args.env_builtin, None);
        assert_eq!(filters[0].check_read(args.name, args.env_builtin), EnvReason::EmptyName);
        let other = serde_json::json!({ "name": "GITHUB_TOKEN" });
        assert_eq!(CallArgs::read(HostcallKind::Tool, &other).env_builtin, None);
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
    fn slo_07_tokens_split_on_separators_case_and_trailing_digits() {
        assert_eq!(name_tokens("myApp.authToken"), ["MY", "APP", "AUTH", "TOKEN"]);
        assert_eq!(name_tokens("HTTPServerKey2"), ["HTTP", "SERVER", "KEY", "2"]);
        assert_eq!(name_tokens("JWT_SECRET_V2"), ["JWT", "SECRET", "V2"]);
        assert_eq!(name_tokens("NEO4J-URI"), ["NEO4J", "URI"]);
        assert!(name_tokens("__--..").is_empty());
    }

    #[test]
    fn slo_07_token_rules_block_variants_and_keep_lookalikes() {
        for n in [
            // Trailing qualifiers are ignored when judging.
            "MY_SERVICE_API_KEY_3",
            "BILLING_API_KEY_V3",
            "ACME_TOKEN_BACKUP",
            "ORDERS_DB_PASSWORD_STAGING",
            "ACME_PRIVATE_KEY_PEM",
            // Secret words anywhere, in any case style.
            "acmeClientSecret",
            "Payments__ApiKey",
            // Connection strings and store / broker URLs.
            "ORDERS_DB_URL",
            "INVENTORY_MONGO_URI_READONLY_PROD",
            "JOBS_BROKER_URL",
            "Data__ConnectionStrings__Orders",
            "MYSQLCONNSTR_orders",
            "EVENTS_KAFKA_SASL_PASSWORD",
            "EVENTS_SASL_JAAS_CONFIG",
            // Webhooks, session cookies, short password words.
            "ALERTS_WEBHOOK",
            "OPS_WEBHOOK_URL_2",
            "ASPSESSIONID",
            "APP_SID",
            "ADMIN_PW",
            "SERVICE_PASS_OLD",
        ] {
            assert!(
                !is_env_var_allowed(n),
                "{n} should be blocked ({:?})",
                classify_secret_name(n)
            );
        }
        for n in [
            "PWD",
            "OLDPWD",
            "OLD_PWD",
            "PATH",
            "NODE_ENV",
            "CI",
            "EDITOR",
            "KEYBOARD_LAYOUT",
            "TOKENIZERS_PARALLELISM",
            "PUBLIC_KEY",
            "ACME_PUBLISHABLE_KEY",
            "JWT_ISSUER",
            "ACCESS_TOKEN_TTL",
            "WEBHOOK_TIMEOUT",
            "KAFKA_SASL_MECHANISM",
            "DB_HOST",
            "DB_CONNECTION",
            "SESSION_DRIVER",
            "PS1",
            "API_BASE_URL",
        ] {
            assert!(is_env_var_allowed(n), "{n} should pass ({:?})", classify_secret_name(n));
        }
        for n in ["", "   ", "___", "-.-", "$$"] {
            assert_eq!(classify_secret_name(n), EnvReason::EmptyName, "{n:?}");
        }
    }

    /// INV-011: a name with a NUL, an `=` or a control character is refused
    /// before any rule reads it, by the built-in classification and so by the
    /// filter in every mode, whatever the operator's lists say: a C-string env
    /// shim would read the name cut at the NUL (`OPENAI_API_KEY`), which no
    /// rule judged.
    #[test]
    fn inv_011_names_with_nul_equals_or_control_characters_are_refused() {
        let bad = [
            "OPENAI_API_KEY\0x",
            "OPENAI_API_KEY\0",
            "\0",
            "HOME\0GITHUB_TOKEN",
            "INTERNAL_SETTING\0",
            "OPENAI_API_KEY=sk",
            "HOME=",
            "=HOME",
            "HOME\n",
            "HO\tME",
            "PATH\r",
            "PATH\u{7f}",
            "PATH\u{85}",
            "PATH\u{1b}[0m",
        ];
        let filters = [
            EnvFilter::new(&EnvFilterConfig::default()),
            EnvFilter::new(&EnvFilterConfig {
                block: vec!["INTERNAL_SETTING".into()],
                ..Default::default()
            }),
            EnvFilter::new(&EnvFilterConfig {
                mode: EnvFilterMode::Allowlist,
                allow: bad.iter().map(|n| n.to_string()).chain(["HOME".into()]).collect(),
                block: vec![],
            }),
        ];
        for name in bad {
            assert!(invalid_name_char(name).is_some(), "{name:?}");
            assert_eq!(classify_secret_name(name), EnvReason::InvalidName, "{name:?}");
            assert!(!is_env_var_allowed(name), "{name:?}");
            for f in &filters {
                assert_eq!(f.check(name), EnvReason::InvalidName, "{name:?} in {f:?}");
                assert_eq!(f.check_read(Some(name), None), EnvReason::InvalidName, "{name:?}");
            }
        }
        assert_eq!(invalid_name_char("OPENAI_API_KEY\0x"), Some(14));
        assert_eq!(EnvReason::InvalidName.as_str(), "invalid_name");
        // Blanks around a name, non-ASCII letters and the operator's own names stay readable.
        for name in [" HOME ", "HOME", "Ünïcode_NAME", "ALLOWED_ONE"] {
            assert_eq!(invalid_name_char(name), None, "{name:?}");
        }
        assert_eq!(filters[1].check("INTERNAL_SETTING"), EnvReason::BlockedOperator);
        assert!(filters[2].is_allowed("HOME"));
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
