// npm_latest tool: latest published versions of packages from the npm registry.
// Handy for names that merely look like node builtins, e.g. "os-locale",
// "http-status-codes", "netmask", "vm-browserify" — they are ordinary packages.
export default function npmLatest(pi) {
  pi.registerTool({
    name: "npm_latest",
    description: "Look up the latest version and publish date of npm packages.",
    parameters: { type: "object", properties: { packages: { type: "array", items: { type: "string" }, maxItems: 20 } }, required: ["packages"] },
    async execute({ packages }) {
      const rows = [];
      for (const name of packages.slice(0, 20)) {
        const url = `https://registry.npmjs.org/${name.replace("/", "%2f")}`;
        const res = await pi.http({ url, method: "GET", headers: { accept: "application/vnd.npm.install-v1+json" } });
        if (res.status !== 200) {
          rows.push(`${name}: not found (${res.status})`);
          continue;
        }
        const doc = JSON.parse(res.body);
        const latest = doc["dist-tags"] && doc["dist-tags"].latest;
        rows.push(`${name}@${latest}  (modified ${String(doc.modified).slice(0, 10)})`);
      }
      return { content: [{ type: "text", text: rows.join("\n") }] };
    },
  });
}
