// Secrets: list, describe, reveal the current value on request, put a new value, delete with a recovery window.
import { requests } from "./api.js";
import { busy, h, replace, statusLine, table, when } from "./dom.js";

export function secretsView({ client }) {
  const status = statusLine();
  const detail = h("div", { class: "detail" });
  const body = h("div");
  let loaded = [];
  let nextToken;
  let listing = 0; // answers to a listing that was restarted are dropped

  async function loadMore() {
    const asked = listing;
    const out = await client.send(requests.listSecrets(nextToken));
    if (asked !== listing) return;
    loaded = loaded.concat(out.SecretList ?? []);
    nextToken = out.NextToken;
    render();
  }

  function reload() {
    listing += 1;
    loaded = [];
    nextToken = undefined;
    void busy(null, status, loadMore);
  }

  function render() {
    replace(body,
      loaded.length ? table(["Name", "Description", "Last changed", "Last accessed", "Rotation", "Scheduled deletion", ""], loaded.map((s) => [
        s.Name ?? "", s.Description ?? "", when(s.LastChangedDate), when(s.LastAccessedDate), s.RotationEnabled ? "on" : "off", when(s.DeletedDate),
        h("span", { class: "actions" },
          h("button", { type: "button", onclick: () => describe(s.ARN ?? s.Name) }, "Details"),
          h("button", { type: "button", onclick: () => putValue(s.ARN ?? s.Name, s.Name) }, "New value"),
          h("button", { type: "button", class: "danger", onclick: () => del(s.ARN ?? s.Name, s.Name) }, "Delete")),
      ])) : h("p", { class: "empty" }, "No secrets."),
      nextToken ? h("button", { type: "button", onclick: (ev) => void busy(ev.target, status, loadMore) }, "Load more") : null);
  }

  function describe(id) {
    void busy(null, status, async () => {
      const d = await client.send(requests.describeSecret(id));
      const value = h("div", { class: "value" });
      const reveal = h("button", { type: "button" }, "Reveal value");
      reveal.addEventListener("click", () => {
        if (value.childNodes.length) { replace(value); reveal.textContent = "Reveal value"; return; }
        void busy(reveal, status, async () => {
          const v = await client.send(requests.getSecretValue(id));
          replace(value, v.SecretString !== undefined ? h("code", {}, v.SecretString) : h("span", {}, `binary value (${atob(v.SecretBinary ?? "").length} bytes)`));
          reveal.textContent = "Hide value";
        });
      });
      const versions = Object.entries(d.VersionIdsToStages ?? {}).map(([v, stages]) => `${v}: ${stages.join(", ")}`);
      const facts = [
        ["ARN", d.ARN], ["Description", d.Description], ["KMS key", d.KmsKeyId ?? "aws/secretsmanager"], ["Created", when(d.CreatedDate)],
        ["Last changed", when(d.LastChangedDate)], ["Rotation", d.RotationEnabled ? `on, every ${d.RotationRules?.AutomaticallyAfterDays ?? "?"} days (${d.RotationLambdaARN ?? ""})` : "off"],
        ["Scheduled deletion", when(d.DeletedDate)], ["Versions", versions.join("; ")],
      ];
      replace(detail, h("div", { class: "card" }, h("h3", {}, d.Name ?? ""),
        h("dl", {}, facts.filter(([, v]) => v).map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])),
        h("div", {}, reveal, h("button", { type: "button", onclick: () => replace(detail) }, "Close")), value));
    });
  }

  function putValue(id, name) {
    const valueIn = h("textarea", { required: true, rows: 4, spellcheck: "false", autocomplete: "off" });
    const submit = h("button", { type: "submit" }, "Put value");
    const form = h("form", { class: "card" }, h("h3", {}, `New value for ${name}`), h("label", {}, h("span", {}, "Secret string"), valueIn),
      h("div", {}, submit, h("button", { type: "button", onclick: () => replace(detail) }, "Cancel")));
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      void busy(submit, status, async () => {
        const out = await client.send(requests.putSecretValue(id, valueIn.value));
        valueIn.value = "";
        replace(detail);
        reload();
        status.info(`Stored version ${out.VersionId} of ${name} as AWSCURRENT.`);
      });
    });
    replace(detail, form);
  }

  function del(id, name) {
    const days = h("input", { type: "number", min: 7, max: 30, value: "30", required: true });
    const submit = h("button", { type: "submit", class: "danger" }, "Schedule deletion");
    const form = h("form", { class: "card" }, h("h3", {}, `Delete ${name}`),
      h("p", {}, "The secret can be restored until the recovery window ends."),
      h("label", {}, h("span", {}, "Recovery window (days, 7-30)"), days),
      h("div", {}, submit, h("button", { type: "button", onclick: () => replace(detail) }, "Cancel")));
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const n = Number(days.value);
      if (!confirm(`Schedule deletion of ${name} in ${n} days?`)) return;
      void busy(submit, status, async () => {
        const out = await client.send(requests.deleteSecret(id, n));
        replace(detail);
        reload();
        status.info(`${name} will be deleted on ${when(out.DeletionDate)}.`);
      });
    });
    replace(detail, form);
  }

  const el = h("section", { class: "view" }, h("h2", {}, "Secrets"),
    h("div", { class: "inline" }, h("button", { type: "button", onclick: reload }, "Refresh")), status.el, detail, body);
  reload();
  return el;
}
