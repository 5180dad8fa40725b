//! The typed form of a validated call (issue 15, "typed calls"): what
//! validation reads from a request's params, once, so that the risk features,
//! the prompt's resource class, the env filter and the connector read fields
//! instead of looking keys up in the JSON again. Strings are borrowed from the
//! request. An `http` call also carries its parsed request (`crate::http`).
//!
//! Two readers still walk the params as sent ([`CallArgs::raw`]), on purpose:
//! the ledger hashes exactly what crossed the boundary (a hash of the typed
//! form would give two different requests one hash), and a write whose
//! params hold text beside `content` ([`CallArgs::other_text`]: an edit's
//! `new_string`, a list of edits) has every string it carries judged as
//! code, whichever field a connector writes. A write of `content` alone is
//! judged from the typed field.

use crate::env::{classify_secret_name, EnvReason};
use crate::hostcall::{BuiltinTool, FsOp, HostcallKind};
use crate::http::HttpRequest;
use crate::tools::ToolEgress;
use serde_json::Value;
use std::sync::Arc;

/// Fields of an exec tool's `input` that carry no line the tool runs: prose
/// for the user (`description`: Claude Code, Gemini CLI, opencode;
/// `justification`: codex-cli; `explanation`: Cursor), the directory it runs
/// in and its environment, timeouts and output limits, ids of a running process, and flags sent
/// as strings (`is_input`: OpenHands). Path fields are names, not lines. Any
/// other string field (and the payload fields not chosen) is scored as a line
/// too ([`CallArgs::other_payloads`]).
const NOT_PAYLOAD: &[&str] = &[
    "description",
    "justification",
    "explanation",
    "reason",
    "summary",
    "title",
    "workdir",
    "cwd",
    "directory",
    "dir",
    "working_directory",
    "working_dir",
    "env",
    "timeout",
    "timeout_ms",
    "yield_time_ms",
    "max_output_tokens",
    "session_id",
    "shell_id",
    "bash_id",
    "run_in_background",
    "is_background",
    "is_input",
    "requires_approval",
    "with_escalated_permissions",
    "sandbox_permissions",
    "path",
    "file_path",
    "filename",
    "file",
    "paths",
    "target",
    "source",
    "dest",
];

/// The fields of one call's params, read once at validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallArgs<'a> {
    /// The params as sent.
    pub raw: &'a Value,
    /// `op`, as given (an `fs` call's operation).
    pub op: Option<&'a str>,
    /// `name`, as given: a `tool` call's tool, an `env` call's variable.
    pub name: Option<&'a str>,
    /// The operation the file-system connector performs: an `fs` call's `op`,
    /// or the one a built-in `read`, `ls` or `write` tool stands for.
    pub fs_op: Option<FsOp>,
    /// The path the connector acts on: an `fs` call's `path`; a tool's
    /// `input.path`, else its `input.file_path`.
    pub target: Option<&'a str>,
    /// Every path the params name, at the top level (`path`, `file_path`,
    /// `paths`, `target`) and in `input` (also `filename`, `file`, `source`,
    /// `dest`): risk scores them all, the worst one wins, so a decoy beside
    /// the path the connector uses changes nothing. [`CallArgs::target`] is
    /// always one of them.
    pub paths: Paths<'a>,
    /// The text a write puts: `content`, else `input.content` (a `content`
    /// that is not a string hides the other).
    pub content: Option<&'a str>,
    /// Whether the params carry text that [`CallArgs::content`] does not
    /// hold: any string, array or object under a field other than `op`
    /// naming a connector operation, `name`, `content`, `input`, the path fields a walk of written text
    /// passes over (`path`, `file_path`, `paths`, and in `input` also
    /// `filename`, `file`) and the text being replaced (`old`, `old_string`,
    /// `old_str` in `input`); a `content` that is not a string; two
    /// `content`s. When false, `content` is the only text the call could
    /// write ([`CallArgs::each_written_text`] need not walk the params).
    pub other_text: bool,
    /// `bytes`: the size of a write without content.
    pub bytes: Option<u64>,
    /// The command line: an `exec` call's `cmd`; a tool's payload, the first
    /// of `input.command`, `input.cmd` and `input.chars` it carries (`chars`:
    /// the text `write_stdin` types into a process a shell call started). A
    /// payload given as an argv array (`["bash", "-lc", "…"]`, what codex's
    /// shell tool sends and runs without a shell) is its first element here
    /// and the rest in [`CallArgs::exec_args`]: scored as the line it runs.
    pub command: Option<&'a str>,
    /// An `exec` call's `args`, or the elements after the first of a tool's
    /// argv payload (its string elements are the arguments).
    pub exec_args: &'a [Value],
    /// Why the command of an exec call (or exec tool) is not one a process
    /// could be started with (validation refuses an exec-capability call with
    /// one, [`CommandProblem::code`]; a tool without a payload is let
    /// through). None when the shape is sound.
    pub command_problem: Option<CommandProblem>,
    /// The parsed request of an `http` call: one parse for egress, risk and the connector.
    pub http: Option<HttpRequest>,
    /// An `env` call's name as the built-in secret rules classify it
    /// ([`crate::env::classify_secret_name`]), read once here for both the
    /// risk features and the env filter. None for other calls and for an
    /// `env` call without a string `name`.
    pub env_builtin: Option<EnvReason>,
    /// Where a tool of the config sends its input (`[tools]` `egress`,
    /// [`crate::tools::ToolEgress`]), set by validation from the registry;
    /// None for every other call.
    pub egress: Option<Arc<ToolEgress>>,
}

