/*
 * lib/net.js — Jira REST transport over pi.http.
 * The name mirrors "network layer"; nothing from node's net/tls is used.
 */
export class JiraHttp {
  constructor(pi, site, email, token) {
    this.pi = pi;
    this.base = `https://${site.replace(/^https?:\/\//, "").replace(/\/+$/, "")}`;
    // Basic auth header built from host-provided credentials.
    this.auth = "Basic " + btoa(`${email}:${token}`);
  }

  async call(method, path, body) {
    const res = await this.pi.http({
      url: this.base + path,
      method,
      headers: { authorization: this.auth, accept: "application/json", "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: 20000,
    });
    if (res.status === 204) return undefined;
    if (res.status >= 400) {
      let detail = "";
      try {
        const err = JSON.parse(res.body);
        detail = (err.errorMessages || []).join("; ");
      } catch (_) {
        detail = res.body.slice(0, 200);
      }
      throw new Error(`Jira ${method} ${path}: ${res.status} ${detail}`);
    }
    return JSON.parse(res.body);
  }

  get(path) {
    return this.call("GET", path);
  }

  post(path, body) {
    return this.call("POST", path, body);
  }
}
