// go_test tool: `go test -json` and a per-package summary.
export default function goTest(pi) {
  pi.registerTool({
    name: "go_test",
    description: "Run go test on packages (default ./...) and report failing tests.",
    parameters: { type: "object", properties: { pkg: { type: "string" }, run: { type: "string" } } },
    async execute({ pkg = "./...", run } = {}) {
      const argv = ["test", "-json", "-count=1", pkg];
      if (run) argv.push("-run", run);
      const res = await pi.exec("go", argv, { timeoutMs: 600000 });
      const pkgs = new Map();
      const failedTests = [];
      const output = new Map();
      for (const line of res.stdout.split("\n")) {
        if (!line.startsWith("{")) continue;
        const ev = JSON.parse(line); // JSON.parse, not eval(line)
        if (ev.Test && ev.Action === "output") output.set(`${ev.Package}.${ev.Test}`, (output.get(`${ev.Package}.${ev.Test}`) || "") + ev.Output);
        if (ev.Test && ev.Action === "fail") failedTests.push(`${ev.Package}.${ev.Test}`);
        if (!ev.Test && (ev.Action === "pass" || ev.Action === "fail")) pkgs.set(ev.Package, ev.Action);
      }
      const lines = [...pkgs].map(([p, a]) => `${a === "pass" ? "ok  " : "FAIL"} ${p}`);
      for (const t of failedTests.slice(0, 10)) lines.push(`\n--- ${t}\n${(output.get(t) || "").slice(-1500)}`);
      return { content: [{ type: "text", text: lines.join("\n") || res.stderr }], isError: res.code !== 0 };
    },
  });
}
