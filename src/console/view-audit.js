// Audit: CloudTrail LookupEvents, newest first, one optional attribute filter, paginated.
import { requests } from "./api.js";
import { busy, h, replace, statusLine, table, when } from "./dom.js";

const KEYS = ["EventName", "Username", "ResourceName"];

/** Source IP and error code live in the full record (CloudTrailEvent, a JSON string). */
export function recordFacts(event) {
  try {
    const r = JSON.parse(event.CloudTrailEvent ?? "{}");
    return { sourceIp: String(r.sourceIPAddress ?? ""), errorCode: String(r.errorCode ?? "") };
  } catch {
    return { sourceIp: "", errorCode: "" };
  }
}

export function auditView({ client }) {
  const status = statusLine();
  const body = h("div");
  const keyIn = h("select", { "aria-label": "filter" }, h("option", { value: "" }, "no filter"), KEYS.map((k) => h("option", { value: k }, k)));
  const valueIn = h("input", { placeholder: "value", spellcheck: "false", "aria-label": "filter value" });
  const search = h("button", { type: "submit" }, "Search");
  const form = h("form", { class: "inline" }, keyIn, valueIn, search);
  let events = [];
  let nextToken;
  let attribute;
  let query = 0; // answers to an earlier query are dropped

  async function loadMore() {
    const asked = query;
    const out = await client.send(requests.lookupEvents(attribute, nextToken));
    if (asked !== query) return;
    events = events.concat(out.Events ?? []);
    nextToken = out.NextToken;
    replace(body,
      events.length ? table(["Time", "User", "Event", "Source IP", "Error"], events.map((e) => {
        const f = recordFacts(e);
        return [when(e.EventTime), e.Username ?? "", `${e.EventSource ?? ""} ${e.EventName ?? ""}`, f.sourceIp, f.errorCode ? h("span", { class: "error" }, f.errorCode) : ""];
      })) : h("p", { class: "empty" }, "No events."),
      nextToken ? h("button", { type: "button", onclick: (ev) => void busy(ev.target, status, loadMore) }, "Load more") : null);
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    attribute = keyIn.value && valueIn.value.trim() ? { key: keyIn.value, value: valueIn.value.trim() } : undefined;
    events = [];
    nextToken = undefined;
    query += 1;
    void busy(search, status, loadMore);
  });

  const el = h("section", { class: "view" }, h("h2", {}, "Audit trail"), form, status.el, body);
  void busy(null, status, loadMore);
  return el;
}
