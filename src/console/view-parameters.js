// Parameters: browse by path, reveal one value on request, put (new version), history, delete.
import { requests } from "./api.js";
import { busy, h, replace, statusLine, table, when } from "./dom.js";

const TYPES = ["String", "StringList", "SecureString"];

/** Splits a listing into the direct children of `path`: parameters and sub-paths. */
export function childrenOf(path, parameters) {
  const prefix = path === "/" ? "/" : `${path.replace(/\/+$/, "")}/`;
  const folders = new Set();
  const leaves = [];
  for (const p of parameters) {
    const name = p.Name ?? "";
    if (path === "/" && !name.startsWith("/")) { leaves.push(p); continue; }
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    const slash = rest.indexOf("/");
    if (slash < 0) leaves.push(p);
    else folders.add(prefix + rest.slice(0, slash));
  }
  return { folders: [...folders].sort(), leaves };
}

export function parametersView({ client }) {
  const status = statusLine();
  const crumbs = h("div", { class: "crumbs" });
  const body = h("div");
  const detail = h("div", { class: "detail" });
  const goInput = h("input", { placeholder: "/path", spellcheck: "false", "aria-label": "path" });
  const goForm = h("form", { class: "inline" }, goInput, h("button", { type: "submit" }, "Go"),
    h("button", { type: "button", onclick: () => showPut({}) }, "Create parameter"));
  goForm.addEventListener("submit", (ev) => { ev.preventDefault(); navigate(goInput.value.trim() || "/"); });
  let path = "/";
  let loaded = [];
  let nextToken;
  let level = 0; // answers for a level the user has left are dropped

  function navigate(to) {
    level += 1;
    path = to.startsWith("/") ? to.replace(/(.)\/+$/, "$1") : `/${to}`;
    goInput.value = path;
    loaded = [];
    nextToken = undefined;
    replace(detail); // revealed values and forms go with the level they belong to
    renderCrumbs();
    void busy(null, status, loadMore);
  }

  function renderCrumbs() {
    const parts = path.split("/").filter(Boolean);
    const links = [h("button", { type: "button", class: "link", onclick: () => navigate("/") }, "/")];
    parts.forEach((part, i) => {
      const to = `/${parts.slice(0, i + 1).join("/")}`;
      links.push(h("button", { type: "button", class: "link", onclick: () => navigate(to) }, `${part}/`));
    });
    replace(crumbs, links);
  }

  async function loadMore() {
    const asked = level;
    const out = await client.send(requests.describeParameters(path, nextToken));
    if (asked !== level) return;
    loaded = loaded.concat(out.Parameters ?? []);
    nextToken = out.NextToken;
    renderList();
  }

  function renderList() {
    const { folders, leaves } = childrenOf(path, loaded);
    const rows = [
      ...folders.map((f) => [h("button", { type: "button", class: "link folder", onclick: () => navigate(f) }, `${f.slice(f.lastIndexOf("/") + 1)}/`), "", "", "", "", "", ""]),
      ...leaves.map((p) => row(p)),
    ];
    replace(body,
      rows.length ? table(["Name", "Type", "Version", "Tier", "Last modified", "Modified by", ""], rows) : h("p", { class: "empty" }, "Nothing here."),
      nextToken ? h("button", { type: "button", onclick: (ev) => void busy(ev.target, status, loadMore) }, "Load more") : null);
  }

  function row(p) {
    const value = h("div", { class: "value" });
    const revealBtn = h("button", { type: "button" }, "Reveal");
    revealBtn.addEventListener("click", () => {
      if (value.childNodes.length) { replace(value); revealBtn.textContent = "Reveal"; return; }
      void busy(revealBtn, status, async () => {
        const out = await client.send(requests.getParameter(p.Name));
        replace(value, h("code", {}, out.Parameter?.Value ?? ""));
        revealBtn.textContent = "Hide";
      });
    });
    const name = p.Name.startsWith(path === "/" ? "/" : `${path}/`) ? p.Name.slice(path === "/" ? 1 : path.length + 1) : p.Name;
    return [
      h("span", { title: p.Name }, name, value), p.Type ?? "", String(p.Version ?? ""), p.Tier ?? "", when(p.LastModifiedDate), p.LastModifiedUser ?? "",
      h("span", { class: "actions" }, revealBtn,
        h("button", { type: "button", onclick: () => showHistory(p.Name) }, "History"),
        h("button", { type: "button", onclick: () => showPut({ name: p.Name, type: p.Type, description: p.Description, overwrite: true }) }, "New version"),
        h("button", { type: "button", class: "danger", onclick: (ev) => del(ev.target, p.Name) }, "Delete")),
    ];
  }

  function del(button, name) {
    if (!confirm(`Delete parameter ${name}? This deletes every version.`)) return;
    void busy(button, status, async () => {
      await client.send(requests.deleteParameter(name));
      navigate(path);
      status.info(`Deleted ${name}.`);
    });
  }

  function showPut({ name = path === "/" ? "/" : `${path}/`, type = "SecureString", description = "", overwrite = false }) {
    const nameIn = h("input", { value: name, required: true, spellcheck: "false", readonly: overwrite || undefined });
    const valueIn = h("textarea", { required: true, rows: 4, spellcheck: "false", autocomplete: "off" });
    const typeIn = h("select", {}, TYPES.map((t) => h("option", { value: t }, t)));
    typeIn.value = TYPES.includes(type) ? type : "SecureString";
    const descIn = h("input", { value: description ?? "" });
    const overwriteIn = h("input", { type: "checkbox", checked: overwrite });
    const submit = h("button", { type: "submit" }, overwrite ? "Put new version" : "Create");
    const form = h("form", { class: "card" }, h("h3", {}, overwrite ? `New version of ${name}` : "Create parameter"),
      h("label", {}, h("span", {}, "Name"), nameIn), h("label", {}, h("span", {}, "Value"), valueIn),
      h("label", {}, h("span", {}, "Type"), typeIn), h("label", {}, h("span", {}, "Description"), descIn),
      h("label", { class: "check" }, overwriteIn, "Overwrite an existing parameter"),
      h("div", {}, submit, h("button", { type: "button", onclick: () => replace(detail) }, "Cancel")));
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      void busy(submit, status, async () => {
        const out = await client.send(requests.putParameter({ name: nameIn.value.trim(), value: valueIn.value, type: typeIn.value, description: descIn.value, overwrite: overwriteIn.checked }));
        valueIn.value = "";
        navigate(path);
        status.info(`Saved ${nameIn.value.trim()} (version ${out.Version}).`);
      });
    });
    replace(detail, form);
  }

  function showHistory(name) {
    const holder = h("div", { class: "card" }, h("h3", {}, `History of ${name}`));
    const list = h("div");
    const revealAll = h("button", { type: "button" }, "Reveal values");
    let revealed = false;
    async function load() {
      const versions = [];
      let token;
      do {
        const out = await client.send(requests.getParameterHistory(name, revealed, token));
        versions.push(...(out.Parameters ?? []));
        token = out.NextToken;
      } while (token);
      versions.reverse(); // newest first
      replace(list, table(["Version", "Type", "Labels", "Last modified", "Modified by", "Description", "Value"], versions.map((v) => [
        String(v.Version ?? ""), v.Type ?? "", (v.Labels ?? []).join(", "), when(v.LastModifiedDate), v.LastModifiedUser ?? "", v.Description ?? "",
        revealed ? h("code", {}, v.Value ?? "") : h("span", { class: "hidden-value" }, "hidden"),
      ])));
    }
    revealAll.addEventListener("click", () => {
      revealed = !revealed;
      revealAll.textContent = revealed ? "Hide values" : "Reveal values";
      void busy(revealAll, status, load);
    });
    holder.append(h("div", {}, revealAll, h("button", { type: "button", onclick: () => replace(detail) }, "Close")), list);
    replace(detail, holder);
    void busy(null, status, load);
  }

  const el = h("section", { class: "view" }, h("h2", {}, "Parameters"), goForm, crumbs, status.el, detail, body);
  navigate("/");
  return el;
}
