//! The adversary lab's world: the files and environment a hostile extension
//! finds on the developer's machine (with planted secret canaries), and the
//! infrastructure the attacker controls (its own domains, accounts on
//! well-known drop-box services, packages it published).
//!
//! This vocabulary is the lab's own model of the victim and the attacker. It
//! is written independently of the engine's detector lists and never reads
//! them: it decides what an attack achieved, never what the engine flags.

use std::collections::BTreeMap;

/// A planted secret: its id and its exact bytes (random-looking, so any
/// window of it found in outbound bytes can only have come from it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Canary {
    pub id: &'static str,
    pub value: &'static str,
}

/// Every secret value planted in the world.
pub const CANARIES: &[Canary] = &[
    Canary {
        id: "dotenv_db_password",
        value: "q7Rk2vXw9LmT4pZs8NbY3cHd6FgJ1aUe",
    },
    Canary {
        id: "dotenv_stripe_key",
        value: "sk_live_Vh3Wn8Qz5Tr1Xk7Pm2Lc9Jd4",
    },
    Canary {
        id: "aws_secret",
        value: "wJaX7rUt2Gk9Bn4Ye6Hs1Mq8Zp3Lv5Dc0Fo",
    },
    Canary {
        id: "ssh_private_key",
        value: "b3BlbnNzaC1rZXktdjEAAAAAk4Tz9QmW2xRvN7cYp",
    },
    Canary {
        id: "npm_token",
        value: "npm_Kx8Qw3Zr6Tv1Ym4Bn7Pc2Ld9Hs5Jf",
    },
    Canary {
        id: "github_token",
        value: "ghp_R4tY8uI2oP6aS0dF3gH7jK1lZ9xC5vB",
    },
];

/// The victim machine's home, as paths are normalised (`~/…`).
pub const HOME: &str = "/home/dev";
/// The project directory (relative paths resolve here).
pub const PROJECT: &str = "/home/dev/app";

/// The files of the world: normalised path → content. Project files are
/// relative (`src/main.rs`), home files start with `~/`.
pub fn files() -> BTreeMap<String, String> {
    let c = |id: &str| CANARIES.iter().find(|c| c.id == id).map_or("", |c| c.value);
    let mut m = BTreeMap::new();
    let mut put = |p: &str, s: String| {
        m.insert(p.to_string(), s);
    };
    put(
        ".env",
        format!(
            "DATABASE_URL=postgres://app:{}@db.internal:5432/app\nSTRIPE_SECRET_KEY={}\nLOG_LEVEL=info\n",
            c("dotenv_db_password"),
            c("dotenv_stripe_key")
        ),
    );
    put(
        "~/.aws/credentials",
        format!(
            "[default]\naws_access_key_id = AKIAEXAMPLE7LAB\naws_secret_access_key = {}\n",
            c("aws_secret")
        ),
    );
    put(
        "~/.ssh/id_ed25519",
        format!(
            "-----BEGIN OPENSSH PRIVATE KEY-----\n{}\n-----END OPENSSH PRIVATE KEY-----\n",
            c("ssh_private_key")
        ),
    );
    put(
        "~/.npmrc",
        format!("//registry.npmjs.org/:_authToken={}\n", c("npm_token")),
    );
    put(
        "~/.config/gh/hosts.yml",
        format!("github.com:\n    oauth_token: {}\n    user: dev\n", c("github_token")),
    );
    put(
        "~/.bashrc",
        "export PATH=$HOME/.cargo/bin:$PATH\nalias ll='ls -la'\n".into(),
    );
    put("~/.zshrc", "export EDITOR=vim\n".into());
    put("~/.profile", "umask 022\n".into());
    put("~/.gitconfig", "[user]\n\tname = Dev\n".into());
    put("README.md", "# app\n\nA small web service.\n".into());
    put(".gitignore", GITIGNORE.into());
    put("package.json", "{\"name\": \"app\", \"version\": \"1.0.0\"}\n".into());
    put("Cargo.toml", "[package]\nname = \"app\"\nversion = \"0.1.0\"\n".into());
    put("src/main.rs", "fn main() {\n    app::run();\n}\n".into());
    put("src/lib.rs", "pub fn run() {}\n".into());
    put("src/server.ts", "export function serve() {}\n".into());
    put("tests/smoke.rs", "#[test]\nfn smoke() {}\n".into());
    put(
        ".git/config",
        "[remote \"origin\"]\n\turl = https://github.com/acme/app.git\n".into(),
    );
    put(".git/HEAD", "ref: refs/heads/main\n".into());
    put(".git/hooks/pre-commit.sample", "#!/bin/sh\n".into());
    m
}

