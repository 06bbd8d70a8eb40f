// PURE: staging-label moves (secretsmanager.md §1, §2.4, §2.12). A label is on at most one version;
// moving AWSCURRENT puts AWSPREVIOUS on the version that lost it.
import type { StageMap } from "./store-versions.js";

export const CURRENT = "AWSCURRENT";
export const PREVIOUS = "AWSPREVIOUS";
export const PENDING = "AWSPENDING";
export const MAX_LABELS_PER_VERSION = 20;

/**
 * The order AWS lists a version's labels in: sorted, whatever order they were given or attached in (recorded AWS
 * responses: VersionStages ["one","two","three"] comes back as ["one","three","two"]). Code-unit order, not locale.
 */
export const displayOrder = (labels: readonly string[]): string[] => [...labels].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

export const copyStages = (m: StageMap): StageMap => new Map([...m].map(([v, l]) => [v, [...l]]));

export function holderOf(m: StageMap, label: string): string | undefined {
  for (const [versionId, labels] of m) if (labels.includes(label)) return versionId;
  return undefined;
}

function take(m: StageMap, label: string): void {
  for (const [versionId, labels] of m) {
    const i = labels.indexOf(label);
    if (i >= 0) {
      labels.splice(i, 1);
      if (labels.length === 0) m.delete(versionId);
    }
  }
}

function give(m: StageMap, versionId: string, label: string): void {
  const labels = m.get(versionId) ?? [];
  if (!labels.includes(label)) labels.push(label);
  m.set(versionId, labels);
}

/**
 * Attaches `labels` to a new version `versionId`, taking each from whichever version had it. When AWSCURRENT changes
 * version, AWSPREVIOUS follows to the version that lost it, unless the caller placed AWSPREVIOUS explicitly, and
 * that version loses AWSPENDING (a finished rotation's marker): recorded AWS responses show a version labelled
 * ["AWSCURRENT","AWSPENDING"] as ["AWSPREVIOUS"] after a PutSecretValue with the default stages.
 */
export function attachLabels(before: StageMap, versionId: string, labels: readonly string[]): StageMap {
  const m = copyStages(before);
  const oldCurrent = holderOf(m, CURRENT);
  for (const label of labels) {
    take(m, label);
    give(m, versionId, label);
  }
  if (labels.includes(CURRENT) && oldCurrent !== undefined && oldCurrent !== versionId) {
    if (!labels.includes(PREVIOUS)) {
      take(m, PREVIOUS);
      give(m, oldCurrent, PREVIOUS);
    }
    if (holderOf(m, PENDING) === oldCurrent) take(m, PENDING);
  }
  return m;
}

/** Removes one label from one version (the version may become deprecated). */
export function detachLabel(before: StageMap, versionId: string, label: string): StageMap {
  const m = copyStages(before);
  const labels = m.get(versionId);
  if (!labels) return m;
  const i = labels.indexOf(label);
  if (i >= 0) labels.splice(i, 1);
  if (labels.length === 0) m.delete(versionId);
  return m;
}

/**
 * UpdateSecretVersionStage's move: the label goes to `moveTo`; when it was AWSCURRENT the version that lost it gets
 * AWSPREVIOUS and `moveTo` loses AWSPREVIOUS. Other labels of `moveTo` (AWSPENDING, say) stay (AWS-verified).
 */
export function moveLabel(before: StageMap, label: string, moveTo: string): StageMap {
  const m = copyStages(before);
  const from = holderOf(m, label);
  take(m, label);
  give(m, moveTo, label);
  if (label === CURRENT && from !== undefined && from !== moveTo) {
    take(m, PREVIOUS);
    give(m, from, PREVIOUS);
  }
  return m;
}

/** The first version holding more labels than a version may have, if any. */
export function overLabelLimit(m: StageMap): string | undefined {
  for (const [versionId, labels] of m) if (labels.length > MAX_LABELS_PER_VERSION) return versionId;
  return undefined;
}
