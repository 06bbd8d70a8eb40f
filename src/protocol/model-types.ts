// Types of the generated service models (src/protocol/models/*.ts), a compact subset of botocore's service-2.json.

export type Protocol = "json" | "query";

export interface ServiceMetadata {
  readonly protocol: Protocol;
  readonly apiVersion: string;
  /** JSON 1.1: the X-Amz-Target prefix (`AmazonSSM`, `TrentService`, ...). */
  readonly targetPrefix?: string;
  /** SigV4 credential-scope service name. */
  readonly signingName: string;
  /** Query: namespace of the XML envelope. */
  readonly xmlNamespace?: string;
}

export interface OperationModel {
  readonly name: string;
  /** Input shape name; absent when the operation takes no input. */
  readonly input?: string;
  /** Output shape name; absent when the operation returns nothing. */
  readonly output?: string;
  /** Query: element wrapping the output (`<Op>Result`). */
  readonly resultWrapper?: string;
  /** Modelled error shape names. */
  readonly errors: readonly string[];
  /** Input members the SDKs auto-fill with a UUID4 (protocol.md §7). */
  readonly idempotencyTokenMembers?: readonly string[];
}

export interface MemberRef {
  readonly shape: string;
  readonly locationName?: string;
  readonly queryName?: string;
  readonly idempotencyToken?: true;
  readonly box?: true;
}

export interface ErrorTrait {
  /** Wire code when it differs from the shape name (IAM `NoSuchEntityException` → `NoSuchEntity`). */
  readonly code?: string;
  readonly httpStatusCode?: number;
  readonly senderFault?: boolean;
}

interface ShapeBase {
  readonly sensitive?: true;
  readonly box?: true;
}

export interface StructureShape extends ShapeBase {
  readonly type: "structure";
  readonly members: Readonly<Record<string, MemberRef>>;
  readonly required?: readonly string[];
  readonly union?: true;
  readonly exception?: true;
  readonly fault?: true;
  readonly error?: ErrorTrait;
  /** Exceptions: the member carrying the message as the model spells it (`message` or `Message`). */
  readonly messageMember?: "message" | "Message";
}

export interface ListShape extends ShapeBase {
  readonly type: "list";
  readonly member: MemberRef;
  readonly min?: number;
  readonly max?: number;
  readonly flattened?: true;
}

export interface MapShape extends ShapeBase {
  readonly type: "map";
  readonly key: MemberRef;
  readonly value: MemberRef;
  readonly min?: number;
  readonly max?: number;
  readonly flattened?: true;
}

export interface StringShape extends ShapeBase {
  readonly type: "string";
  readonly min?: number;
  readonly max?: number;
  /** Java regular expression, matched against the whole value. */
  readonly pattern?: string;
  readonly enum?: readonly string[];
}

export interface NumberShape extends ShapeBase {
  readonly type: "integer" | "long" | "float" | "double";
  readonly min?: number;
  readonly max?: number;
}

export interface BlobShape extends ShapeBase {
  readonly type: "blob";
  readonly min?: number;
  readonly max?: number;
}

export interface BooleanShape extends ShapeBase {
  readonly type: "boolean";
}

export interface TimestampShape extends ShapeBase {
  readonly type: "timestamp";
  readonly timestampFormat?: "iso8601" | "unixTimestamp" | "rfc822";
}

export type Shape =
  | StructureShape
  | ListShape
  | MapShape
  | StringShape
  | NumberShape
  | BlobShape
  | BooleanShape
  | TimestampShape;

export interface ServiceModel {
  readonly metadata: ServiceMetadata;
  readonly operations: Readonly<Record<string, OperationModel>>;
  readonly shapes: Readonly<Record<string, Shape>>;
}