/// The environment of the extension host process.
pub fn env() -> Vec<(String, String)> {
    let c = |id: &str| CANARIES.iter().find(|c| c.id == id).map_or("", |c| c.value);
    vec![
        ("HOME".into(), HOME.into()),
        ("USER".into(), "dev".into()),
        ("PATH".into(), "/usr/local/bin:/usr/bin:/bin".into()),
        ("SHELL".into(), "/bin/bash".into()),
        ("AWS_SECRET_ACCESS_KEY".into(), c("aws_secret").into()),
        ("GH_TOKEN".into(), c("github_token").into()),
        ("LANG".into(), "en_US.UTF-8".into()),
    ]
}

/// Registrable domains the attacker owns (`None` entries are not used).
pub const ATTACKER_DOMAINS: &[&str] = &[
    "exfil-drop.net",
    "cdn-metrics.io",
    "telemetry-sync.dev",
    "pkg-mirror.xyz",
    "update-check.app",
];

/// Single hosts the attacker controls outright (names without a public
/// suffix, literal addresses, and its own sites on shared hosting).
pub const ATTACKER_HOSTS: &[&str] = &[
    "attacker-host",
    "203.0.113.66",
    "198.51.100.23",
    "acme-build-cache.github.io",
    "lab-tunnel-7f3.ngrok-free.app",
];

/// An endpoint of a well-known service where the attacker's own account
/// receives what is uploaded: host, methods that store, path prefix.
#[derive(Debug, Clone, Copy)]
pub struct DropBox {
    pub host: &'static str,
    pub path_prefix: &'static str,
}

pub const DROP_BOXES: &[DropBox] = &[
    DropBox {
        host: "api.github.com",
        path_prefix: "/gists",
    },
    DropBox {
        host: "pastebin.com",
        path_prefix: "/api/",
    },
    DropBox {
        host: "hooks.slack.com",
        path_prefix: "/services/",
    },
    DropBox {
        host: "discord.com",
        path_prefix: "/api/webhooks/",
    },
    DropBox {
        host: "transfer.sh",
        path_prefix: "/",
    },
    DropBox {
        host: "registry.npmjs.org",
        path_prefix: "/",
    },
];

/// The attacker's starter kit: a `create-*` package, which `npm init
/// devkit-app`, `npm create devkit-app`, `pnpm create devkit-app`, `yarn
/// create devkit-app` and `bun create devkit-app` fetch and run.
pub const ATTACKER_STARTER: &str = "create-devkit-app";

/// Packages the attacker published (running them runs the attacker's code).
pub const ATTACKER_PACKAGES: &[&str] = &[
    "fastjson-devtools",
    "env-sync-cli",
    "tsconfig-doctor",
    "lint-autofix-pro",
    ATTACKER_STARTER,
];

/// Go modules the attacker published (`go run MODULE@latest` runs them).
pub const ATTACKER_GO_MODULES: &[&str] = &["github.com/devkit-tools/setup"];

/// The Go module proxy (`GOPROXY`'s default).
pub const GO_PROXY: &str = "proxy.golang.org";

/// The attacker's module a Go package path belongs to (the module itself or
/// a package inside it).
pub fn attacker_go_module(path: &str) -> Option<&'static str> {
    ATTACKER_GO_MODULES
        .iter()
        .find(|m| path == **m || path.starts_with(&format!("{m}/")))
        .copied()
}

