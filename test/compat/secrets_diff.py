#!/usr/bin/env python3
"""Secrets Manager: the same calls against moto_server and paramstore, compared (see diff_lib.py).

Usage: python3 test/compat/secrets_diff.py --paramstore http://127.0.0.1:PORT [--moto URL] [-v] [--show-expected]
Every known difference carries the reason paramstore keeps it: the spec (/work/shared/spec/secretsmanager.md,
§5 is the AWS-vs-moto table), botocore's model, or public evidence of what AWS does.
ClientRequestTokens are always given so version ids are the same on both sides; secret ARNs (also inside messages)
are compared without their random 6-character suffix.
"""
from __future__ import annotations

import re
import sys
from typing import Any

sys.dont_write_bytecode = True  # no __pycache__ beside the sources
sys.path.insert(0, __import__("os").path.dirname(__file__))
from diff_lib import ACCOUNT, REGION, Step, main  # noqa: E402

PREFIX = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:"


def tok(n: int) -> str:
    """A 36-character ClientRequestToken, distinct per n."""
    return f"00000000-0000-4000-8000-{n:012d}"


def S(name: str, op: str, params: Any, **kw: Any) -> Step:
    return Step(name, "secretsmanager", op, params, **kw)


def save_arn(key: str):
    def save(state: dict, r) -> None:
        state[key] = r.body["ARN"]
    return save


def drop(secret_id: str) -> Step:
    """Removes a throw-away secret on both sides (moto accepted some that AWS and paramstore refuse)."""
    return S(f"cleanup/{secret_id}", "DeleteSecret", {"SecretId": secret_id, "ForceDeleteWithoutRecovery": True}, compare=False)


# ---- why a difference is kept (regex over the difference line -> reason)
NOT_FOUND_400 = {r"^status: moto=404 paramstore=400": "ResourceNotFoundException is HTTP 400 on AWS; moto sends 404 "
                                                      "(secretsmanager.md header and §5)"}
LAX = "moto accepts what AWS refuses (model constraints, both values at once, invalid names, writes to secrets "\
      "marked for deletion); paramstore follows the model and secretsmanager.md"
REFUSED = {r"^status: moto=200 paramstore=400": LAX, r"^code: moto=OK paramstore=": LAX}
MODEL_FIRST = {r"^(code|message): moto=": "a value outside the model's range fails model validation "
                                          "(ValidationException, protocol.md §4) before the service's own checks; "
                                          "moto has no model validation and answers with its own check"}
DEPRECATED = "a version without labels is deprecated and not listed (secretsmanager.md §1, §2.6: labelled versions "\
             "only); moto lists it with []"
LABEL_ORDER = "label order: sorted, as recorded AWS responses list them ([\"one\",\"two\",\"three\"] comes back "\
              "as [\"one\",\"three\",\"two\"]; [\"AWSCURRENT\", \"AWSPENDING\"] after a rotation); moto keeps attach order"
MOTO_STALE_CURRENT = "moto's GetSecretValue/BatchGetSecretValue keep returning the old version after "\
                     "UpdateSecretVersionStage moved AWSCURRENT (moto bug); AWS returns the AWSCURRENT version"
NULL = "moto sends members without a value as JSON null; AWS omits them (secretsmanager.md §2.6)"
ACCESSED = "LastAccessedDate is set by GetSecretValue (day granularity, secretsmanager.md §2.2); moto never sets it"
DESCRIBE = {r": only in moto \(null\)$": NULL,
            r"LastAccessedDate: type moto=null paramstore=number": ACCESSED,
            r"^SecretVersionsToStages: only in moto": "DescribeSecret's model has VersionIdsToStages only; moto also "
                                                      "sends ListSecrets' SecretVersionsToStages",
            r"^VersionIdsToStages\.[^:]+: only in moto \(\[\]\)": DEPRECATED}
