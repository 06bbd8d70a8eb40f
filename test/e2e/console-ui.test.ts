// The console's pages driven in a DOM (happy-dom) against a real server: sign in, browse and reveal parameters,
// secrets, keys and the audit trail; values appear only when revealed, data is never parsed as HTML, sign-out
// clears the session.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Window, type Document, type Element, type HTMLButtonElement, type HTMLElement, type HTMLInputElement, type HTMLSelectElement, type HTMLTextAreaElement } from "happy-dom";
import { ROOT_CREDS } from "../helpers/clients.js";
import { CONSOLE_DIR, loadConsoleModule, type ApiModule } from "../helpers/console-modules.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { REGION, type TestServer } from "../helpers/server.js";

const XSS = "<img src=x onerror=alert(1)>";
let server: TestServer;
let window: Window;
let doc: Document;
type ParentNode = Element | Document;

serverPerFile(async (s) => {
  server = s;
  const api = await loadConsoleModule<ApiModule>("api.js");
  const root = api.createClient({ origin: server.endpoint, credentials: ROOT_CREDS, region: REGION });
  await root.send(api.jsonRequest("ssm", "PutParameter", { Name: "/ui/app/password", Value: "hunter2-param", Type: "SecureString" }));
  await root.send(api.jsonRequest("ssm", "PutParameter", { Name: "/ui/top", Value: "t", Type: "String", Description: XSS }));
  await root.send(api.jsonRequest("secretsmanager", "CreateSecret", { Name: "ui/db", SecretString: "hunter2-secret", Description: XSS, ClientRequestToken: randomUUID() }));
  await root.send(api.jsonRequest("kms", "CreateKey", { Description: "ui key" }));
  openWindow();
}, {}, {
  cleanup: async () => {
    for (const k of GLOBALS) delete (globalThis as Record<string, unknown>)[k];
    await window?.happyDOM.close();
  },
});

/** The browser globals the console's modules use, from one happy-dom window at the server's /console/. */
const GLOBALS = ["document", "Node", "location", "sessionStorage", "confirm"] as const;
function openWindow(): void {
  window = new Window({ url: `${server.endpoint}/console/` });
  doc = window.document;
  const html = readFileSync(join(CONSOLE_DIR, "index.html"), "utf8");
  doc.body.innerHTML = /<body>([\s\S]*)<\/body>/.exec(html)?.[1] ?? ""; // the page's own markup; app.js is imported below
  const g = globalThis as Record<string, unknown>;
  Object.assign(g, { document: window.document, Node: window.Node, location: window.location, sessionStorage: window.sessionStorage, confirm: () => true });
}

