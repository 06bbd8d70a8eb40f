// Keys: every KMS key with its aliases, state and rotation status.
import { requests } from "./api.js";
import { busy, h, replace, statusLine, table, when } from "./dom.js";

/** All pages of a Marker/Truncated KMS listing. */
async function all(client, build, member) {
  const items = [];
  let marker;
  do {
    const out = await client.send(build(marker));
    items.push(...(out[member] ?? []));
    marker = out.Truncated ? out.NextMarker : undefined;
  } while (marker);
  return items;
}

export function keysView({ client }) {
  const status = statusLine();
  const body = h("div");

  async function load() {
    const [keys, aliases] = await Promise.all([all(client, requests.listKeys, "Keys"), all(client, requests.listAliases, "Aliases")]);
    const rows = await Promise.all(keys.map(async (k) => {
      const names = aliases.filter((a) => a.TargetKeyId === k.KeyId).map((a) => a.AliasName).join(", ");
      try {
        const m = (await client.send(requests.describeKey(k.KeyId))).KeyMetadata ?? {};
        let rotation = "";
        try {
          const r = await client.send(requests.getKeyRotationStatus(k.KeyId));
          rotation = r.KeyRotationEnabled ? `on${r.RotationPeriodInDays ? `, ${r.RotationPeriodInDays} days` : ""}${r.NextRotationDate ? `, next ${when(r.NextRotationDate)}` : ""}` : "off";
        } catch (e) {
          rotation = e?.code ?? "unavailable"; // asymmetric keys, or no kms:GetKeyRotationStatus
        }
        return [k.KeyId, names, m.Description ?? "", m.KeyState ?? "", m.KeySpec ?? "", m.KeyUsage ?? "", m.KeyManager ?? "", rotation, when(m.CreationDate)];
      } catch (e) {
        return [k.KeyId, names, "", e?.code ?? "error", "", "", "", "", ""];
      }
    }));
    replace(body, rows.length ? table(["Key ID", "Aliases", "Description", "State", "Spec", "Usage", "Manager", "Rotation", "Created"], rows) : h("p", { class: "empty" }, "No keys."));
  }

  const refresh = h("button", { type: "button" }, "Refresh");
  refresh.addEventListener("click", () => void busy(refresh, status, load));
  const el = h("section", { class: "view" }, h("h2", {}, "Keys"), h("div", { class: "inline" }, refresh), status.el, body);
  void busy(null, status, load);
  return el;
}
