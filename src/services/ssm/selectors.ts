// `name:<version>` / `name:<label>` selectors of GetParameter(s) (ssm.md §2). Pure.

export type Selector =
  | { readonly kind: "latest" }
  | { readonly kind: "version"; readonly version: number }
  | { readonly kind: "label"; readonly label: string };

const LATEST: Selector = { kind: "latest" };

/** All digits select a version; anything else is a label (which may simply not exist). */
export function parseSelector(text: string | undefined): Selector {
  if (text === undefined) return LATEST;
  if (/^[0-9]+$/.test(text)) return { kind: "version", version: Number(text) };
  return { kind: "label", label: text };
}
