#!/usr/bin/env python3
"""Secrets Manager: the same calls against moto_server and paramstore, compared (see diff_lib.py).

Usage: python3 test/compat/secrets_diff.py --paramstore http://127.0.0.1:PORT [--moto URL] [-v] [--show-expected]
Every known difference carries the reason paramstore keeps it: the spec (/work/shared/spec/secretsmanager.md,
§5 is the AWS-vs-moto table), botocore's model, or public evidence of what AWS does.
ClientRequestTokens are always given so version ids are the same on both sides; secret ARNs are compared
without their random 6-character suffix.
"""
from __future__ import annotations

import base64
import re
import sys
from typing import Any

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


def drop(name: str, *ids: str) -> Step:
    """Removes throw-away secrets on both sides (moto accepted some that AWS and paramstore refuse)."""
    return Step(f"cleanup/{name}", "secretsmanager", "BatchGetSecretValue", {"SecretIdList": ["-"]}, compare=False,
                only=None) if not ids else _drops(name, ids)


def _drops(name: str, ids: tuple) -> Step:
    # One DeleteSecret per id would be many steps; the first id is enough where only one secret is involved.
    return S(f"cleanup/{name}", "DeleteSecret", {"SecretId": ids[0], "ForceDeleteWithoutRecovery": True}, compare=False)


# ---- why a difference is kept
NOT_FOUND_400 = "ResourceNotFoundException is HTTP 400 on AWS; moto sends 404 (secretsmanager.md header, §5)"
STATUS_404 = {r"^status: moto=404 paramstore=400": NOT_FOUND_400}
LAX = "moto accepts what AWS refuses (model constraints, both values, invalid names, writes to deleted secrets); "\
      "paramstore follows the model and secretsmanager.md"
REFUSED = {r"^status: moto=200 paramstore=400": LAX, r"^code: moto=OK paramstore=": LAX}
NULLS = {r": only in moto \(null\)$": "moto sends members as JSON null; AWS omits members without a value "
                                      "(secretsmanager.md §2.6)",
         r"LastAccessedDate: type moto=null paramstore=number": "LastAccessedDate is set by GetSecretValue (day "
                                                                 "granularity, secretsmanager.md §2.2); moto sends null"}
DESCRIBE = {**NULLS, r"^SecretVersionsToStages: only in moto": "DescribeSecret's model has VersionIdsToStages only; "
            "moto also sends ListSecrets' SecretVersionsToStages"}
LIST = {**{f"^SecretList\\[\\d+\\]\\.{k[1:]}": v for k, v in NULLS.items()},
        r"^SecretList\[\d+\]\.VersionIdsToStages: only in moto": "ListSecrets entries carry SecretVersionsToStages "
        "(model); moto also sends DescribeSecret's VersionIdsToStages",
        r"^NextToken: only in moto \(null\)": "moto sends NextToken null on the last page; AWS omits it"}
VERSIONS = {r"^ARN: value moto=\"app/": "ListSecretVersionIds ARN is the secret's ARN (model); moto returns the name",
            r"^NextToken: only in moto \(\"\"\)": "moto sends an empty NextToken on the last page; AWS omits it",
            r"\.KmsKeyIds: only in paramstore": "SecretVersionsListEntry.KmsKeyIds is in the model; AWS names the "
            "managed key DefaultEncryptionKey (ListSecretVersionIds docs example); moto omits it",
            r"\.LastAccessedDate: only in moto": "LastAccessedDate appears once a version was read; moto stamps versions "
            "that were never read"}
MOTO_PREFIX = "moto wraps the text in 'An error occurred (...) when calling ...' and whitespace; AWS sends the text only"


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
    s.append(S("create/both-values", "CreateSecret", {"Name": "app/both", "SecretString": "a", "SecretBinary": b"b", "ClientRequestToken": tok(5)}))
    s.append(S("create/too-big", "CreateSecret", {"Name": "app/big", "SecretString": "x" * 65537, "ClientRequestToken": tok(6)}))
    s.append(S("create/bad-name", "CreateSecret", {"Name": "app/bad name", "SecretString": "x", "ClientRequestToken": tok(7)}))
    s.append(S("create/short-token", "CreateSecret", {"Name": "app/tok", "SecretString": "x", "ClientRequestToken": "short"}))
    s.append(S("create/empty-string", "CreateSecret", {"Name": "app/es", "SecretString": "", "ClientRequestToken": tok(8)}))
    s.append(S("create/name-too-long", "CreateSecret", {"Name": "n" * 513, "SecretString": "x", "ClientRequestToken": tok(9)}))
    return s