/** Waits (deadline, no sleep-and-hope) until `probe` finds something. */
async function until<T>(probe: () => T | null | undefined | false, what: string, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; page text: ${doc.body.textContent}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const text = (): string => doc.body.textContent ?? "";
const button = (label: string, scope: ParentNode = doc): HTMLButtonElement | undefined =>
  [...scope.querySelectorAll("button")].find((b) => b.textContent === label) as HTMLButtonElement | undefined;
const click = async (label: string, scope?: ParentNode): Promise<void> => (await until(() => button(label, scope), `button ${label}`)).click();
const submit = (form: Element): boolean => form.dispatchEvent(new window.Event("submit", { cancelable: true }));
const input = (name: string): HTMLInputElement => doc.querySelector(`input[name=${name}]`) as HTMLInputElement;
/** The table row whose first cell starts with `first` (a name). */
const row = (first: string) => [...doc.querySelectorAll("tr")].find((tr) => tr.querySelector("td")?.textContent?.startsWith(first));

describe("the console in a DOM", () => {
  it("a wrong secret key stays on the sign-in form with the AWS error", async () => {
    await loadConsoleModule("app.js");
    await until(() => doc.querySelector("form.signin"), "the sign-in form");
    input("accessKeyId").value = ROOT_CREDS.accessKeyId;
    input("secretAccessKey").value = "wrong";
    submit(doc.querySelector("form.signin") as Element);
    await until(() => doc.querySelector(".status.error")?.textContent?.startsWith("SignatureDoesNotMatch: "), "the error");
    assert.equal(window.sessionStorage.length, 0);
    assert.equal((doc.getElementById("nav") as HTMLElement).hidden, true);
  });

  it("signs in, keeps the credentials in sessionStorage and shows who is signed in", async () => {
    input("secretAccessKey").value = ROOT_CREDS.secretAccessKey;
    submit(doc.querySelector("form.signin") as Element);
    await until(() => !(doc.getElementById("nav") as HTMLElement).hidden, "the navigation");
    assert.match(doc.getElementById("who")?.textContent ?? "", /arn:aws:iam::\d{12}:root/);
    const stored = JSON.parse(window.sessionStorage.getItem("paramstore.console.session") ?? "{}") as { accessKeyId?: string; region?: string };
    assert.deepEqual([stored.accessKeyId, stored.region], [ROOT_CREDS.accessKeyId, "us-east-1"]);
    assert.equal(window.localStorage.length, 0);
  });

  it("parameters: folders, a value only after Reveal and gone after navigating, descriptions as text", async () => {
    await click("ui/");
    await click("app/");
    await until(() => row("password"), "the parameter row");
    assert.ok(!text().includes("hunter2-param"));
    const reveal = button("Reveal", row("password"));
    reveal?.click();
    await until(() => text().includes("hunter2-param"), "the revealed value");
    await click("ui/"); // breadcrumb up a level
    await until(() => row("top"), "the level above");
    assert.ok(!text().includes("hunter2-param"));
    assert.equal(doc.querySelectorAll("img").length, 0);
  });

  it("parameters: create, then history hides values until revealed, then delete", async () => {
    await click("Create parameter");
    const form = await until(() => doc.querySelector("form.card"), "the form");
    (form.querySelector("input") as HTMLInputElement).value = "/ui/made";
    (form.querySelector("textarea") as HTMLTextAreaElement).value = "made-value";
    submit(form);
    await until(() => text().includes("Saved /ui/made (version 1)."), "the save notice");
    const made = await until(() => row("made"), "the new row");
    assert.match(made.textContent ?? "", /^madeSecureString1Standard/); // the form's default type
    await click("History", made);
    await until(() => doc.querySelector(".card")?.textContent?.includes("hidden"), "the history");
    assert.ok(!text().includes("made-value"));
    await click("Reveal values");
    await until(() => text().includes("made-value"), "the revealed history");
    await click("Delete", row("made"));
    await until(() => text().includes("Deleted /ui/made."), "the delete notice");
  });

  it("secrets: listed, revealed on request, description shown as text", async () => {
    await click("Secrets");
    await until(() => row("ui/db"), "the secret row");
    assert.ok(text().includes(XSS));
    assert.equal(doc.querySelectorAll("img").length, 0);
    await click("Details", row("ui/db"));
    await until(() => button("Reveal value"), "the details");
    assert.ok(!text().includes("hunter2-secret"));
    await click("Reveal value");
    await until(() => text().includes("hunter2-secret"), "the secret value");
    await click("Keys");
    assert.ok(!text().includes("hunter2-secret"));
  });

  it("keys: state and rotation", async () => {
    const r = await until(() => [...doc.querySelectorAll("tr")].find((tr) => tr.textContent?.includes("ui key")), "the key row");
    assert.match(r.textContent ?? "", /Enabled.*SYMMETRIC_DEFAULT.*ENCRYPT_DECRYPT.*CUSTOMER.*off/);
  });

  it("audit: the console's own calls, filtered by event name", async () => {
    await click("Audit");
    const form = await until(() => doc.querySelector("section form"), "the filter form");
    (form.querySelector("select") as HTMLSelectElement).value = "EventName";
    (form.querySelector("input") as HTMLInputElement).value = "GetSecretValue";
    submit(form);
    const rows = await until(() => {
      const all = [...doc.querySelectorAll("tbody tr")];
      return all.length > 0 && all.every((tr) => tr.textContent?.includes("GetSecretValue")) && all;
    }, "only GetSecretValue events");
    assert.match(rows[0]?.textContent ?? "", /root.*secretsmanager\.amazonaws\.com GetSecretValue.*127\.0\.0\.1/);
  });

  it("sign out clears sessionStorage and shows the sign-in form", async () => {
    await click("Sign out");
    assert.equal(window.sessionStorage.length, 0);
    await until(() => doc.querySelector("form.signin"), "the sign-in form");
    assert.equal((doc.getElementById("nav") as HTMLElement).hidden, true);
  });
});