LIST = {r"^SecretList\[\d+\]\.\w+: only in moto \(null\)$": NULL,
        r"^SecretList\[\d+\]\.LastAccessedDate: type moto=null paramstore=number": ACCESSED,
        r"^SecretList\[\d+\]\.VersionIdsToStages: only in moto": "ListSecrets entries carry SecretVersionsToStages "
                                                                 "(model); moto also sends DescribeSecret's member",
        r"^NextToken: only in moto \(null\)": "moto sends NextToken null on the last page; AWS omits it",
        r"^SecretList\[\d+\]\.SecretVersionsToStages\.[^:]+: only in moto \(\[\]\)": DEPRECATED,
        r"^SecretList\[\d+\]\.SecretVersionsToStages\.[^:]+\[\d\]: value": LABEL_ORDER}
VERSIONS = {r"^ARN: value moto=\"app/": "ListSecretVersionIds ARN is the secret's ARN (model); moto sends the name",
            r"^NextToken: only in moto \(\"\"\)": "moto sends an empty NextToken on the last page; AWS omits it",
            r"\.KmsKeyIds: only in paramstore": "SecretVersionsListEntry.KmsKeyIds is in the model; AWS names the "
                                                "managed key DefaultEncryptionKey (ListSecretVersionIds docs example)",
            r"\.LastAccessedDate: only in moto": "a version gets LastAccessedDate when it is read; moto stamps "
                                                "versions that were never read",
            r"^Versions\[\d+\]\.VersionStages: only in moto \(\[\]\)": DEPRECATED}
PREFIXED = {r"^message: moto=.*An error occurred \(": "moto wraps the text in 'An error occurred (...) when calling "
                                                     "...' plus whitespace; AWS sends the text alone"}
BATCH = {r"^NextToken: only in moto \(null\)": "moto sends NextToken null on the last page; AWS omits it"}


def creates() -> list[Step]:
    s: list[Step] = []
    s.append(S("create/string", "CreateSecret", {"Name": "app/db", "SecretString": '{"user":"admin","password":"p1"}',
                                                 "Description": "db creds", "ClientRequestToken": tok(1),
                                                 "Tags": [{"Key": "team", "Value": "db"}, {"Key": "env", "Value": "prod"}]},
               save=save_arn("db"), required=("ARN", "Name", "VersionId")))
    s.append(S("create/binary", "CreateSecret", {"Name": "app/bin", "SecretBinary": b"\x00\x01binary", "ClientRequestToken": tok(2)},
               save=save_arn("bin")))
    s.append(S("create/no-value", "CreateSecret", {"Name": "app/empty", "ClientRequestToken": tok(3)}, save=save_arn("empty")))
    s.append(S("create/exists", "CreateSecret", {"Name": "app/db", "SecretString": "x", "ClientRequestToken": tok(4)}))
    s.append(S("create/replay-same", "CreateSecret", {"Name": "app/db", "SecretString": '{"user":"admin","password":"p1"}',
                                                      "Description": "db creds", "ClientRequestToken": tok(1)}))
    s.append(S("create/replay-different", "CreateSecret", {"Name": "app/db", "SecretString": "other", "ClientRequestToken": tok(1)}))
    s.append(S("create/both-values", "CreateSecret", {"Name": "tmp/both", "SecretString": "a", "SecretBinary": b"b",
                                                      "ClientRequestToken": tok(5)}, expect=REFUSED))
    s.append(drop("tmp/both"))
    s.append(S("create/too-big", "CreateSecret", {"Name": "tmp/big", "SecretString": "x" * 65537, "ClientRequestToken": tok(6)}, expect=REFUSED))
    s.append(drop("tmp/big"))
    s.append(S("create/bad-name", "CreateSecret", {"Name": "tmp/bad name", "SecretString": "x", "ClientRequestToken": tok(7)}, expect=REFUSED))
    s.append(drop("tmp/bad name"))
    s.append(S("create/short-token", "CreateSecret", {"Name": "tmp/tok", "SecretString": "x", "ClientRequestToken": "short"},
               expect=MODEL_FIRST))
    s.append(S("create/empty-string", "CreateSecret", {"Name": "tmp/es", "SecretString": "", "ClientRequestToken": tok(8)}, expect=REFUSED))
    s.append(drop("tmp/es"))
    s.append(S("create/name-too-long", "CreateSecret", {"Name": "n" * 513, "SecretString": "x", "ClientRequestToken": tok(9)}, expect=REFUSED))
    s.append(drop("n" * 513))
    return s


