// DOM helpers: elements are built with properties and text nodes only (names and values are attacker-controlled).

/**
 * h("button", { class: "x", onclick: fn, disabled: true }, "text", child) -> element.
 * Attributes go through setAttribute, "on*" become listeners, strings become text nodes; never HTML.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "value") el.value = v;
    else if (k === "checked") el.checked = Boolean(v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** A table with a header row; `rows` are arrays of cells (strings or nodes). */
export function table(headers, rows) {
  return h("table", {},
    h("thead", {}, h("tr", {}, headers.map((t) => h("th", {}, t)))),
    h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((c) => h("td", {}, c))))));
}

/** Dates from the APIs (epoch seconds or ISO strings) in the user's locale. */
export function when(value) {
  if (value === undefined || value === null || value === "") return "";
  const d = typeof value === "number" ? new Date(value * 1000) : new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : d.toLocaleString();
}

/** "Code: message" for AWS errors, the message for anything else. */
export function errorText(e) {
  if (e && typeof e === "object" && "code" in e) return `${e.code}: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}

/** A status line: shows errors (role=alert) and notices, cleared by the next one. */
export function statusLine() {
  const el = h("p", { class: "status", role: "status" });
  return {
    el,
    error(e) { el.className = "status error"; el.setAttribute("role", "alert"); el.textContent = errorText(e); },
    info(text) { el.className = "status info"; el.setAttribute("role", "status"); el.textContent = text; },
    clear() { el.className = "status"; el.textContent = ""; },
  };
}

/** Runs an async action with the button disabled, reporting failures on the status line. */
export async function busy(button, status, fn) {
  if (button) button.disabled = true;
  try {
    status.clear();
    await fn();
  } catch (e) {
    status.error(e);
  } finally {
    if (button) button.disabled = false;
  }
}
