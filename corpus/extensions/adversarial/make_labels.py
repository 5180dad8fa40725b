#!/usr/bin/env python3
"""Write <stem>.label.json beside every hostile source in this directory.

Ground truth comes from the sources themselves, never from the scanner:
  * `// PLANT: rule [rule ...]` (or `/* PLANT: ... */`) on a line plants one
    pattern per listed rule id on that line;
  * `// @desc: ...` gives the description, `// @obfuscation: ...` the
    obfuscation techniques (comma-separated).
The expected verdict is `forbidden` if any planted rule is a forbidden one,
else `flagged`. Run: python3 make_labels.py  (idempotent; output is sorted).
"""
import json
import pathlib
import re

FORBIDDEN = {
    "eval-call", "function-constructor", "process-binding", "process-dlopen", "forbidden-builtin",
    "parse-error", "dynamic-access", "exfiltration-chain", "fetch-and-run", "install-time-effect",
    "symlink-escape", "native-addon",
}
FLAGGED = {"child-process", "process-env", "os-module", "network-builtin", "dynamic-require", "dynamic-import", "install-script"}
PLANT = re.compile(r"PLANT:\s*([a-z\- ]+?)\s*(?:\*/|$)")
HERE = pathlib.Path(__file__).resolve().parent


def label(path: pathlib.Path) -> dict:
    desc, obf, planted = "", [], []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        m = re.search(r"@desc:\s*(.*)$", line)
        if m and not desc:
            desc = m.group(1).strip()
        m = re.search(r"@obfuscation:\s*(.*)$", line)
        if m and not obf:
            obf = [s.strip() for s in m.group(1).split(",") if s.strip()]
        for m in PLANT.finditer(line):
            for rule in m.group(1).split():
                if rule not in FORBIDDEN | FLAGGED:
                    raise SystemExit(f"{path.name}:{lineno}: unknown rule {rule!r}")
                planted.append({"rule": rule, "line": lineno})
    if not planted:
        raise SystemExit(f"{path.name}: no PLANT marker")
    if not desc:
        raise SystemExit(f"{path.name}: no @desc")
    families = sorted({p["rule"] for p in planted})
    verdict = "forbidden" if any(p["rule"] in FORBIDDEN for p in planted) else "flagged"
    return {
        "file": path.name,
        "description": desc,
        "families": families,
        "obfuscations": obf,
        "planted": planted,
        "expected_verdict": verdict,
    }


def main() -> None:
    sources = sorted(p for p in HERE.iterdir() if p.suffix in {".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".tsx", ".jsx"})
    for src in sources:
        out = src.with_name(src.stem + ".label.json")
        out.write_text(json.dumps(label(src), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(sources)} labels")


if __name__ == "__main__":
    main()