impl<'a> CallArgs<'a> {
    /// Read the fields of `params` for a call of `kind` (`fs`, `tool`, `exec`
    /// and `env`; the other kinds' are left empty): one pass over the
    /// top-level object and one over `input`. `http` is left empty
    /// (validation fills it in).
    pub fn read(kind: HostcallKind, params: &'a Value) -> CallArgs<'a> {
        Self::read_with(kind, params, &mut classify_secret_name)
    }

    /// [`CallArgs::read`], with an env name's built-in verdict from
    /// `classify` (the dispatcher's memo, `env_memo.rs`; it must give what
    /// [`classify_secret_name`] gives).
    pub fn read_with(
        kind: HostcallKind,
        params: &'a Value,
        classify: &mut dyn FnMut(&str) -> EnvReason,
    ) -> CallArgs<'a> {
        let mut a = CallArgs {
            raw: params,
            op: None,
            name: None,
            fs_op: None,
            target: None,
            paths: Paths::default(),
            content: None,
            other_text: false,
            bytes: None,
            command: None,
            exec_args: &[],
            command_problem: None,
            http: None,
            env_builtin: None,
            egress: None,
        };
        // Calls whose params no stage reads field by field (an `http` call's
        // are parsed by `crate::http`).
        let read = matches!(
            kind,
            HostcallKind::Fs | HostcallKind::Tool | HostcallKind::Exec | HostcallKind::Env
        );
        let Some(top) = params.as_object().filter(|_| read) else {
            return a;
        };
        let mut content: Option<&'a Value> = None;
        let mut input: Option<&'a Value> = None;
        let (mut exec_cmd, mut exec_args): (Option<&'a Value>, Option<&'a Value>) = (None, None);
        for (k, v) in top {
            match k.as_str() {
                "op" => {
                    a.op = v.as_str();
                    a.other_text |= carries_text(v) && !names_an_op(v);
                }
                "name" => a.name = v.as_str(),
                "path" => {
                    push_paths(&mut a.paths, v);
                    if kind == HostcallKind::Fs {
                        a.target = v.as_str();
                    }
                }
                "file_path" | "paths" => push_paths(&mut a.paths, v),
                "target" => {
                    push_paths(&mut a.paths, v);
                    a.other_text |= carries_text(v);
                }
                "content" => {
                    content = Some(v);
                    a.other_text |= !v.is_string() && carries_text(v);
                }
                "bytes" => {
                    a.bytes = v.as_u64();
                    a.other_text |= carries_text(v);
                }
                "cmd" if kind == HostcallKind::Exec => exec_cmd = Some(v),
                "args" if kind == HostcallKind::Exec => exec_args = Some(v),
                "input" => {
                    input = Some(v);
                    a.other_text |= !v.is_object() && carries_text(v);
                }
                _ => a.other_text |= carries_text(v),
            }
        }
        let mut input_content = None;
        if let Some(obj) = input.and_then(Value::as_object) {
            let (mut path, mut file_path, mut command, mut cmd, mut chars) = (None, None, None, None, None);
            for (k, v) in obj {
                match k.as_str() {
                    "path" => {
                        push_paths(&mut a.paths, v);
                        path = v.as_str();
                    }
                    "file_path" => {
                        push_paths(&mut a.paths, v);
                        file_path = v.as_str();
                    }
                    "filename" | "file" | "paths" => push_paths(&mut a.paths, v),
                    "target" | "source" | "dest" => {
                        push_paths(&mut a.paths, v);
                        a.other_text |= carries_text(v);
                    }
                    "content" => {
                        input_content = Some(v);
                        a.other_text |= !v.is_string() && carries_text(v);
                    }
                    "command" => {
                        command = Some(v);
                        a.other_text |= carries_text(v);
                    }
                    "cmd" => {
                        cmd = Some(v);
                        a.other_text |= carries_text(v);
                    }
                    "chars" => {
                        chars = Some(v);
                        a.other_text |= carries_text(v);
                    }
                    "name" | "old" | "old_string" | "old_str" => {}
                    _ => a.other_text |= carries_text(v),
                }
            }
            if kind == HostcallKind::Tool {
                a.target = path.or(file_path);
                let present = |v: Option<&'a Value>| v.filter(|v| !v.is_null());
                match present(command).or(present(cmd)).or(present(chars)) {
                    None => a.command_problem = Some(CommandProblem::Missing),
                    Some(Value::String(s)) => a.command = Some(s.as_str()),
                    Some(Value::Array(argv)) if argv.iter().all(Value::is_string) && !argv.is_empty() => {
                        a.command = argv[0].as_str();
                        a.exec_args = &argv[1..];
                    }
                    Some(_) => a.command_problem = Some(CommandProblem::NotText),
                }
            }
        } else if kind == HostcallKind::Tool {
            a.command_problem = Some(CommandProblem::Missing);
        }
        if kind == HostcallKind::Exec {
            match exec_cmd.filter(|v| !v.is_null()) {
                None => a.command_problem = Some(CommandProblem::Missing),
                Some(Value::String(s)) if s.trim().is_empty() => a.command_problem = Some(CommandProblem::Missing),
                Some(Value::String(s)) => a.command = Some(s.as_str()),
                Some(_) => a.command_problem = Some(CommandProblem::NotText),
            }
            let args_sound = match exec_args.filter(|v| !v.is_null()) {
                None => true,
                Some(Value::Array(items)) => {
                    a.exec_args = items.as_slice();
                    items.iter().all(Value::is_string)
                }
                Some(_) => false,
            };
            if !args_sound && a.command_problem.is_none() {
                a.command_problem = Some(CommandProblem::ArgsNotStrings);
            }
        }
        // Both `content`s: the second is a text `content` does not hold.
        a.other_text |= content.is_some() && input_content.is_some();
        a.content = content.or(input_content).and_then(Value::as_str);
        a.fs_op = match kind {
            HostcallKind::Fs => a.op.and_then(FsOp::parse),
            HostcallKind::Tool => match a.name.and_then(BuiltinTool::parse) {
                Some(BuiltinTool::Read) => Some(FsOp::Read),
                Some(BuiltinTool::Ls) => Some(FsOp::List),
                Some(BuiltinTool::Write) => Some(FsOp::Write),
                _ => None,
            },
            _ => None,
        };
        if kind == HostcallKind::Env {
            a.env_builtin = a.name.map(classify);
        }
        a
    }

