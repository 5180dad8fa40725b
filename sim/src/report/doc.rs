//! A tiny document model (headings, paragraphs, tables, code, images) rendered
//! both to Markdown (`report.md`, images by file name) and to one
//! self-contained HTML page (`report.html`, PNGs inlined as base64), so the two
//! reports always say the same thing.

use base64::Engine as _;
use std::path::Path;

pub enum Block {
    Heading(u8, String),
    Para(String),
    /// Header row, then rows.
    Table(Vec<String>, Vec<Vec<String>>),
    Code(String, String),
    /// File name in the run directory, alt text.
    Image(String, String),
    /// Raw marker line (Markdown comment / HTML comment).
    Marker(String),
    List(Vec<String>),
}

pub fn md(blocks: &[Block]) -> String {
    let mut s = String::new();
    for b in blocks {
        match b {
            Block::Heading(l, t) => {
                s.push_str(&"#".repeat(*l as usize));
                s.push(' ');
                s.push_str(t);
                s.push_str("\n\n");
            }
            Block::Para(t) => {
                s.push_str(t);
                s.push_str("\n\n");
            }
            Block::Table(h, rows) => {
                let esc = |c: &String| c.replace('|', "\\|");
                s.push_str(&format!("| {} |\n", h.iter().map(esc).collect::<Vec<_>>().join(" | ")));
                s.push_str(&format!("|{}\n", "---|".repeat(h.len())));
                for r in rows {
                    s.push_str(&format!("| {} |\n", r.iter().map(esc).collect::<Vec<_>>().join(" | ")));
                }
                s.push('\n');
            }
            Block::Code(lang, t) => {
                s.push_str(&format!("```{lang}\n{t}"));
                if !t.ends_with('\n') {
                    s.push('\n');
                }
                s.push_str("```\n\n");
            }
            Block::Image(file, alt) => s.push_str(&format!("![{alt}]({file})\n\n")),
            Block::Marker(m) => s.push_str(&format!("<!-- {m} -->\n\n")),
            Block::List(items) => {
                for i in items {
                    s.push_str(&format!("- {i}\n"));
                }
                s.push('\n');
            }
        }
    }
    s
}

fn esc(t: &str) -> String {
    t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Inline `code` spans and **bold** of the Markdown subset the report uses.
fn inline(t: &str) -> String {
    let mut out = String::new();
    let e = esc(t);
    let mut code = false;
    for (i, part) in e.split('`').enumerate() {
        if i > 0 {
            out.push_str(if code { "</code>" } else { "<code>" });
            code = !code;
        }
        if code {
            out.push_str(part);
        } else {
            let mut bold = false;
            for (j, p) in part.split("**").enumerate() {
                if j > 0 {
                    out.push_str(if bold { "</strong>" } else { "<strong>" });
                    bold = !bold;
                }
                out.push_str(p);
            }
            if bold {
                out.push_str("</strong>");
            }
        }
    }
    if code {
        out.push_str("</code>");
    }
    out
}

/// Render HTML; images are read from `dir` and inlined.
pub fn html(title: &str, blocks: &[Block], dir: &Path) -> String {
    let mut s = String::new();
    s.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str(&format!("<title>{}</title>\n", esc(title)));
    s.push_str(
        "<style>\nbody{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}\n\
table{border-collapse:collapse;margin:1em 0;font-size:0.9em}\n\
th,td{border:1px solid #bbb;padding:0.25em 0.6em;text-align:left}\nth{background:#eee}\n\
code,pre{background:#f4f4f4}\npre{padding:0.8em;overflow-x:auto}\nimg{max-width:100%}\n</style>\n</head>\n<body>\n",
    );
    for b in blocks {
        match b {
            Block::Heading(l, t) => s.push_str(&format!("<h{l}>{}</h{l}>\n", inline(t))),
            Block::Para(t) => s.push_str(&format!("<p>{}</p>\n", inline(t))),
            Block::Table(h, rows) => {
                s.push_str("<table>\n<tr>");
                for c in h {
                    s.push_str(&format!("<th>{}</th>", inline(c)));
                }
                s.push_str("</tr>\n");
                for r in rows {
                    s.push_str("<tr>");
                    for c in r {
                        s.push_str(&format!("<td>{}</td>", inline(c)));
                    }
                    s.push_str("</tr>\n");
                }
                s.push_str("</table>\n");
            }
            Block::Code(_, t) => s.push_str(&format!("<pre><code>{}</code></pre>\n", esc(t))),
            Block::Image(file, alt) => match std::fs::read(dir.join(file)) {
                Ok(bytes) => {
                    let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
                    s.push_str(&format!(
                        "<p><img alt=\"{}\" src=\"data:image/png;base64,{b64}\"></p>\n",
                        esc(alt)
                    ));
                }
                Err(_) => s.push_str(&format!("<p>[missing image {}]</p>\n", esc(file))),
            },
            Block::Marker(m) => s.push_str(&format!("<!-- {} -->\n", esc(m))),
            Block::List(items) => {
                s.push_str("<ul>\n");
                for i in items {
                    s.push_str(&format!("<li>{}</li>\n", inline(i)));
                }
                s.push_str("</ul>\n");
            }
        }
    }
    s.push_str("</body>\n</html>\n");
    s
}