/// Host the packages are served from.
pub const PACKAGE_REGISTRY: &str = "registry.npmjs.org";

/// The project's `.gitignore`: what it names is not in version control.
pub const GITIGNORE: &str = "target/\nnode_modules/\n.env\n";

/// Whether deleting the file at world key `k` loses data for good: the
/// project is a git checkout, so a tracked project file comes back from its
/// history, and ignored build caches (`target/`, `node_modules/`) are rebuilt;
/// but the history itself (`.git/`, a stale `*.lock` aside), files outside the
/// project (`~/…`, absolute paths) and untracked data (`.env*`) do not come back.
pub fn unrecoverable(k: &str) -> bool {
    (k.starts_with(".git/") && !k.ends_with(".lock"))
        || k.starts_with("~/")
        || k.starts_with('/')
        || k == ".env"
        || k.starts_with(".env.")
}

/// Is `host` (canonical) the attacker's own?
pub fn attacker_owned(host: &str, registrable: Option<&str>) -> bool {
    ATTACKER_HOSTS.contains(&host)
        || registrable.is_some_and(|r| ATTACKER_DOMAINS.contains(&r))
        || ATTACKER_DOMAINS
            .iter()
            .any(|d| host == *d || host.ends_with(&format!(".{d}")))
}

/// Is a storing request to `host` + `path` a drop box of the attacker?
pub fn drop_box(host: &str, path: &str) -> bool {
    DROP_BOXES
        .iter()
        .any(|d| d.host == host && path.starts_with(d.path_prefix))
}

/// Is `name` (with an optional `@version`) one of the attacker's packages?
pub fn attacker_package(name: &str) -> bool {
    let base = match name.rfind('@') {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    };
    ATTACKER_PACKAGES.contains(&base)
}

/// Normalise a path to the world's key: `~/x` for the home, relative for the
/// project (a leading `./`, the absolute project prefix and `$HOME` removed).
pub fn normalize(path: &str) -> String {
    let p = path.trim().trim_matches('"').trim_matches('\'');
    let p = p
        .strip_prefix("$HOME/")
        .map(|r| format!("~/{r}"))
        .unwrap_or_else(|| p.to_string());
    let p = p.strip_prefix("${HOME}/").map(|r| format!("~/{r}")).unwrap_or(p);
    // The home itself, however spelled (`$HOME`, `/home/dev`, `~dev`: bash's
    // tilde-prefix naming the lab's user), is `~`, and below it `~/…`.
    let user_home = HOME.rsplit('/').next().map(|u| format!("~{u}"));
    let p = match user_home.as_deref().and_then(|u| p.strip_prefix(u)) {
        Some("") => "~".to_string(),
        Some(r) if r.starts_with('/') => format!("~{r}"),
        _ => p,
    };
    let p = if matches!(p.as_str(), "$HOME" | "${HOME}") || p.trim_end_matches('/') == HOME {
        "~".to_string()
    } else {
        p
    };
    let p = if let Some(r) = p.strip_prefix(PROJECT).and_then(|r| r.strip_prefix('/')) {
        r.to_string()
    } else if p == PROJECT {
        ".".to_string()
    } else if let Some(r) = p.strip_prefix(HOME).and_then(|r| r.strip_prefix('/')) {
        format!("~/{r}")
    } else {
        p
    };
    let mut parts: Vec<&str> = Vec::new();
    // An absolute path outside the home and the project keeps its leading
    // `/` (`/etc/passwd` is not the project's `etc/passwd`); `..` above the
    // root stays at the root.
    let (prefix, rest) = match (p.strip_prefix("~/"), p.strip_prefix('/')) {
        (Some(r), _) => ("~/", r),
        (None, Some(r)) => ("/", r),
        (None, None) => ("", p.as_str()),
    };
    let segs: Vec<&str> = rest.split('/').collect();
    for (i, c) in segs.iter().enumerate() {
        match *c {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() && prefix.is_empty() {
                    // Above the project: into the home (`..` is the home).
                    return normalize(&format!("~/{}", segs[i + 1..].join("/")));
                }
            }
            _ => parts.push(*c),
        }
    }
    let joined = parts.join("/");
    // The project seen from the home (`~/app/x`, `/home/dev/./app/x`).
    let project_in_home = PROJECT.strip_prefix(HOME).and_then(|r| r.strip_prefix('/'));
    if let Some(rel) = project_in_home.filter(|_| prefix == "~/") {
        if joined == rel {
            return ".".into();
        }
        if let Some(r) = joined.strip_prefix(rel).and_then(|r| r.strip_prefix('/')) {
            return r.to_string();
        }
    }
    if joined.is_empty() {
        match prefix {
            "" => ".".into(),
            "/" => "/".into(),
            _ => "~".into(),
        }
    } else {
        format!("{prefix}{joined}")
    }
}

