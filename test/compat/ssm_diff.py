#!/usr/bin/env python3
"""Parameter Store: the same calls against moto_server and paramstore, compared (see diff_lib.py).

Usage: python3 test/compat/ssm_diff.py --paramstore http://127.0.0.1:PORT [--moto URL] [-v] [--show-expected]
Known differences carry the reason we keep them (spec ssm.md §13 or evidence that moto differs from AWS).
"""
from __future__ import annotations

import sys
from typing import Any

sys.path.insert(0, __import__("os").path.dirname(__file__))
from diff_lib import ACCOUNT, REGION, Step, main  # noqa: E402

ARN = f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter"

# Reasons, shared by many steps.
MOTO_USER = "moto returns LastModifiedUser N/A; AWS the caller's ARN (ssm.md §10, §13)"
MOTO_CIPHERTEXT = "moto's fake ciphertext kms:<key>:<value> leaks the value; AWS returns base64 KMS ciphertext (ssm.md §8)"
MOTO_NO_SIZE = "moto does not enforce the 4 KB / 8 KB limits; AWS does (ssm.md §13)"
MOTO_NO_POLICY_CHECK = "moto accepts and hides invalid or Standard-tier policies; AWS rejects them (ssm.md §13)"
MOTO_MAXRESULTS = "moto ignores DescribeParameters MaxResults (always 10); AWS honours it (ssm.md §13)"
MOTO_NOT_FOUND_NO_MESSAGE = "AWS sends ParameterNotFound without a message; the spec keeps moto's text (ssm.md §13)"


def P(name: str, op: str, params: Any, **kw: Any) -> Step:
    return Step(name, "ssm", op, params, **kw)


def put(name: str, pname: str, value: str = "v", typ: str | None = "String", **extra: Any) -> Step:
    params = {"Name": pname, "Value": value, **({"Type": typ} if typ else {}), **extra.pop("params", {})}
    return P(name, "PutParameter", params, **extra)


def forget(name: str, *names: str) -> Step:
    """moto's parameter dict is a defaultdict: probing a missing name leaves an empty entry that makes later
    listings crash (IndexError, HTTP 500). Deleting the names on moto only removes those entries."""
    return P(f"cleanup/{name}", "DeleteParameters", {"Names": list(names)}, only="moto")


def drop(name: str, *names: str) -> Step:
    """Removes throw-away parameters on both sides (moto accepted some that AWS and paramstore refuse)."""
    return P(f"cleanup/{name}", "DeleteParameters", {"Names": list(names)}, compare=False)


