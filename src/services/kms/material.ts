// Key material: generated here, stored only barrier-encrypted, cached unwrapped in a bounded map
// that is zeroed when the barrier seals (ARCHITECTURE.md §5; kms.md §8).
import { createHash, randomBytes } from "node:crypto";
import type { Barrier } from "../../crypto/barrier.js";
import type { ReadTx, WriteTx } from "../../storage/types.js";
import type { KmsScope } from "./ids.js";
import { getMaterial, insertMaterial, type RotationType } from "./store.js";

export const MATERIAL_BYTES = 32;

export interface Material {
  readonly version: number;
  readonly materialId: string;
  /** Unwrapped key; use synchronously (an evicted entry is zeroed). */
  readonly key: Buffer;
}

const barrierAad = (s: KmsScope, keyId: string, version: number): string => `kms/${s.accountId}/${s.region}/${keyId}/${version}`;

/** A small LRU of unwrapped material; every entry leaving it is zeroed. */
class MaterialCache {
  private readonly entries = new Map<string, Material>();
  constructor(private readonly max: number) {}

  get(id: string): Material | undefined {
    const m = this.entries.get(id);
    if (m) {
      this.entries.delete(id);
      this.entries.set(id, m);
    }
    return m;
  }

  set(id: string, m: Material): void {
    this.drop(id);
    this.entries.set(id, m);
    while (this.entries.size > this.max) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.drop(oldest.value);
    }
  }

  dropWhere(pred: (id: string) => boolean): void {
    for (const id of [...this.entries.keys()]) if (pred(id)) this.drop(id);
  }

  clear(): void {
    this.dropWhere(() => true);
  }

  private drop(id: string): void {
    const m = this.entries.get(id);
    if (!m) return;
    m.key.fill(0);
    this.entries.delete(id);
  }
}

export interface MaterialStore {
  /**
   * Generates, wraps and stores a new material version. Not cached here: the transaction may still
   * roll back, and only committed material read back from storage may enter the cache.
   * Undefined when that version exists already (a concurrent rotation won).
   */
  create(tx: WriteTx, s: KmsScope, keyId: string, version: number, type: RotationType, nowMs: number): Promise<{ materialId: string } | undefined>;
  /**
   * Runs `use` on the unwrapped material of one version (from cache, else unwrapped from storage).
   * `use` runs synchronously right after loading, so nothing can evict and zero the key meanwhile.
   * Returns undefined when that version does not exist.
   */
  withMaterial<T>(tx: ReadTx, s: KmsScope, keyId: string, version: number, use: (m: Material) => T): Promise<T | undefined>;
  /** Forgets (zeroes) every cached version of a key: after deletion its material must not linger. */
  forgetKey(s: KmsScope, keyId: string): void;
  /** Zeroes the whole cache (barrier sealed). */
  clear(): void;
}

export function createMaterialStore(barrier: Pick<Barrier, "encrypt" | "decrypt">, maxCached = 10_000): MaterialStore {
  const cache = new MaterialCache(maxCached);
  const prefix = (s: KmsScope, keyId: string): string => `${s.accountId}/${s.region}/${keyId}/`;

  return {
    async create(tx, s, keyId, version, type, nowMs) {
      const key = randomBytes(MATERIAL_BYTES);
      const materialId = newMaterialId();
      const wrapped = barrier.encrypt(barrierAad(s, keyId, version), key);
      key.fill(0);
      const inserted = await insertMaterial(tx, s, keyId, { version, materialId, wrapped, rotationType: type, createdAt: nowMs });
      return inserted ? { materialId } : undefined;
    },

    async withMaterial(tx, s, keyId, version, use) {
      const id = prefix(s, keyId) + version;
      const hit = cache.get(id);
      if (hit) return use(hit);
      const row = await getMaterial(tx, s, keyId, version);
      if (!row) return undefined;
      const m = { version, materialId: row.materialId, key: barrier.decrypt(barrierAad(s, keyId, version), row.wrapped) };
      cache.set(id, m);
      return use(m);
    },

    forgetKey(s, keyId) {
      const p = prefix(s, keyId);
      cache.dropWhere((id) => id.startsWith(p));
    },

    clear() {
      cache.clear();
    },
  };
}

/** 64 hex chars naming one material version (KMS KeyMaterialId / CurrentKeyMaterialId). */
function newMaterialId(): string {
  return createHash("sha256").update(randomBytes(32)).digest("hex");
}
