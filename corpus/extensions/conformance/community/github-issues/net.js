// Local HTTP helper (named net.js for "network"; it only wraps pi.http).
// Not node:net — no sockets here.

/**
 * @param {import("@pi/extension-api").ExtensionAPI} pi
 * @param {string} base
 * @param {Record<string,string>} headers
 */
export function createClient(pi, base, headers) {
  async function request(method, path, body) {
    const res = await pi.http({
      url: base + path,
      method,
      headers: body ? { ...headers, "content-type": "application/json" } : headers,
      body: body ? JSON.stringify(body) : undefined,
      timeoutMs: 15000,
    });
    if (res.status === 403 && res.headers["x-ratelimit-remaining"] === "0") {
      const reset = Number(res.headers["x-ratelimit-reset"] || 0) * 1000;
      throw new Error(`GitHub rate limit hit; resets at ${new Date(reset).toLocaleTimeString()}`);
    }
    if (res.status >= 400) throw new Error(`${method} ${path} -> HTTP ${res.status}`);
    return JSON.parse(res.body);
  }
  return {
    get: (path) => request("GET", path),
    post: (path, body) => request("POST", path, body),
  };
}