def reads() -> list[Step]:
    s: list[Step] = []
    req = ("ARN", "Name", "VersionId", "VersionStages", "CreatedDate")
    s.append(S("get/current", "GetSecretValue", {"SecretId": "app/db"}, required=req + ("SecretString",)))
    s.append(S("get/by-arn", "GetSecretValue", lambda st: {"SecretId": st["db"]}))
    s.append(S("get/by-partial-arn", "GetSecretValue", {"SecretId": PREFIX + "app/db"}))
    s.append(S("get/binary", "GetSecretValue", {"SecretId": "app/bin"}, required=req + ("SecretBinary",)))
    s.append(S("get/no-value", "GetSecretValue", {"SecretId": "app/empty"}))
    s.append(S("get/missing", "GetSecretValue", {"SecretId": "app/nope"}))
    s.append(S("get/by-version", "GetSecretValue", {"SecretId": "app/db", "VersionId": tok(1)}))
    s.append(S("get/by-stage", "GetSecretValue", {"SecretId": "app/db", "VersionStage": "AWSCURRENT"}))
    s.append(S("get/bad-version", "GetSecretValue", {"SecretId": "app/db", "VersionId": tok(99)}))
    s.append(S("get/bad-stage", "GetSecretValue", {"SecretId": "app/db", "VersionStage": "NOPE"}))
    s.append(S("get/stage-mismatch", "GetSecretValue", {"SecretId": "app/db", "VersionId": tok(1), "VersionStage": "AWSPREVIOUS"}))
    s.append(S("get/invalid-name", "GetSecretValue", {"SecretId": "app/bad name"}))
    dreq = ("ARN", "Name", "LastChangedDate", "CreatedDate", "VersionIdsToStages")
    s.append(S("describe/db", "DescribeSecret", {"SecretId": "app/db"}, required=dreq))
    s.append(S("describe/no-value", "DescribeSecret", {"SecretId": "app/empty"}))
    s.append(S("describe/missing", "DescribeSecret", {"SecretId": "app/nope"}))
    s.append(S("versions/db", "ListSecretVersionIds", {"SecretId": "app/db"}, required=("Versions", "ARN", "Name")))
    s.append(S("versions/no-value", "ListSecretVersionIds", {"SecretId": "app/empty"}))
    s.append(S("versions/missing", "ListSecretVersionIds", {"SecretId": "app/nope"}))
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
                                                        "VersionStages": ["CUSTOM"]}))
    s.append(S("put/missing", "PutSecretValue", {"SecretId": "app/nope", "SecretString": "x", "ClientRequestToken": tok(14)}))
    s.append(S("get/previous", "GetSecretValue", {"SecretId": "app/db", "VersionStage": "AWSPREVIOUS"}))
    s.append(S("describe/after-put", "DescribeSecret", {"SecretId": "app/db"}))
    s.append(S("versions/after-put", "ListSecretVersionIds", {"SecretId": "app/db"}, unordered=("Versions",)))
    s.append(S("versions/include-deprecated", "ListSecretVersionIds", {"SecretId": "app/db", "IncludeDeprecated": True}, unordered=("Versions",)))
    # UpdateSecret
    s.append(S("update/description", "UpdateSecret", {"SecretId": "app/db", "Description": "new description", "ClientRequestToken": tok(20)},
               required=("ARN", "Name")))
    s.append(S("update/value", "UpdateSecret", {"SecretId": "app/db", "SecretString": "v4", "ClientRequestToken": tok(21)},
               required=("ARN", "Name", "VersionId")))
    s.append(S("update/replay", "UpdateSecret", {"SecretId": "app/db", "SecretString": "v4", "ClientRequestToken": tok(21)}))
    s.append(S("update/replay-different", "UpdateSecret", {"SecretId": "app/db", "SecretString": "v4b", "ClientRequestToken": tok(21)}))
    s.append(S("update/missing", "UpdateSecret", {"SecretId": "app/nope", "Description": "x", "ClientRequestToken": tok(22)}))
    s.append(S("update/both-values", "UpdateSecret", {"SecretId": "app/db", "SecretString": "a", "SecretBinary": b"b", "ClientRequestToken": tok(23)}))
    # UpdateSecretVersionStage
    s.append(S("stage/move-current-no-remove", "UpdateSecretVersionStage", {"SecretId": "app/db", "VersionStage": "AWSCURRENT", "MoveToVersionId": tok(1)}))
    s.append(S("stage/move-current", "UpdateSecretVersionStage", {"SecretId": "app/db", "VersionStage": "AWSCURRENT",
                                                                  "MoveToVersionId": tok(1), "RemoveFromVersionId": tok(21)},
               required=("ARN", "Name")))
    s.append(S("stage/add-custom", "UpdateSecretVersionStage", {"SecretId": "app/db", "VersionStage": "MINE", "MoveToVersionId": tok(10)}))
    s.append(S("stage/remove-custom", "UpdateSecretVersionStage", {"SecretId": "app/db", "VersionStage": "MINE", "RemoveFromVersionId": tok(10)}))
    s.append(S("stage/remove-wrong-version", "UpdateSecretVersionStage", {"SecretId": "app/db", "VersionStage": "CUSTOM", "RemoveFromVersionId": tok(1)}))
    s.append(S("stage/unknown-version", "UpdateSecretVersionStage", {"SecretId": "app/db", "VersionStage": "X", "MoveToVersionId": tok(98)}))
    s.append(S("describe/after-stages", "DescribeSecret", {"SecretId": "app/db"}))
    s.append(S("versions/after-stages", "ListSecretVersionIds", {"SecretId": "app/db", "IncludeDeprecated": True}, unordered=("Versions",)))
    return s


