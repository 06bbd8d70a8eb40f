// The web console's files at /console/: exact allow-list, content types, security headers, nothing else served.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { describe, it } from "node:test";
import { CONSOLE_FILES, SECURITY_HEADERS } from "../../src/server/console.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { CONSOLE_DIR } from "../helpers/console-modules.js";
import type { TestServer } from "../helpers/server.js";

let server: TestServer;
serverPerFile((s) => { server = s; });

interface Answer { readonly status: number; readonly headers: Record<string, string | string[] | undefined>; readonly body: string }

/** node:http, so the path goes out byte for byte (fetch would resolve "..", which is what a browser does too). */
function raw(method: string, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: server.port, method, path, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end();
  });
}

const TYPE = { html: "text/html; charset=utf-8", js: "text/javascript; charset=utf-8", css: "text/css; charset=utf-8" } as const;

function assertSecurityHeaders(a: Answer): void {
  assert.equal(a.headers["content-security-policy"],
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
  assert.equal(a.headers["x-content-type-options"], "nosniff");
  assert.equal(a.headers["referrer-policy"], "no-referrer");
  assert.equal(a.headers["cache-control"], "no-store");
}

describe("console files", () => {
  it("every allow-listed file is served with its content type and the security headers", async () => {
    assert.equal(Object.keys(SECURITY_HEADERS).length, 4);
    for (const name of CONSOLE_FILES) {
      const a = await raw("GET", `/console/${name}`);
      assert.equal(a.status, 200, name);
      assert.equal(a.headers["content-type"], TYPE[name.slice(name.lastIndexOf(".") + 1) as keyof typeof TYPE], name);
      assertSecurityHeaders(a);
      assert.equal(a.body, readFileSync(join(CONSOLE_DIR, name), "utf8"), name);
    }
  });

  it("the allow-list names exactly the files of src/console that the browser loads", async () => {
    const index = readFileSync(join(CONSOLE_DIR, "index.html"), "utf8");
    const imported = new Set<string>(["index.html"]);
    for (const m of index.matchAll(/(?:src|href)="([^":]+)"/g)) imported.add(m[1] ?? "");
    for (const name of CONSOLE_FILES.filter((n) => n.endsWith(".js"))) {
      for (const m of readFileSync(join(CONSOLE_DIR, name), "utf8").matchAll(/from "\.\/([^"]+)"/g)) imported.add(m[1] ?? "");
    }
    assert.deepEqual([...imported].sort(), [...CONSOLE_FILES].sort());
  });

  it("/console/ is the index page; /console redirects there (relative imports need the slash)", async () => {
    const index = await raw("GET", "/console/");
    assert.equal(index.status, 200);
    assert.equal(index.headers["content-type"], TYPE.html);
    assert.equal(index.body, readFileSync(join(CONSOLE_DIR, "index.html"), "utf8"));
    assertSecurityHeaders(index);
    const bare = await raw("GET", "/console");
    assert.equal(bare.status, 301);
    assert.equal(bare.headers.location, "/console/");
    assertSecurityHeaders(bare);
    const query = await raw("GET", "/console/app.js?v=1");
    assert.equal(query.status, 200);
  });

  it("HEAD answers like GET without a body", async () => {
    const a = await raw("HEAD", "/console/style.css");
    assert.equal(a.status, 200);
    assert.equal(a.headers["content-type"], TYPE.css);
    assert.equal(a.body, "");
  });

  for (const path of [
    "/console/nope.js", "/console/../package.json", "/console/..%2fpackage.json", "/console/%2e%2e/package.json",
    "/console/%2e%2e%2f%2e%2e%2fpackage.json", "/console/./app.js", "/console//app.js", "/console/sub/app.js", "/console/APP.JS",
    "/console/app.js%00.html", "/console/app.test.js", "/console/index.html/", "/consoles/app.js",
  ]) {
    it(`${path} is not served`, async () => {
      const a = await raw("GET", path);
      if (path.startsWith("/console/")) {
        assert.equal(a.status, 404);
        assert.equal(a.body, "Not Found\n");
        assertSecurityHeaders(a);
      } else {
        assert.notEqual(a.status, 200); // not a console path: the AWS pipeline refuses an unsigned GET
        assert.equal(a.headers["content-security-policy"], undefined);
      }
    });
  }

  it("POST, PUT and DELETE are refused with 405 and Allow", async () => {
    for (const method of ["POST", "PUT", "DELETE"]) {
      const a = await raw(method, "/console/app.js");
      assert.equal(a.status, 405, method);
      assert.equal(a.headers.allow, "GET, HEAD");
      assertSecurityHeaders(a);
    }
  });
});

describe("console sources keep to the CSP and never render data as HTML", () => {
  it("index.html has no inline script, style or handler", () => {
    const index = readFileSync(join(CONSOLE_DIR, "index.html"), "utf8");
    for (const m of index.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      assert.match(m[1] ?? "", /\bsrc="/);
      assert.equal((m[2] ?? "").trim(), "");
    }
    assert.doesNotMatch(index, /<style|\sstyle=|\son[a-z]+=|https?:\/\//i);
  });

  it("no script uses innerHTML-like sinks, eval, console.log or an external URL", () => {
    for (const name of CONSOLE_FILES.filter((n) => n.endsWith(".js"))) {
      const src = readFileSync(join(CONSOLE_DIR, name), "utf8");
      assert.doesNotMatch(src, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|console\.log|https?:\/\/|localStorage/, name);
    }
  });
});