    /// Whether the call deletes: an `op` or a tool name of a delete, in any
    /// case and with surrounding blanks, as the connector parses an op.
    pub fn deletes(&self) -> bool {
        let any = |s: Option<&str>, names: &[&str]| {
            s.is_some_and(|s| {
                let s = s.trim();
                names.iter().any(|n| n.eq_ignore_ascii_case(s))
            })
        };
        any(self.op, &["delete", "remove", "rm", "unlink", "rmdir"])
            || any(self.name, &["delete", "delete_file", "remove", "rm", "remove_file"])
    }

    /// `f` of every text the call could write ([`CallArgs::other_text`]):
    /// [`CallArgs::content`] alone when that is all it carries; otherwise
    /// every string of the params, at the top level, in `input` and below it,
    /// four levels down (edit tools spell their new text `new`, `new_string`,
    /// `content`, `edits[].new_text`, …), so whichever field the connector
    /// writes, its text is judged. Passed over: the call's own `op` when it
    /// names a connector operation (`write`: not text it writes), path
    /// fields (names, not content) and the text being replaced.
    pub fn each_written_text(&self, f: &mut impl FnMut(&'a str)) {
        if !self.other_text {
            if let Some(t) = self.content {
                f(t);
            }
            return;
        }
        self.each_text_in_params(f);
    }

    /// `f` of every string of the params that
    /// [`CallArgs::each_written_text`] judges as written text, found by
    /// walking them whatever [`CallArgs::other_text`] says (what that method
    /// does when it is true; the fuzz check `dispatch` holds the two equal).
    pub fn each_text_in_params(&self, f: &mut impl FnMut(&'a str)) {
        if let Some(top) = self.raw.as_object() {
            for (k, x) in top {
                let passed_over = names_no_written_text(k) || (k == "op" && names_an_op(x));
                if !passed_over {
                    each_string(x, 3, f);
                }
            }
        }
    }

    /// The other texts an exec tool's `input` carries beside its payload:
    /// every field whose value is a string or an array of strings, except the
    /// payload chosen ([`CallArgs::command`]) and the fields that carry no
    /// line ([`NOT_PAYLOAD`]). A tool's code may run any of them
    /// (`{script: "curl … | sh"}`, `{command: "ls", cmd: "…"}`), so risk
    /// scores each as a line, the worst one wins. Empty for other calls.
    pub fn other_payloads(&self) -> impl Iterator<Item = &'a Value> + 'a {
        // The field chosen as the payload: the first of command, cmd, chars present.
        let input = self.raw.get("input").and_then(Value::as_object);
        let chosen = input.and_then(|o| {
            ["command", "cmd", "chars"]
                .into_iter()
                .find(|k| o.get(*k).is_some_and(|v| !v.is_null()))
        });
        input.into_iter().flatten().filter_map(move |(k, v)| {
            let text = match v {
                Value::String(_) => true,
                Value::Array(items) => !items.is_empty() && items.iter().all(Value::is_string),
                _ => false,
            };
            (text && Some(k.as_str()) != chosen && !NOT_PAYLOAD.contains(&k.as_str())).then_some(v)
        })
    }

    /// The environment a call of `kind` gives the process it starts: the
    /// string-valued fields of an `env` or `environment` object, in an exec
    /// tool's `input` or at the top of an `exec` call's params (validation
    /// passes fields beside `cmd` and `args` to the connector, and a host
    /// that starts the process with them, as Node's `spawn` options do, gives
    /// them to it), as `NAME=value` (values that are not strings, and names
    /// that could not be a variable's, are left out). Risk reads them as
    /// assignments in front of the command, as `env NAME=value cmd` is read.
    /// Empty when there is none (the usual case: no allocation).
    pub fn exec_env(&self, kind: HostcallKind) -> Vec<String> {
        let from = if kind == HostcallKind::Exec {
            self.raw.as_object()
        } else {
            self.raw.get("input").and_then(Value::as_object)
        };
        let Some(from) = from else {
            return Vec::new();
        };
        ["env", "environment"]
            .iter()
            .filter_map(|k| from.get(*k).and_then(Value::as_object))
            .flatten()
            .filter(|(name, _)| !name.is_empty() && !name.contains('='))
            .filter_map(|(name, v)| v.as_str().map(|v| format!("{name}={v}")))
            .collect()
    }

    /// An `exec` call's string arguments (or a tool's argv after its first
    /// element), in order.
    pub fn exec_strings(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.exec_args.iter().filter_map(Value::as_str)
    }
}

/// Why an exec call's command cannot start a process as given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandProblem {
    /// No command: an `exec` call without a non-empty string `cmd` (refused);
    /// a tool without `input.command`, `input.cmd` or `input.chars` (not
    /// refused: scored as the empty line it types).
    Missing,
    /// The command is neither a string nor (for a tool) a non-empty array of
    /// strings: an object, a number, an argv with a non-string element.
    NotText,
    /// An `exec` call's `args` is not an array of strings.
    ArgsNotStrings,
}

impl CommandProblem {
    /// Stable reason code.
    pub fn code(self) -> &'static str {
        match self {
            CommandProblem::Missing => "exec_missing_command",
            CommandProblem::NotText => "exec_command_not_text",
            CommandProblem::ArgsNotStrings => "exec_args_not_strings",
        }
    }
}