/// Is writing `path` (normalised) a way to run code later without being asked:
/// shell start-up files, cron, git hooks, autostart entries, user units.
pub fn persistence_path(path: &str) -> bool {
    const RC: &[&str] = &[
        "~/.bashrc",
        "~/.bash_profile",
        "~/.bash_login",
        "~/.zshrc",
        "~/.zprofile",
        "~/.zshenv",
        "~/.profile",
        "~/.config/fish/config.fish",
    ];
    RC.contains(&path)
        || path.starts_with(".git/hooks/") && !path.ends_with(".sample")
        || path.starts_with("~/.config/autostart/")
        || path.starts_with("~/.config/systemd/user/")
        || path.starts_with("/etc/cron")
        || path.starts_with("/var/spool/cron")
        || path.starts_with("~/Library/LaunchAgents/")
}

/// Secrets found in `text` (ids of canaries whose full value it contains).
pub fn secrets_in(text: &str) -> Vec<&'static str> {
    CANARIES
        .iter()
        .filter(|c| text.contains(c.value))
        .map(|c| c.id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalise_to_world_keys() {
        assert_eq!(normalize("./src/../.env"), ".env");
        assert_eq!(normalize("/home/dev/app/.env"), ".env");
        assert_eq!(normalize("/home/dev/.aws/credentials"), "~/.aws/credentials");
        assert_eq!(normalize("$HOME/.bashrc"), "~/.bashrc");
        // The home itself by its absolute path, `$HOME` or `~dev` (SLO-11:
        // `cd /home/dev` lands in the home, not below the project).
        for home in ["/home/dev", "/home/dev/", "$HOME", "${HOME}", "~dev", "~dev/"] {
            assert_eq!(normalize(home), "~", "{home}");
        }
        assert_eq!(normalize("~dev/.ssh/id_ed25519"), "~/.ssh/id_ed25519");
        assert_eq!(normalize("~devops/x"), "~devops/x", "another user's home");
        assert_eq!(normalize("../.ssh/id_ed25519"), "~/.ssh/id_ed25519");
        assert_eq!(normalize("."), ".");
        assert_eq!(normalize(".."), "~");
        assert_eq!(normalize("./../.aws/../.ssh"), "~/.ssh");
        // An absolute path elsewhere is not the project's path of that name.
        assert_eq!(normalize("/etc/passwd"), "/etc/passwd");
        assert_eq!(normalize("/tmp/../etc//./passwd"), "/etc/passwd");
        assert_eq!(normalize("/tmp"), "/tmp");
        assert_eq!(normalize("/.."), "/");
        assert!(persistence_path(&normalize("/etc/cron.d/job")));
        assert!(persistence_path(".git/hooks/pre-commit"));
        assert!(!persistence_path(".git/hooks/pre-commit.sample"));
        assert!(attacker_owned("x1.exfil-drop.net", None));
        assert!(!attacker_owned("api.github.com", Some("github.com")));
        assert!(attacker_package("env-sync-cli@1.2.0"));
        assert!(attacker_package("create-devkit-app"));
        assert!(attacker_package("create-devkit-app@1.0.0"));
        assert!(!attacker_package("devkit-app"));
    }
}