def steps() -> list[Step]:
    s: list[Step] = []
    # ---- PutParameter: creates
    s.append(put("put/create-string", "/app/db/host", "db.local", required=("Version", "Tier")))
    s.append(put("put/create-root", "rootparam", "r1"))
    s.append(put("put/create-described", "/app/db/port", "5432", params={"Description": "the port", "AllowedPattern": "^[0-9]+$",
                                                                         "Tags": [{"Key": "team", "Value": "db"}, {"Key": "env", "Value": "prod"}]}))
    s.append(put("put/create-stringlist", "/app/list", "a,b,c", "StringList"))
    s.append(put("put/create-secure", "/app/secret", "s3cr3t", "SecureString"))
    s.append(put("put/create-advanced", "/app/adv", "x", params={"Tier": "Advanced"}))
    s.append(put("put/create-deep", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o", "deep"))
    s.append(put("put/create-nested", "/app/db/nested/leaf", "leaf"))
    # ---- PutParameter: errors
    s.append(put("put/exists", "/app/db/host", "again"))
    s.append(put("put/exists-root-slash", "/rootparam", "again"))
    s.append(put("put/no-type", "/app/notype", "v", None))
    s.append(put("put/bad-type", "/app/badtype", "v", "str"))
    s.append(put("put/empty-value", "/app/empty", "", expect={}))
    s.append(put("put/tags-and-overwrite", "/app/db/host", "v", params={"Overwrite": True, "Tags": [{"Key": "a", "Value": "b"}]}))
    s.append(put("put/bad-char-space", "/app/a b", "v"))
    s.append(put("put/bad-char-at", "/app/a@b", "v"))
    s.append(put("put/reserved-root-ssm", "ssm_test", "v"))
    s.append(put("put/reserved-root-aws", "AWS_TEST", "v"))
    s.append(put("put/reserved-root-slash-aws", "/awsx", "v"))
    s.append(put("put/reserved-path-ssm", "/ssm_test/path/to/var", "v"))
    s.append(put("put/reserved-path-aws", "/aws_test/path/to/var", "v"))
    s.append(put("put/not-qualified", "MyParameter3/L1", "v"))
    s.append(put("put/too-deep", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p", "v"))
    s.append(put("put/name-too-long", "/" + "n" * 2048, "v"))
    s.append(put("put/bad-datatype", "/app/dt", "v", params={"DataType": "something"}))
    s.append(put("put/ami-bad-value", "/app/ami", "not-an-ami", params={"DataType": "aws:ec2:image"}))
    s.append(put("put/ami-ok", "/app/ami2", "ami-12345678", params={"DataType": "aws:ec2:image"}))
    s.append(put("put/pattern-mismatch", "/app/pat", "abc", params={"AllowedPattern": "^[0-9]+$"}))
    s.append(put("put/bad-tier", "/app/tier", "v", params={"Tier": "Gold"}))
    s.append(put("put/too-big-standard", "/app/big", "x" * 4097))
    s.append(put("put/ok-4096", "/app/big4096", "x" * 4096))
    s.append(put("put/policies-standard", "/app/pol", "v",
                 params={"Tier": "Standard", "Policies": '[{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"2099-12-02T21:34:33.000Z"}}]'}))
    s.append(put("put/bad-description-length", "/app/desc", "v", params={"Description": "d" * 1025}))
    s.append(drop("put-errors-1", "/app/a b", "/app/a@b", "MyParameter3/L1", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p", "/app/ami",
                  "/app/pat", "/app/tier", "/app/big", "/app/pol", "/app/desc"))
    s.append(drop("put-errors-2", "/app/badtype", "/app/empty", "/app/dt", "/app/notype", "ssm_test", "AWS_TEST", "/awsx", "/ssm_test/path/to/var"))
    s.append(P("cleanup/put-errors-3", "DeleteParameter", {"Name": "/" + "n" * 2048}, only="moto"))
    # ---- PutParameter: overwrite
    s.append(put("put/overwrite", "/app/db/host", "db2.local", params={"Overwrite": True}))
    s.append(put("put/overwrite-no-type", "/app/db/host", "db3.local", None, params={"Overwrite": True}))
    s.append(put("put/pattern-create", "/pat/kept", "123", params={"AllowedPattern": "^[0-9]+$"}))
    s.append(put("put/overwrite-pattern-kept", "/pat/kept", "notanumber", None, params={"Overwrite": True}))
    s.append(put("put/overwrite-pattern-replaced", "/pat/kept", "abc", None, params={"Overwrite": True, "AllowedPattern": "^[a-z]+$"}))
    s.append(put("put/overwrite-type-change", "/pat/kept", "a,b", "StringList", params={"Overwrite": True}))
    s.append(put("put/overwrite-to-secure", "/pat/kept", "abc", "SecureString", params={"Overwrite": True}))
    s.append(P("history/pattern", "GetParameterHistory", {"Name": "/pat/kept"}))
    s.append(drop("pattern", "/pat/kept"))
    s.append(put("put/overwrite-root-other-spelling", "/rootparam", "r2", None, params={"Overwrite": True}))
    # ---- GetParameter
    s.append(P("get/string", "GetParameter", {"Name": "/app/db/host"}, required=("Parameter.Name", "Parameter.Type", "Parameter.Value", "Parameter.Version", "Parameter.LastModifiedDate", "Parameter.ARN", "Parameter.DataType")))
    s.append(P("get/root", "GetParameter", {"Name": "rootparam"}))
    s.append(P("get/root-slash", "GetParameter", {"Name": "/rootparam"}))
    s.append(P("get/stringlist", "GetParameter", {"Name": "/app/list"}))
    s.append(P("get/secure-decrypted", "GetParameter", {"Name": "/app/secret", "WithDecryption": True}))
    s.append(P("get/secure-encrypted", "GetParameter", {"Name": "/app/secret"}, ignore=(r"^Parameter\.Value$",)))
    s.append(P("get/version-selector", "GetParameter", {"Name": "/app/db/host:1"}))
    s.append(P("get/bad-version", "GetParameter", {"Name": "/app/db/host:9"}))
    s.append(P("get/two-selectors", "GetParameter", {"Name": "/app/db/host:1:2"}))
    s.append(P("get/missing-label", "GetParameter", {"Name": "/app/db/host:nolabel"}))
    s.append(P("get/arn", "GetParameter", {"Name": f"{ARN}/app/db/host"}))
    s.append(P("get/arn-root", "GetParameter", {"Name": f"{ARN}/rootparam"}))
    s.append(P("get/not-found", "GetParameter", {"Name": "/app/nope"}))
    s.append(P("get/not-found-selector", "GetParameter", {"Name": "/app/nope:2"}))
    s.append(P("get/bad-name", "GetParameter", {"Name": "/app/a b"}))
    s.append(P("get/advanced", "GetParameter", {"Name": "/app/adv"}))
    s.append(P("get/ami", "GetParameter", {"Name": "/app/ami2"}))
    # ---- GetParameters
    s.append(P("gets/mixed", "GetParameters", {"Names": ["/app/db/port", "/app/db/host", "/app/nope", "rootparam"]},
               required=("Parameters", "InvalidParameters")))
    s.append(P("gets/all-missing", "GetParameters", {"Names": ["/x/y", "/x/z"]}, required=("Parameters", "InvalidParameters")))
    s.append(P("gets/duplicates", "GetParameters", {"Names": ["/app/db/host", "/app/db/host"]}))
    s.append(P("gets/selectors", "GetParameters", {"Names": ["/app/db/host:1", "/app/db/host:9", "/app/db/host:lbl"]}))
    s.append(P("gets/too-many", "GetParameters", {"Names": [f"/n{i}" for i in range(11)]}))
    s.append(P("gets/secure", "GetParameters", {"Names": ["/app/secret"], "WithDecryption": True}))
    # ---- Labels
    s.append(P("label/ok", "LabelParameterVersion", {"Name": "/app/db/host", "ParameterVersion": 1, "Labels": ["prod", "blue"]},
               required=("InvalidLabels", "ParameterVersion")))
    s.append(P("label/latest", "LabelParameterVersion", {"Name": "/app/db/host", "Labels": ["latest"]}))
    s.append(P("label/invalid", "LabelParameterVersion", {"Name": "/app/db/host", "ParameterVersion": 1, "Labels": ["1abc", "aws-x", "ssm-y", "ok.label", "bad label"]}))
    s.append(P("label/move", "LabelParameterVersion", {"Name": "/app/db/host", "ParameterVersion": 2, "Labels": ["blue"]}))
    s.append(P("label/too-long", "LabelParameterVersion", {"Name": "/app/db/host", "Labels": ["l" * 101]}))
    s.append(P("label/no-version", "LabelParameterVersion", {"Name": "/app/db/host", "ParameterVersion": 50, "Labels": ["x"]}))
    s.append(P("label/no-param", "LabelParameterVersion", {"Name": "/app/nope", "Labels": ["x"]}))
    s.append(forget("label-no-param", "/app/nope"))
    s.append(P("label/limit", "LabelParameterVersion", {"Name": "/app/db/host", "ParameterVersion": 1, "Labels": [f"l{i}" for i in range(10)]}))
    s.append(P("get/label-selector", "GetParameter", {"Name": "/app/db/host:prod"}))
    s.append(P("gets/label-selector", "GetParameters", {"Names": ["/app/db/host:prod", "/app/db/host:blue"]}))
    s.append(P("unlabel/ok", "UnlabelParameterVersion", {"Name": "/app/db/host", "ParameterVersion": 1, "Labels": ["prod", "nothere"]},
               required=("RemovedLabels", "InvalidLabels")))
    s.append(P("unlabel/no-version-member", "UnlabelParameterVersion", {"Name": "/app/db/host", "Labels": ["prod"]}))
    s.append(P("unlabel/no-param", "UnlabelParameterVersion", {"Name": "/app/nope", "ParameterVersion": 1, "Labels": ["prod"]}))
    s.append(forget("unlabel-no-param", "/app/nope"))
    s.append(P("unlabel/no-version", "UnlabelParameterVersion", {"Name": "/app/db/host", "ParameterVersion": 50, "Labels": ["prod"]}))
    # ---- GetParameterHistory
    hist_req = ("Parameters[*].Name", "Parameters[*].Type", "Parameters[*].LastModifiedDate", "Parameters[*].LastModifiedUser",
                "Parameters[*].Value", "Parameters[*].Version", "Parameters[*].Labels", "Parameters[*].Tier", "Parameters[*].Policies",
                "Parameters[*].DataType")
    s.append(P("history/host", "GetParameterHistory", {"Name": "/app/db/host"}, required=hist_req))
    s.append(P("history/port", "GetParameterHistory", {"Name": "/app/db/port"}, required=hist_req))
    s.append(P("history/secure", "GetParameterHistory", {"Name": "/app/secret"}, ignore=(r"\.Value$",)))
    s.append(P("history/secure-decrypted", "GetParameterHistory", {"Name": "/app/secret", "WithDecryption": True}))
    s.append(P("history/page", "GetParameterHistory", {"Name": "/app/db/host", "MaxResults": 1}))
    s.append(P("history/not-found", "GetParameterHistory", {"Name": "/app/nope"}))
    s.append(P("history/max-51", "GetParameterHistory", {"Name": "/app/db/host", "MaxResults": 51}))
    s.append(P("history/selector", "GetParameterHistory", {"Name": "/app/db/host:1"}))
    # ---- GetParametersByPath
    s.append(P("bypath/onelevel", "GetParametersByPath", {"Path": "/app/db"}, required=("Parameters",)))
    s.append(P("bypath/recursive", "GetParametersByPath", {"Path": "/app", "Recursive": True}))
    s.append(P("bypath/root", "GetParametersByPath", {"Path": "/"}))
    s.append(P("bypath/trailing-slash", "GetParametersByPath", {"Path": "/app/db/"}))
    s.append(P("bypath/empty", "GetParametersByPath", {"Path": "/nothing/here"}, required=("Parameters",)))
    s.append(P("bypath/page1", "GetParametersByPath", {"Path": "/app", "Recursive": True, "MaxResults": 2}))
    s.append(P("bypath/page2", "GetParametersByPath", {"Path": "/app", "Recursive": True, "MaxResults": 2, "NextToken": "2"}))
    s.append(P("bypath/max-11", "GetParametersByPath", {"Path": "/app", "MaxResults": 11}))
    s.append(P("bypath/bad-path", "GetParametersByPath", {"Path": "app"}))
    s.append(P("bypath/bad-path-ssm", "GetParametersByPath", {"Path": "/ssm/x"}))
    s.append(P("bypath/filter-type", "GetParametersByPath", {"Path": "/app", "Recursive": True,
                                                             "ParameterFilters": [{"Key": "Type", "Values": ["StringList"]}]}))
    s.append(P("bypath/filter-name", "GetParametersByPath", {"Path": "/app", "ParameterFilters": [{"Key": "Name", "Values": ["x"]}]}))
    s.append(P("bypath/filter-label", "GetParametersByPath", {"Path": "/app/db", "ParameterFilters": [{"Key": "Label", "Values": ["blue"]}]}))
    s.append(P("bypath/secure", "GetParametersByPath", {"Path": "/app", "WithDecryption": True,
                                                        "ParameterFilters": [{"Key": "Type", "Values": ["SecureString"]}]}))
    # ---- DescribeParameters
    meta_req = ("Parameters[*].Name", "Parameters[*].ARN", "Parameters[*].Type", "Parameters[*].LastModifiedDate",
                "Parameters[*].LastModifiedUser", "Parameters[*].Version", "Parameters[*].Tier", "Parameters[*].Policies",
                "Parameters[*].DataType")
    s.append(P("describe/all-page1", "DescribeParameters", {}, required=meta_req))
    s.append(P("describe/name-equals", "DescribeParameters", {"ParameterFilters": [{"Key": "Name", "Values": ["/app/db/port", "rootparam"]}]},
               required=meta_req))
    s.append(P("describe/name-begins", "DescribeParameters", {"ParameterFilters": [{"Key": "Name", "Option": "BeginsWith", "Values": ["/app/db"]}]}))
    s.append(P("describe/name-contains", "DescribeParameters", {"ParameterFilters": [{"Key": "Name", "Option": "Contains", "Values": ["db"]}]}))
    s.append(P("describe/type-secure", "DescribeParameters", {"ParameterFilters": [{"Key": "Type", "Values": ["SecureString"]}]}))
    s.append(P("describe/type-bad", "DescribeParameters", {"ParameterFilters": [{"Key": "Type", "Values": ["test"]}]}))
    s.append(P("describe/tier-bad", "DescribeParameters", {"ParameterFilters": [{"Key": "Tier", "Values": ["test"]}]}))
    s.append(P("describe/tier-advanced", "DescribeParameters", {"ParameterFilters": [{"Key": "Tier", "Values": ["Advanced"]}]}))
    s.append(P("describe/keyid", "DescribeParameters", {"ParameterFilters": [{"Key": "KeyId", "Values": ["alias/aws/ssm"]}]}))
    s.append(P("describe/label-key", "DescribeParameters", {"ParameterFilters": [{"Key": "Label", "Values": ["x"]}]}))
    s.append(P("describe/missing-values", "DescribeParameters", {"ParameterFilters": [{"Key": "Name"}]}))
    s.append(P("describe/duplicate", "DescribeParameters", {"ParameterFilters": [{"Key": "Type", "Values": ["String"]}, {"Key": "Type", "Values": ["String"]}]}))
    s.append(P("describe/bad-option", "DescribeParameters", {"ParameterFilters": [{"Key": "Type", "Option": "Contains", "Values": ["String"]}]}))
    s.append(P("describe/path-onelevel", "DescribeParameters", {"ParameterFilters": [{"Key": "Path", "Values": ["/app/db"]}]}))
    s.append(P("describe/path-recursive", "DescribeParameters", {"ParameterFilters": [{"Key": "Path", "Option": "Recursive", "Values": ["/app/db"]}]}))
    s.append(P("describe/path-root", "DescribeParameters", {"ParameterFilters": [{"Key": "Path", "Values": ["/"]}]}))
    s.append(P("describe/path-bad-option", "DescribeParameters", {"ParameterFilters": [{"Key": "Path", "Option": "Equals", "Values": ["/app"]}]}))
    s.append(P("describe/path-aws", "DescribeParameters", {"ParameterFilters": [{"Key": "Path", "Values": ["/aws/x"]}]}))
    s.append(P("describe/tag", "DescribeParameters", {"ParameterFilters": [{"Key": "tag:team", "Values": ["db"]}]}))
    s.append(P("describe/tag-exists", "DescribeParameters", {"ParameterFilters": [{"Key": "tag:env"}]}))
    s.append(P("describe/legacy-name", "DescribeParameters", {"Filters": [{"Key": "Name", "Values": ["/app/db"]}]}))
    s.append(P("describe/legacy-type", "DescribeParameters", {"Filters": [{"Key": "Type", "Values": ["StringList"]}]}))
    s.append(P("describe/both-filters", "DescribeParameters", {"Filters": [{"Key": "Name", "Values": ["/app"]}],
                                                               "ParameterFilters": [{"Key": "Name", "Values": ["/app"]}]}))
    s.append(P("describe/max-2", "DescribeParameters", {"MaxResults": 2}))
    s.append(P("describe/max-51", "DescribeParameters", {"MaxResults": 51}))
    s.append(P("describe/page2", "DescribeParameters", {"NextToken": "10"}))
    s.append(P("describe/bad-key", "DescribeParameters", {"ParameterFilters": [{"Key": "Bogus", "Values": ["x"]}]}))
    # ---- Tags
    s.append(P("tags/list", "ListTagsForResource", {"ResourceType": "Parameter", "ResourceId": "/app/db/port"}, required=("TagList",)))
    s.append(P("tags/add", "AddTagsToResource", {"ResourceType": "Parameter", "ResourceId": "/app/db/port", "Tags": [{"Key": "team", "Value": "ops"}, {"Key": "new", "Value": ""}]}))
    s.append(P("tags/list-after-add", "ListTagsForResource", {"ResourceType": "Parameter", "ResourceId": "/app/db/port"}))
    s.append(P("tags/remove", "RemoveTagsFromResource", {"ResourceType": "Parameter", "ResourceId": "/app/db/port", "TagKeys": ["env", "absent"]}))
    s.append(P("tags/list-after-remove", "ListTagsForResource", {"ResourceType": "Parameter", "ResourceId": "/app/db/port"}))
    s.append(P("tags/list-empty", "ListTagsForResource", {"ResourceType": "Parameter", "ResourceId": "/app/db/host"}, required=("TagList",)))
    s.append(P("tags/root-either-spelling", "AddTagsToResource", {"ResourceType": "Parameter", "ResourceId": "/rootparam", "Tags": [{"Key": "k", "Value": "v"}]}))
    s.append(P("tags/root-list", "ListTagsForResource", {"ResourceType": "Parameter", "ResourceId": "rootparam"}))
    s.append(P("tags/unknown-id", "ListTagsForResource", {"ResourceType": "Parameter", "ResourceId": "/app/nope"}))
    s.append(P("tags/add-unknown-id", "AddTagsToResource", {"ResourceType": "Parameter", "ResourceId": "/app/nope", "Tags": [{"Key": "a", "Value": "b"}]}))
    s.append(P("tags/other-type", "ListTagsForResource", {"ResourceType": "Document", "ResourceId": "doc"}))
    s.append(P("tags/bad-type", "ListTagsForResource", {"ResourceType": "Bogus", "ResourceId": "doc"}))
    # ---- Delete
    s.append(P("delete/ok", "DeleteParameter", {"Name": "/app/db/nested/leaf"}))
    s.append(P("delete/again", "DeleteParameter", {"Name": "/app/db/nested/leaf"}))
    s.append(P("delete/root-other-spelling", "DeleteParameter", {"Name": "/rootparam"}))
    s.append(P("deletes/mixed", "DeleteParameters", {"Names": ["/app/list", "/app/nope", "/app/list"]}, required=("DeletedParameters", "InvalidParameters")))
    s.append(P("deletes/too-many", "DeleteParameters", {"Names": [f"/n{i}" for i in range(11)]}))
    s.append(P("get/after-delete", "GetParameter", {"Name": "/app/list"}))
    s.append(put("put/recreate", "/app/list", "new", "StringList"))
    s.append(P("history/recreated", "GetParameterHistory", {"Name": "/app/list"}))
    return s


def normalize(path: str, v: Any) -> Any:
    if path.endswith("LastModifiedUser"):
        return "<user>"
    return v


if __name__ == "__main__":
    sys.exit(main(steps, normalize, sys.argv[1:]))