/// The paths a call's params name, in the order read: the first
/// [`Paths::INLINE`] in place (a call names one or two; no allocation on the
/// dispatch path), the rest in a vector.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paths<'a> {
    inline: [&'a str; Paths::INLINE],
    len: usize,
    more: Vec<&'a str>,
}

impl<'a> Paths<'a> {
    const INLINE: usize = 3;

    fn push(&mut self, p: &'a str) {
        match self.inline.get_mut(self.len) {
            Some(slot) => *slot = p,
            None => self.more.push(p),
        }
        self.len += 1;
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.inline[..self.len.min(Self::INLINE)]
            .iter()
            .chain(&self.more)
            .copied()
    }
}

/// Fields whose strings are not text a write puts: paths (names, not
/// content), a tool's or variable's name, the text being replaced.
fn names_no_written_text(key: &str) -> bool {
    matches!(
        key,
        "path" | "file_path" | "filename" | "file" | "paths" | "name" | "old" | "old_string" | "old_str"
    )
}

/// `f` of every string in `v`, `depth` levels of arrays and objects down,
/// passing over the fields of [`names_no_written_text`].
fn each_string<'v>(v: &'v Value, depth: u8, f: &mut impl FnMut(&'v str)) {
    match v {
        Value::String(s) => f(s.as_str()),
        Value::Array(a) if depth > 0 => a.iter().for_each(|x| each_string(x, depth - 1, f)),
        Value::Object(o) if depth > 0 => {
            for (k, x) in o {
                if !names_no_written_text(k) {
                    each_string(x, depth - 1, f);
                }
            }
        }
        _ => {}
    }
}