def reads() -> list[Step]:
    s: list[Step] = []
    req = ("ARN", "Name", "VersionId", "VersionStages", "CreatedDate")
    s.append(S("get/current", "GetSecretValue", {"SecretId": "app/db"}, required=req + ("SecretString",)))
    s.append(S("get/by-arn", "GetSecretValue", lambda st: {"SecretId": st["db"]}))
    s.append(S("get/by-partial-arn", "GetSecretValue", {"SecretId": PREFIX + "app/db"}))
    s.append(S("get/binary", "GetSecretValue", {"SecretId": "app/bin"}, required=req + ("SecretBinary",)))
    s.append(S("get/no-value", "GetSecretValue", {"SecretId": "app/empty"}, expect=NOT_FOUND_400))
    s.append(S("get/missing", "GetSecretValue", {"SecretId": "app/nope"}, expect=NOT_FOUND_400))
    s.append(S("get/by-version", "GetSecretValue", {"SecretId": "app/db", "VersionId": tok(1)}))
    s.append(S("get/by-stage", "GetSecretValue", {"SecretId": "app/db", "VersionStage": "AWSCURRENT"}))
    s.append(S("get/bad-version", "GetSecretValue", {"SecretId": "app/db", "VersionId": tok(99)}, expect=NOT_FOUND_400))
    s.append(S("get/bad-stage", "GetSecretValue", {"SecretId": "app/db", "VersionStage": "NOPE"}, expect={
        **NOT_FOUND_400, r"^message: moto=\"Secrets Manager can't find the specified secret.\"":
        "unknown staging label: '... secret value for staging label: <stage>' (secretsmanager.md §2.2; moto uses that "
        "text itself when AWSCURRENT is missing)"}))
    s.append(S("get/stage-mismatch", "GetSecretValue", {"SecretId": "app/db", "VersionId": tok(1), "VersionStage": "AWSPREVIOUS"},
               expect=NOT_FOUND_400))
    s.append(S("get/invalid-name", "GetSecretValue", {"SecretId": "app/bad name"}, expect={
        r"^(status|code|message): moto=": "a SecretId that is neither an ARN nor a valid name: ValidationException "
        "'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!' "
        "(AWS's text as recorded in names.ts); moto looks it up"}))
    dreq = ("ARN", "Name", "LastChangedDate", "CreatedDate", "VersionIdsToStages")
    s.append(S("describe/db", "DescribeSecret", {"SecretId": "app/db"}, required=dreq, unordered=("Tags",), expect=DESCRIBE))
    s.append(S("describe/no-value", "DescribeSecret", {"SecretId": "app/empty"}, expect=DESCRIBE))
    s.append(S("describe/missing", "DescribeSecret", {"SecretId": "app/nope"}, expect=NOT_FOUND_400))
    s.append(S("versions/db", "ListSecretVersionIds", {"SecretId": "app/db"}, required=("Versions", "ARN", "Name"), expect=VERSIONS))
    s.append(S("versions/no-value", "ListSecretVersionIds", {"SecretId": "app/empty"}, expect=VERSIONS))
    s.append(S("versions/missing", "ListSecretVersionIds", {"SecretId": "app/nope"}, expect={
        r"^(status|code|message): moto=(500|HTTP500|None)": "moto crashes (HTTP 500) on an unknown secret here"}))
    return s


