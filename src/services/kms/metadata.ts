// KeyMetadata as CreateKey/DescribeKey return it (kms.md §2). PendingDeletionWindowInDays is left out: AWS
// shows it only in state PendingReplicaDeletion (multi-Region primaries with replicas), which paramstore has not.
import type { Output } from "../types.js";
import type { KmsKey } from "./store.js";

export function keyMetadata(key: KmsKey): Output {
  const pending = key.keyState === "PendingDeletion";
  return {
    AWSAccountId: key.accountId,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: new Date(key.createdAt),
    Enabled: key.keyState === "Enabled",
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: key.keyState,
    ...(pending && key.deletionDate !== undefined ? { DeletionDate: new Date(key.deletionDate) } : {}),
    Origin: key.origin,
    KeyManager: key.keyManager,
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    EncryptionAlgorithms: ["SYMMETRIC_DEFAULT"],
    MultiRegion: key.multiRegion,
    ...(key.multiRegion ? { MultiRegionConfiguration: multiRegionConfiguration(key) } : {}),
    ...(key.currentMaterialId !== undefined ? { CurrentKeyMaterialId: key.currentMaterialId } : {}),
  };
}

/** A multi-Region key is its own primary; paramstore has no replicas (no cross-Region replication). */
function multiRegionConfiguration(key: KmsKey): Output {
  return { MultiRegionKeyType: "PRIMARY", PrimaryKey: { Arn: key.arn, Region: key.region }, ReplicaKeys: [] };
}
