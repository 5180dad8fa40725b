/* pypi_info tool — latest version, requires_python and summary from PyPI's JSON API. */
export default (pi) =>
  pi.registerTool({
    name: "pypi_info",
    description: "PyPI metadata for a Python package.",
    parameters: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
    execute: async ({ name }) => {
      const res = await pi.http({ url: `https://pypi.org/pypi/${encodeURIComponent(name)}/json`, method: "GET" });
      if (res.status !== 200) return { content: [{ type: "text", text: `${name}: HTTP ${res.status}` }], isError: true };
      const { info } = JSON.parse(res.body);
      return { content: [{ type: "text", text: `${info.name} ${info.version} (python ${info.requires_python || "any"})\n${info.summary || ""}` }] };
    },
  });