def writes() -> list[Step]:
    s: list[Step] = []
    s.append(S("put/v2", "PutSecretValue", {"SecretId": "app/db", "SecretString": "v2", "ClientRequestToken": tok(10)},
               required=("ARN", "Name", "VersionId", "VersionStages")))
    s.append(S("put/replay", "PutSecretValue", {"SecretId": "app/db", "SecretString": "v2", "ClientRequestToken": tok(10)}))
    s.append(S("put/replay-different", "PutSecretValue", {"SecretId": "app/db", "SecretString": "v2b", "ClientRequestToken": tok(10)}))
    s.append(S("put/no-value", "PutSecretValue", {"SecretId": "app/db", "ClientRequestToken": tok(11)}))
    s.append(S("put/custom-stage", "PutSecretValue", {"SecretId": "app/db", "SecretString": "v3", "ClientRequestToken": tok(12),
                                                      "VersionStages": ["CUSTOM"]}))
    s.append(S("put/first-on-empty", "PutSecretValue", {"SecretId": "app/empty", "SecretString": "first", "ClientRequestToken": tok(13),
                                                        "VersionStages": ["CUSTOM"]}, expect={r"^VersionStages\[\d\]: value": LABEL_ORDER}))
    s.append(S("put/missing", "PutSecretValue", {"SecretId": "app/nope", "SecretString": "x", "ClientRequestToken": tok(14)}, expect=NOT_FOUND_400))
    s.append(S("get/previous", "GetSecretValue", {"SecretId": "app/db", "VersionStage": "AWSPREVIOUS"}))
    s.append(S("describe/after-put", "DescribeSecret", {"SecretId": "app/db"}, unordered=("Tags",), expect=DESCRIBE))
    s.append(S("versions/after-put", "ListSecretVersionIds", {"SecretId": "app/db"}, unordered=("Versions",), expect=VERSIONS))
    s.append(S("versions/include-deprecated", "ListSecretVersionIds", {"SecretId": "app/db", "IncludeDeprecated": True},
               unordered=("Versions",), expect=VERSIONS))
    # UpdateSecret
    s.append(S("update/description", "UpdateSecret", {"SecretId": "app/db", "Description": "new description", "ClientRequestToken": tok(20)},
               required=("ARN", "Name")))
    s.append(S("update/value", "UpdateSecret", {"SecretId": "app/db", "SecretString": "v4", "ClientRequestToken": tok(21)},
               required=("ARN", "Name", "VersionId")))
    s.append(S("update/replay", "UpdateSecret", {"SecretId": "app/db", "SecretString": "v4", "ClientRequestToken": tok(21)}))
    s.append(S("update/replay-different", "UpdateSecret", {"SecretId": "app/db", "SecretString": "v4b", "ClientRequestToken": tok(21)}))
    s.append(S("update/missing", "UpdateSecret", {"SecretId": "app/nope", "Description": "x", "ClientRequestToken": tok(22)}, expect=NOT_FOUND_400))
    s.append(S("update/tmp", "CreateSecret", {"Name": "tmp/upd", "SecretString": "x", "ClientRequestToken": tok(24)}, compare=False))
    s.append(S("update/both-values", "UpdateSecret", {"SecretId": "tmp/upd", "SecretString": "a", "SecretBinary": b"b",
                                                      "ClientRequestToken": tok(23)}, expect=REFUSED))
    s.append(drop("tmp/upd"))
    # UpdateSecretVersionStage
    s.append(S("stage/move-current-no-remove", "UpdateSecretVersionStage", {"SecretId": "app/db", "VersionStage": "AWSCURRENT", "MoveToVersionId": tok(1)}))
    s.append(S("stage/move-current", "UpdateSecretVersionStage", {"SecretId": "app/db", "VersionStage": "AWSCURRENT",
                                                                  "MoveToVersionId": tok(1), "RemoveFromVersionId": tok(21)},
               required=("ARN", "Name")))
    s.append(S("stage/get-current", "GetSecretValue", {"SecretId": "app/db"}, expect={
        r"^(SecretString|VersionId|VersionStages\[0\]): value": MOTO_STALE_CURRENT}))
    s.append(S("stage/add-custom", "UpdateSecretVersionStage", {"SecretId": "app/db", "VersionStage": "MINE", "MoveToVersionId": tok(10)}))
    s.append(S("stage/remove-custom", "UpdateSecretVersionStage", {"SecretId": "app/db", "VersionStage": "MINE", "RemoveFromVersionId": tok(10)}))
    s.append(S("stage/remove-wrong-version", "UpdateSecretVersionStage", {"SecretId": "app/db", "VersionStage": "CUSTOM", "RemoveFromVersionId": tok(1)}))
    s.append(S("stage/unknown-version", "UpdateSecretVersionStage", {"SecretId": "app/db", "VersionStage": "X", "MoveToVersionId": tok(98)}))
    s.append(S("describe/after-stages", "DescribeSecret", {"SecretId": "app/db"}, unordered=("Tags",), expect=DESCRIBE))
    s.append(S("versions/after-stages", "ListSecretVersionIds", {"SecretId": "app/db", "IncludeDeprecated": True},
               unordered=("Versions",), expect=VERSIONS))
    return s