def listing() -> list[Step]:
    s: list[Step] = []
    lreq = ("SecretList",)
    u = ("SecretList",)
    s.append(S("list/all", "ListSecrets", {}, required=lreq, unordered=u))
    s.append(S("list/name-filter", "ListSecrets", {"Filters": [{"Key": "name", "Values": ["app/d"]}]}, unordered=u))
    s.append(S("list/negated", "ListSecrets", {"Filters": [{"Key": "name", "Values": ["!app/d"]}]}, unordered=u))
    s.append(S("list/tag-key", "ListSecrets", {"Filters": [{"Key": "tag-key", "Values": ["team"]}]}, unordered=u))
    s.append(S("list/tag-value", "ListSecrets", {"Filters": [{"Key": "tag-value", "Values": ["prod"]}]}, unordered=u))
    s.append(S("list/description", "ListSecrets", {"Filters": [{"Key": "description", "Values": ["description"]}]}, unordered=u))
    s.append(S("list/all-filter", "ListSecrets", {"Filters": [{"Key": "all", "Values": ["db"]}]}, unordered=u))
    s.append(S("list/bad-key", "ListSecrets", {"Filters": [{"Key": "bogus", "Values": ["x"]}]}))
    s.append(S("list/sort-name-desc", "ListSecrets", {"SortBy": "name", "SortOrder": "desc"}))
    s.append(S("list/max-1", "ListSecrets", {"MaxResults": 1, "SortBy": "name"}, ignore=(r"^NextToken$",)))
    s.append(S("list/max-0", "ListSecrets", {"MaxResults": 0}))
    s.append(S("list/bad-token", "ListSecrets", {"NextToken": "garbage"}))
    return s


def tags_and_policies() -> list[Step]:
    s: list[Step] = []
    s.append(S("tag/add", "TagResource", {"SecretId": "app/db", "Tags": [{"Key": "new", "Value": "1"}, {"Key": "team", "Value": "ops"}]}))
    s.append(S("tag/missing", "TagResource", {"SecretId": "app/nope", "Tags": [{"Key": "a", "Value": "b"}]}))
    s.append(S("untag/remove", "UntagResource", {"SecretId": "app/db", "TagKeys": ["env", "absent"]}))
    s.append(S("untag/missing", "UntagResource", {"SecretId": "app/nope", "TagKeys": ["a"]}))
    s.append(S("describe/after-tags", "DescribeSecret", {"SecretId": "app/db"}, unordered=("Tags",)))
    policy = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},'
              '"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}')
    s.append(S("policy/get-none", "GetResourcePolicy", {"SecretId": "app/db"}, required=("ARN", "Name")))
    s.append(S("policy/put", "PutResourcePolicy", {"SecretId": "app/db", "ResourcePolicy": policy}, required=("ARN", "Name")))
    s.append(S("policy/get", "GetResourcePolicy", {"SecretId": "app/db"}, required=("ARN", "Name", "ResourcePolicy")))
    s.append(S("policy/delete", "DeleteResourcePolicy", {"SecretId": "app/db"}, required=("ARN", "Name")))
    s.append(S("policy/missing", "GetResourcePolicy", {"SecretId": "app/nope"}))
    return s


def rotation() -> list[Step]:
    s: list[Step] = []
    s.append(S("rotate/missing", "RotateSecret", {"SecretId": "app/nope", "ClientRequestToken": tok(40)}))
    s.append(S("rotate/bad-days", "RotateSecret", {"SecretId": "app/db", "ClientRequestToken": tok(41),
                                                   "RotationRules": {"AutomaticallyAfterDays": 1001}}))
    s.append(S("cancel/not-configured", "CancelRotateSecret", {"SecretId": "app/db"}))
    s.append(S("cancel/missing", "CancelRotateSecret", {"SecretId": "app/nope"}))
    return s


