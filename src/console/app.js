// Console shell: sign-in (credentials kept in sessionStorage only), navigation, sign-out.
import { createClient, requests } from "./api.js";
import { busy, h, replace, statusLine } from "./dom.js";
import { parametersView } from "./view-parameters.js";
import { secretsView } from "./view-secrets.js";
import { keysView } from "./view-keys.js";
import { auditView } from "./view-audit.js";

const STORAGE_KEY = "paramstore.console.session";
const VIEWS = { parameters: parametersView, secrets: secretsView, keys: keysView, audit: auditView };

const main = document.getElementById("main");
const nav = document.getElementById("nav");
const who = document.getElementById("who");

function loadSession() {
  try {
    const s = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null");
    return s && typeof s.accessKeyId === "string" && typeof s.secretAccessKey === "string" && typeof s.region === "string" ? s : null;
  } catch {
    return null;
  }
}

function clientOf(session) {
  const credentials = { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey, ...(session.sessionToken ? { sessionToken: session.sessionToken } : {}) };
  return createClient({ origin: location.origin, credentials, region: session.region });
}

function signOut() {
  sessionStorage.clear();
  nav.hidden = true;
  replace(who);
  showSignIn();
}

function showSignIn() {
  const status = statusLine();
  const field = (label, input) => h("label", {}, h("span", {}, label), input);
  const keyId = h("input", { name: "accessKeyId", required: true, autocomplete: "username", spellcheck: "false" });
  const secret = h("input", { name: "secretAccessKey", type: "password", required: true, autocomplete: "current-password" });
  const token = h("input", { name: "sessionToken", type: "password", autocomplete: "off" });
  const region = h("input", { name: "region", required: true, value: "us-east-1", spellcheck: "false" });
  const submit = h("button", { type: "submit" }, "Sign in");
  const form = h("form", { class: "signin" },
    h("h2", {}, "Sign in with AWS credentials"),
    h("p", { class: "hint" }, "Requests are signed in this browser (SigV4) and authorised by IAM; the credentials stay in this tab's session storage."),
    field("Access key ID", keyId), field("Secret access key", secret), field("Session token (optional)", token), field("Region", region),
    submit, status.el);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const session = { accessKeyId: keyId.value.trim(), secretAccessKey: secret.value.trim(), sessionToken: token.value.trim(), region: region.value.trim() };
    void busy(submit, status, async () => {
      const identity = await clientOf(session).send(requests.callerIdentity());
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ ...session, arn: identity.Arn }));
      if (globalThis.crypto?.subtle) start();
else replace(main, h("p", { class: "status error", role: "alert" },
  "The console signs requests with WebCrypto, which browsers offer only in a secure context: open it over HTTPS (serve --tls-cert/--tls-key) or at the address 127.0.0.1 or localhost."));
    });
  });
  replace(main, form);
  keyId.focus();
}

function start() {
  const session = loadSession();
  if (!session) return showSignIn();
  const client = clientOf(session);
  replace(who, h("span", { class: "arn", title: "signed in as" }, session.arn ?? session.accessKeyId), " ",
    h("span", { class: "region" }, session.region), " ", h("button", { type: "button", onclick: signOut }, "Sign out"));
  nav.hidden = false;
  const show = (name) => {
    for (const b of nav.querySelectorAll("button")) b.setAttribute("aria-current", b.dataset.view === name ? "page" : "false");
    replace(main, VIEWS[name]({ client }));
  };
  for (const b of nav.querySelectorAll("button")) b.onclick = () => show(b.dataset.view);
  show("parameters");
}

if (globalThis.crypto?.subtle) start();
else replace(main, h("p", { class: "status error", role: "alert" },
  "The console signs requests with WebCrypto, which browsers offer only in a secure context: open it over HTTPS (serve --tls-cert/--tls-key) or at the address 127.0.0.1 or localhost."));