def listing() -> list[Step]:
    s: list[Step] = []
    u = ("SecretList",)
    s.append(S("list/all", "ListSecrets", {}, required=("SecretList",), unordered=u, expect=LIST))
    s.append(S("list/name-filter", "ListSecrets", {"Filters": [{"Key": "name", "Values": ["app/d"]}]}, unordered=u, expect=LIST))
    s.append(S("list/negated", "ListSecrets", {"Filters": [{"Key": "name", "Values": ["!app/d"]}]}, unordered=u, expect=LIST))
    s.append(S("list/tag-key", "ListSecrets", {"Filters": [{"Key": "tag-key", "Values": ["team"]}]}, unordered=u, expect=LIST))
    s.append(S("list/tag-value", "ListSecrets", {"Filters": [{"Key": "tag-value", "Values": ["prod"]}]}, unordered=u, expect=LIST))
    s.append(S("list/description", "ListSecrets", {"Filters": [{"Key": "description", "Values": ["description"]}]}, unordered=u, expect=LIST))
    s.append(S("list/all-filter", "ListSecrets", {"Filters": [{"Key": "all", "Values": ["db"]}]}, unordered=u, expect=LIST))
    s.append(S("list/bad-key", "ListSecrets", {"Filters": [{"Key": "bogus", "Values": ["x"]}]}, expect={
        r"^message: moto=.*\[all, name, tag-key, description, tag-value\]": "enum listed as in the current model (7 keys); "
        "moto prints an older 5-key list"}))
    sort = {r"^SecretList\[": "moto ignores SortBy/SortOrder (creation order); paramstore sorts as asked"}
    s.append(S("list/sort-name-desc", "ListSecrets", {"SortBy": "name", "SortOrder": "desc"}, expect={**LIST, **sort}))
    s.append(S("list/max-1", "ListSecrets", {"MaxResults": 1, "SortBy": "name"}, ignore=(r"^NextToken$",), expect={**LIST, **sort}))
    s.append(S("list/max-0", "ListSecrets", {"MaxResults": 0}, expect={
        **REFUSED, r"^(status|code): moto=": "MaxResults below the model's minimum 1 is a ValidationException"}))
    s.append(S("list/bad-token", "ListSecrets", {"NextToken": "garbage"}, expect={
        r"^(status|code|message): moto=(500|HTTP500|None)": "moto crashes (HTTP 500) on a token it did not issue; the "
        "model's InvalidNextTokenException is the answer"}))
    return s


def tags_and_policies() -> list[Step]:
    s: list[Step] = []
    s.append(S("tag/add", "TagResource", {"SecretId": "app/db", "Tags": [{"Key": "new", "Value": "1"}, {"Key": "team", "Value": "ops"}]}))
    s.append(S("tag/missing", "TagResource", {"SecretId": "app/nope", "Tags": [{"Key": "a", "Value": "b"}]}, expect=NOT_FOUND_400))
    s.append(S("untag/remove", "UntagResource", {"SecretId": "app/db", "TagKeys": ["env", "absent"]}))
    s.append(S("untag/missing", "UntagResource", {"SecretId": "app/nope", "TagKeys": ["a"]}, expect=NOT_FOUND_400))
    s.append(S("describe/after-tags", "DescribeSecret", {"SecretId": "app/db"}, unordered=("Tags",), expect=DESCRIBE))
    policy = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},'
              '"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}')
    s.append(S("policy/get-none", "GetResourcePolicy", {"SecretId": "app/db"}, required=("ARN", "Name")))
    s.append(S("policy/put", "PutResourcePolicy", {"SecretId": "app/db", "ResourcePolicy": policy}, required=("ARN", "Name")))
    s.append(S("policy/get", "GetResourcePolicy", {"SecretId": "app/db"}, required=("ARN", "Name", "ResourcePolicy")))
    s.append(S("policy/delete", "DeleteResourcePolicy", {"SecretId": "app/db"}, required=("ARN", "Name")))
    s.append(S("policy/missing", "GetResourcePolicy", {"SecretId": "app/nope"}, expect=NOT_FOUND_400))
    return s