def passwords() -> list[Step]:
    s: list[Step] = []
    s.append(S("password/default", "GetRandomPassword", {}, required=("RandomPassword",)))
    s.append(S("password/len-8", "GetRandomPassword", {"PasswordLength": 8, "ExcludePunctuation": True}))
    s.append(S("password/too-long", "GetRandomPassword", {"PasswordLength": 4097}))
    s.append(S("password/zero", "GetRandomPassword", {"PasswordLength": 0}))
    s.append(S("password/too-short-for-types", "GetRandomPassword", {"PasswordLength": 3}))
    s.append(S("password/everything-excluded", "GetRandomPassword", {"ExcludeNumbers": True, "ExcludePunctuation": True,
                                                                     "ExcludeUppercase": True, "ExcludeLowercase": True}))
    return s


def batch() -> list[Step]:
    s: list[Step] = []
    s.append(S("batch/ids", "BatchGetSecretValue", {"SecretIdList": ["app/db", "app/nope", "app/empty"]},
               required=("SecretValues", "Errors"), unordered=("SecretValues", "Errors")))
    s.append(S("batch/filters", "BatchGetSecretValue", {"Filters": [{"Key": "name", "Values": ["app/d"]}]}, unordered=("SecretValues",)))
    s.append(S("batch/both", "BatchGetSecretValue", {"SecretIdList": ["app/db"], "Filters": [{"Key": "name", "Values": ["app"]}]}))
    s.append(S("batch/max-without-filters", "BatchGetSecretValue", {"SecretIdList": ["app/db"], "MaxResults": 5}))
    return s


def deletion() -> list[Step]:
    s: list[Step] = []
    s.append(S("delete/window-too-short", "DeleteSecret", {"SecretId": "app/db", "RecoveryWindowInDays": 6}))
    s.append(S("delete/both-options", "DeleteSecret", {"SecretId": "app/db", "RecoveryWindowInDays": 7, "ForceDeleteWithoutRecovery": True}))
    s.append(S("delete/missing", "DeleteSecret", {"SecretId": "app/nope"}))
    s.append(S("delete/window", "DeleteSecret", {"SecretId": "app/db", "RecoveryWindowInDays": 7}, required=("ARN", "Name", "DeletionDate")))
    s.append(S("delete/again", "DeleteSecret", {"SecretId": "app/db"}))
    s.append(S("deleted/get", "GetSecretValue", {"SecretId": "app/db"}))
    s.append(S("deleted/put", "PutSecretValue", {"SecretId": "app/db", "SecretString": "x", "ClientRequestToken": tok(50)}))
    s.append(S("deleted/update", "UpdateSecret", {"SecretId": "app/db", "Description": "x", "ClientRequestToken": tok(51)}))
    s.append(S("deleted/describe", "DescribeSecret", {"SecretId": "app/db"}, required=("DeletedDate",)))
    s.append(S("deleted/list-hidden", "ListSecrets", {"Filters": [{"Key": "name", "Values": ["app/db"]}]}))
    s.append(S("deleted/list-included", "ListSecrets", {"IncludePlannedDeletion": True, "Filters": [{"Key": "name", "Values": ["app/db"]}]}))
    s.append(S("deleted/create-same-name", "CreateSecret", {"Name": "app/db", "SecretString": "x", "ClientRequestToken": tok(52)}))
    s.append(S("restore/ok", "RestoreSecret", {"SecretId": "app/db"}, required=("ARN", "Name")))
    s.append(S("restore/not-deleted", "RestoreSecret", {"SecretId": "app/db"}))
    s.append(S("restore/missing", "RestoreSecret", {"SecretId": "app/nope"}))
    s.append(S("restored/get", "GetSecretValue", {"SecretId": "app/db"}))
    s.append(S("delete/force", "DeleteSecret", {"SecretId": "app/db", "ForceDeleteWithoutRecovery": True}))
    s.append(S("delete/force-missing", "DeleteSecret", {"SecretId": "app/never", "ForceDeleteWithoutRecovery": True}))
    s.append(S("forced/get", "GetSecretValue", {"SecretId": "app/db"}))
    s.append(S("forced/recreate", "CreateSecret", {"Name": "app/db", "SecretString": "again", "ClientRequestToken": tok(53)}))
    return s


def steps() -> list[Step]:
    return [*creates(), *reads(), *writes(), *listing(), *tags_and_policies(), *rotation(), *passwords(), *batch(), *deletion()]


_SUFFIX = re.compile(r"(arn:aws:secretsmanager:[^:]+:\d+:secret:.+)-[A-Za-z0-9]{6}$")


def normalize(path: str, v: Any) -> Any:
    if isinstance(v, str):
        m = _SUFFIX.match(v)
        if m:
            return f"{m.group(1)}-<suffix>"
    return v


if __name__ == "__main__":
    sys.exit(main(steps, normalize, sys.argv[1:]))