/// Whether a top-level `op` names one of the file-system connector's
/// operations (`write`, `read`, …): an operation's name, not text a write
/// puts. Any other `op` is judged as text.
fn names_an_op(v: &Value) -> bool {
    v.as_str().and_then(FsOp::parse).is_some()
}

/// Whether a field's value may hold text: a string, or an array or object
/// (which may hold strings).
fn carries_text(v: &Value) -> bool {
    matches!(v, Value::String(_) | Value::Array(_) | Value::Object(_))
}

/// A path field: a string, or the strings of an array.
fn push_paths<'a>(paths: &mut Paths<'a>, v: &'a Value) {
    match v {
        Value::String(s) => paths.push(s.as_str()),
        Value::Array(items) => items.iter().filter_map(Value::as_str).for_each(|p| paths.push(p)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// SLO-11 (no miss by spelling): the path the connector acts on is always
    /// among the paths risk scores, whatever decoys sit beside it and
    /// whichever spelling the tool uses.
    #[test]
    fn slo_11_the_connector_target_is_always_scored() {
        let cases = [
            (
                HostcallKind::Fs,
                json!({"op": "read", "path": "a.txt", "target": "decoy"}),
            ),
            (
                HostcallKind::Tool,
                json!({"name": "read", "path": "decoy", "input": {"file_path": "/home/u/.ssh/id_rsa"}}),
            ),
            (
                HostcallKind::Tool,
                json!({"name": "write", "input": {"path": "x", "file_path": "y", "dest": ["z", 3]}}),
            ),
            (
                HostcallKind::Tool,
                json!({"name": "read", "input": {"path": 7, "file_path": "y"}}),
            ),
        ];
        for (kind, p) in &cases {
            let a = CallArgs::read(*kind, p);
            let t = a.target.expect("each case names a target");
            assert!(a.paths.iter().any(|p| p == t), "{p}: target {t:?} not in {:?}", a.paths);
        }
        let a = CallArgs::read(HostcallKind::Tool, &cases[2].1);
        assert_eq!(a.target, Some("x"), "input.path comes before input.file_path");
        let mut paths: Vec<&str> = a.paths.iter().collect();
        paths.sort_unstable();
        assert_eq!(
            paths,
            ["x", "y", "z"],
            "every path-like field, the string elements of arrays"
        );
        let a = CallArgs::read(HostcallKind::Tool, &cases[3].1);
        assert_eq!(
            a.target,
            Some("y"),
            "a non-string input.path falls back to input.file_path"
        );
    }

    /// SLO-11: a delete is one in the spelling the connector accepts
    /// (`FsOp::parse` trims and ignores case), so `" RM "` is scored as the
    /// delete it performs.
    #[test]
    fn slo_11_a_delete_is_one_in_any_case() {
        for op in ["rm", "RM", " Delete ", "rmdir"] {
            assert!(CallArgs::read(HostcallKind::Fs, &json!({"op": op})).deletes(), "{op:?}");
        }
        assert!(CallArgs::read(HostcallKind::Tool, &json!({"name": "Remove_File"})).deletes());
        assert!(!CallArgs::read(HostcallKind::Fs, &json!({"op": "write"})).deletes());
    }

    /// INV-002: the typed fields are the params' own values; a field of the
    /// wrong type is absent, never coerced.
    #[test]
    fn inv_002_typed_args_read_the_params_as_given() {
        let p = json!({"op": "WRITE", "path": "f", "content": "hi", "input": {"content": "other"}});
        let a = CallArgs::read(HostcallKind::Fs, &p);
        assert_eq!(
            (a.op, a.fs_op, a.target, a.content),
            (Some("WRITE"), Some(FsOp::Write), Some("f"), Some("hi"))
        );
        let p = json!({"op": "write", "path": "f", "content": 5, "input": {"content": "other"}});
        assert_eq!(
            CallArgs::read(HostcallKind::Fs, &p).content,
            None,
            "a non-string content hides input.content"
        );
        let p = json!({"op": "write", "path": "f", "bytes": 12});
        assert_eq!(CallArgs::read(HostcallKind::Fs, &p).bytes, Some(12));
        let p = json!({"cmd": "git", "args": ["status", 1, "-s"]});
        let a = CallArgs::read(HostcallKind::Exec, &p);
        assert_eq!(a.command, Some("git"));
        assert_eq!(a.exec_strings().collect::<Vec<_>>(), ["status", "-s"]);
        let p = json!({"name": "bash", "input": {"command": 1, "cmd": "rm -rf /"}});
        assert_eq!(
            CallArgs::read(HostcallKind::Tool, &p).command,
            None,
            "command hides cmd"
        );
        let p = json!({"name": "bash", "input": {"cmd": "ls"}, "cmd": "ignored"});
        assert_eq!(CallArgs::read(HostcallKind::Tool, &p).command, Some("ls"));
        let p = json!({"name": " LS ", "input": {"path": "d"}});
        let a = CallArgs::read(HostcallKind::Tool, &p);
        assert_eq!((a.fs_op, a.name), (Some(FsOp::List), Some(" LS ")));
        assert!(CallArgs::read(HostcallKind::Fs, &json!({"op": "rm", "path": "x"})).deletes());
        assert!(CallArgs::read(HostcallKind::Tool, &json!({"name": "delete_file"})).deletes());
        assert!(!CallArgs::read(HostcallKind::Fs, &json!({"op": "read", "path": "rm"})).deletes());
        assert!(CallArgs::read(HostcallKind::Log, &json!([1])).paths.is_empty());
        // Past the inline slots the paths go on in order (the top level, then `input`).
        let p = json!({"paths": ["a", "b", "c", "d", "e"], "input": {"path": "f"}});
        let a = CallArgs::read(HostcallKind::Tool, &p);
        assert_eq!(a.paths.len(), 6);
        assert_eq!(a.paths.iter().collect::<Vec<_>>(), ["a", "b", "c", "d", "e", "f"]);
    }

    /// SLO-11 (no text of a write goes unjudged) and SLO-14 (no walk of the
    /// params when `content` is all there is): the typed written text is
    /// every text a walk of the params finds, for each shape an edit or write
    /// tool sends; `other_text` is false only when `content` holds it all.
    #[test]
    fn slo_11_typed_written_text_is_every_text_the_params_carry() {
        let cases = [
            (
                HostcallKind::Fs,
                json!({"op": "write", "path": "f", "content": "a=b"}),
                false,
            ),
            (HostcallKind::Fs, json!({"op": "write", "path": "f", "bytes": 3}), false),
            (
                HostcallKind::Tool,
                json!({"name": "write", "input": {"path": "f", "content": "x"}}),
                false,
            ),
            (
                HostcallKind::Tool,
                json!({"name": "write", "input": {"file_path": "f", "content": "x", "timeout": 3}}),
                false,
            ),
            (
                HostcallKind::Tool,
                json!({"name": "edit", "input": {"path": "f", "old_string": "a", "new_string": "b"}}),
                true,
            ),
            (
                HostcallKind::Tool,
                json!({"name": "edit", "input": {"path": "f", "edits": [{"old_text": "a", "new_text": "b"}]}}),
                true,
            ),
            (
                HostcallKind::Fs,
                json!({"op": "write", "path": "f", "target": "[core]\npager = x"}),
                true,
            ),
            (
                HostcallKind::Fs,
                json!({"op": "write", "path": "f", "content": ["a", "b"]}),
                true,
            ),
            (
                HostcallKind::Fs,
                json!({"op": "write", "path": "f", "content": "a", "input": {"content": "b"}}),
                true,
            ),
            (
                HostcallKind::Fs,
                json!({"op": "write", "path": "f", "bytes": "pager = x"}),
                true,
            ),
            (
                HostcallKind::Fs,
                json!({"op": "write", "path": "f", "input": "text"}),
                true,
            ),
            (
                HostcallKind::Tool,
                json!({"name": "write", "input": {"path": "f", "dest": "d", "source": "s"}}),
                true,
            ),
            (
                HostcallKind::Tool,
                json!({"name": "write", "input": {"path": "f", "content": {"a": "b"}}}),
                true,
            ),
            (
                HostcallKind::Tool,
                json!({"name": "x", "input": {"op": "write", "content": "c"}}),
                true,
            ),
        ];
        for (kind, p, other) in cases {
            let a = CallArgs::read(kind, &p);
            assert_eq!(a.other_text, other, "{p}");
            let (mut typed, mut walked) = (Vec::new(), Vec::new());
            a.each_written_text(&mut |t| typed.push(t));
            a.each_text_in_params(&mut |t| walked.push(t));
            assert_eq!(typed, walked, "{p}");
        }
        // The call's own `op` names an operation, not text a write puts (as
        // judged text, `write` read as an unknown program made every write
        // to a persistence path harmful); path fields and the text being
        // replaced are not written text either.
        let texts = |kind, p: &Value| {
            let a = CallArgs::read(kind, p);
            let mut v: Vec<String> = Vec::new();
            a.each_written_text(&mut |t| v.push(t.to_string()));
            v
        };
        let p = json!({"op": "write", "path": ".git/hooks/pre-commit", "content": "npm test"});
        assert_eq!(texts(HostcallKind::Fs, &p), ["npm test"]);
        let p = json!({"op": "[core]\n\tpager = x", "path": "f", "content": "c"});
        assert_eq!(texts(HostcallKind::Fs, &p), ["c", "[core]\n\tpager = x"]);
        let p = json!({"op": "write", "path": "f", "target": "t", "content": "c"});
        assert_eq!(texts(HostcallKind::Fs, &p), ["c", "t"]);
        let p = json!({"name": "edit", "input": {"file_path": "f", "old_string": "a", "new_string": "b", "op": "o"}});
        assert_eq!(texts(HostcallKind::Tool, &p), ["b", "o"]);
    }
}