def rotation() -> list[Step]:
    s: list[Step] = []
    s.append(S("rotate/missing", "RotateSecret", {"SecretId": "app/nope", "ClientRequestToken": tok(40)}, expect=NOT_FOUND_400))
    s.append(S("rotate/bad-days", "RotateSecret", {"SecretId": "app/db", "ClientRequestToken": tok(41),
                                                   "RotationRules": {"AutomaticallyAfterDays": 1001}}, expect=MODEL_FIRST))
    s.append(S("cancel/not-configured", "CancelRotateSecret", {"SecretId": "app/db"}))
    s.append(S("cancel/missing", "CancelRotateSecret", {"SecretId": "app/nope"}, expect=NOT_FOUND_400))
    return s


def passwords() -> list[Step]:
    s: list[Step] = []
    s.append(S("password/default", "GetRandomPassword", {}, required=("RandomPassword",)))
    s.append(S("password/len-8", "GetRandomPassword", {"PasswordLength": 8, "ExcludePunctuation": True}))
    s.append(S("password/too-long", "GetRandomPassword", {"PasswordLength": 4097}, expect={
        r"^code: moto=InvalidParameterValue paramstore=ValidationException": "GetRandomPassword length: AWS answers "
        "ValidationException (secretsmanager.md §2.13, §5); moto's code is not even a Secrets Manager error", **PREFIXED,
        r"^message: moto=\"ClientError: An error occurred": "moto wraps AWS's text in its own prefix"}))
    s.append(S("password/zero", "GetRandomPassword", {"PasswordLength": 0}, expect=MODEL_FIRST))
    s.append(S("password/too-short-for-types", "GetRandomPassword", {"PasswordLength": 3}, expect={
        r"^message: moto='InvalidParameterException: An error occurred": "moto wraps the text in its own prefix"}))
    s.append(S("password/everything-excluded", "GetRandomPassword", {"ExcludeNumbers": True, "ExcludePunctuation": True,
                                                                     "ExcludeUppercase": True, "ExcludeLowercase": True},
               expect={r"^(status|code|message): moto=(500|HTTP500|None)": "moto crashes (HTTP 500) when every class is excluded"}))
    return s


def batch() -> list[Step]:
    s: list[Step] = []
    stale = {r"^SecretValues\[0\]\.(SecretString|VersionId|VersionStages\[0\]): value": MOTO_STALE_CURRENT,
             r"^SecretValues\[1\]\.VersionStages\[\d\]: value": LABEL_ORDER}
    s.append(S("batch/ids", "BatchGetSecretValue", {"SecretIdList": ["app/db", "app/nope", "app/empty"]},
               required=("SecretValues", "Errors"), unordered=("SecretValues", "Errors"), expect={**BATCH, **stale}))
    s.append(S("batch/filters", "BatchGetSecretValue", {"Filters": [{"Key": "name", "Values": ["app/d"]}]},
               unordered=("SecretValues",), expect={**BATCH, **stale}))
    s.append(S("batch/both", "BatchGetSecretValue", {"SecretIdList": ["app/db"], "Filters": [{"Key": "name", "Values": ["app"]}]}))
    s.append(S("batch/max-without-filters", "BatchGetSecretValue", {"SecretIdList": ["app/db"], "MaxResults": 5}))
    return s


def deletion() -> list[Step]:
    s: list[Step] = []
    s.append(S("delete/window-too-short", "DeleteSecret", {"SecretId": "app/db", "RecoveryWindowInDays": 6}, expect=PREFIXED))
    s.append(S("delete/both-options", "DeleteSecret", {"SecretId": "app/db", "RecoveryWindowInDays": 7, "ForceDeleteWithoutRecovery": True},
               expect=PREFIXED))
    s.append(S("delete/missing", "DeleteSecret", {"SecretId": "app/nope"}, expect=NOT_FOUND_400))
    s.append(S("delete/window", "DeleteSecret", {"SecretId": "app/db", "RecoveryWindowInDays": 7}, required=("ARN", "Name", "DeletionDate")))
    s.append(S("delete/again", "DeleteSecret", {"SecretId": "app/db"}, expect=PREFIXED))
    deleted_text = {r"^message: moto=.*currently marked deleted": "AWS: 'You can't perform this operation on the secret "
                    "because it was marked for deletion.' (observed, secretsmanager.md §2.2, §5)", **PREFIXED}
    s.append(S("deleted/get", "GetSecretValue", {"SecretId": "app/db"}, expect=deleted_text))
    s.append(S("deleted/update", "UpdateSecret", {"SecretId": "app/db", "Description": "x", "ClientRequestToken": tok(51)}, expect=deleted_text))
    s.append(S("deleted/describe", "DescribeSecret", {"SecretId": "app/db"}, required=("DeletedDate",), unordered=("Tags",), expect=DESCRIBE))
    s.append(S("deleted/list-hidden", "ListSecrets", {"Filters": [{"Key": "name", "Values": ["app/db"]}]}, expect=LIST))
    s.append(S("deleted/list-included", "ListSecrets", {"IncludePlannedDeletion": True, "Filters": [{"Key": "name", "Values": ["app/db"]}]},
               expect=LIST))
    s.append(S("deleted/create-same-name", "CreateSecret", {"Name": "app/db", "SecretString": "x", "ClientRequestToken": tok(52)}, expect={
        r"^(code|message): moto=": "re-creating a name scheduled for deletion: InvalidRequestException 'You can't create "
        "this secret because a secret with this name is already scheduled for deletion.' (observed, secretsmanager.md §2.1)"}))
    s.append(S("restore/ok", "RestoreSecret", {"SecretId": "app/db"}, required=("ARN", "Name")))
    s.append(S("restore/not-deleted", "RestoreSecret", {"SecretId": "app/db"}))
    s.append(S("restore/missing", "RestoreSecret", {"SecretId": "app/nope"}, expect=NOT_FOUND_400))
    s.append(S("restored/get", "GetSecretValue", {"SecretId": "app/db"}, expect={
        r"^(SecretString|VersionId|VersionStages\[0\]): value": MOTO_STALE_CURRENT}))
    # a write to a secret marked for deletion, on a secret of its own (moto accepts it and would change app/db)
    s.append(S("deleted/put-setup", "CreateSecret", {"Name": "tmp/del", "SecretString": "x", "ClientRequestToken": tok(54)}, compare=False))
    s.append(S("deleted/put-setup-2", "DeleteSecret", {"SecretId": "tmp/del", "RecoveryWindowInDays": 7}, compare=False))
    s.append(S("deleted/put", "PutSecretValue", {"SecretId": "tmp/del", "SecretString": "y", "ClientRequestToken": tok(50)}, expect=REFUSED))
    s.append(drop("tmp/del"))
    s.append(S("delete/force", "DeleteSecret", {"SecretId": "app/db", "ForceDeleteWithoutRecovery": True}))
    s.append(S("delete/force-missing", "DeleteSecret", {"SecretId": "app/never", "ForceDeleteWithoutRecovery": True}))
    s.append(S("forced/get", "GetSecretValue", {"SecretId": "app/db"}, expect=NOT_FOUND_400))
    s.append(S("forced/recreate", "CreateSecret", {"Name": "app/db", "SecretString": "again", "ClientRequestToken": tok(53)}))
    return s


def rotation_shapes() -> list[Step]:
    """paramstore only (moto needs a real Lambda): the rotation members of DescribeSecret/ListSecrets against the model."""
    s: list[Step] = []
    fn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:paramstore-rotator-postgres-single-user"
    s.append(S("rot/create", "CreateSecret", {"Name": "tmp/rot", "SecretString": '{"username":"u","password":"p"}',
                                              "ClientRequestToken": tok(60)}, only="paramstore"))
    s.append(S("rot/rotate", "RotateSecret", {"SecretId": "tmp/rot", "ClientRequestToken": tok(61), "RotationLambdaARN": fn,
                                              "RotateImmediately": False, "RotationRules": {"ScheduleExpression": "rate(10 days)", "Duration": "3h"}},
               only="paramstore", required=("ARN", "Name")))
    rot = ("RotationEnabled", "RotationLambdaARN", "RotationRules.ScheduleExpression", "RotationRules.Duration", "NextRotationDate")
    s.append(S("rot/describe", "DescribeSecret", {"SecretId": "tmp/rot"}, only="paramstore", required=rot))
    s.append(S("rot/list", "ListSecrets", {"Filters": [{"Key": "name", "Values": ["tmp/rot"]}]}, only="paramstore",
               required=tuple(f"SecretList[*].{m}" for m in ("RotationEnabled", "RotationLambdaARN", "RotationRules"))))
    s.append(S("rot/cancel", "CancelRotateSecret", {"SecretId": "tmp/rot"}, only="paramstore", required=("ARN", "Name")))
    s.append(S("rot/describe-cancelled", "DescribeSecret", {"SecretId": "tmp/rot"}, only="paramstore", required=("RotationEnabled",)))
    s.append(S("rot/drop", "DeleteSecret", {"SecretId": "tmp/rot", "ForceDeleteWithoutRecovery": True}, only="paramstore"))
    return s


def reference() -> list[Step]:
    """Parameter Store's /aws/reference/secretsmanager/ path (ssm.md §11), against moto's implementation."""
    ref = "/aws/reference/secretsmanager/"
    name_source = {r"^Parameter\.Name: value moto=\"app/db\" paramstore=\"/aws/reference/secretsmanager/app/db\"":
                   "reference Name is the full reference path (AWS docs example, ssm.md §11); moto uses the secret name",
                   r"^Parameter\.(SourceResult|LastModifiedDate|Version)": "SourceResult is GetSecretValue's JSON plus "
                   "VersionIdsToStages (ssm.md §11); moto builds it from DescribeSecret",
                   r"^Parameter\.Selector: only in paramstore": "Selector ':<selector>' as for plain parameters",
                   r"^Parameter\.ARN: value moto=\"arn:aws:ssm:": "reference ARN is the secret's ARN (AWS docs example, "
                   "ssm.md §11); moto makes up a parameter ARN",
                   r"^Parameter\.DataType: only in moto": "real GetParameter answers for a reference carry no DataType "
                   "(responses recorded from AWS); moto adds text"}
    s: list[Step] = []
    s.append(Step("ref/get", "ssm", "GetParameter", {"Name": ref + "app/db", "WithDecryption": True}, expect=name_source,
                  required=("Parameter.Name", "Parameter.Type", "Parameter.Value", "Parameter.Version", "Parameter.ARN",
                            "Parameter.SourceResult", "Parameter.LastModifiedDate")))
    s.append(Step("ref/get-stage", "ssm", "GetParameter", {"Name": ref + "app/db:AWSCURRENT", "WithDecryption": True}, expect=name_source))
    s.append(Step("ref/no-decryption", "ssm", "GetParameter", {"Name": ref + "app/db"}))
    s.append(Step("ref/missing", "ssm", "GetParameter", {"Name": ref + "app/nope", "WithDecryption": True}))
    s.append(Step("ref/gets", "ssm", "GetParameters", {"Names": [ref + "app/db", ref + "app/nope"], "WithDecryption": True},
                  expect={r"^Parameters\[0\]\.(Name|SourceResult|LastModifiedDate|Version|Selector|ARN)": "as ref/get",
                          r"^(status|code): moto=": "GetParameters reports an unknown reference in InvalidParameters like "
                          "any unknown name (ssm.md §6.3); moto fails the whole call (an artefact of its lookup)"}))
    return s


def steps() -> list[Step]:
    return [*creates(), *reads(), *writes(), *listing(), *tags_and_policies(), *rotation(), *rotation_shapes(), *passwords(),
            *batch(), *reference(), *deletion()]


# A secret ARN ends in "-" + 6 random characters, generated per server: compared without them, in values and messages.
_ARN_SUFFIX = re.compile(r"(arn:aws:secretsmanager:[a-z0-9-]+:\d{12}:secret:[^\s\"']+?)-[A-Za-z0-9]{6}(?![A-Za-z0-9])")


def normalize(path: str, v: Any) -> Any:
    if isinstance(v, str):
        return _ARN_SUFFIX.sub(r"\1-<suffix>", v)
    return v


if __name__ == "__main__":
    sys.exit(main(steps, normalize, sys.argv[1:]))
