#!/usr/bin/env python3
"""Parameter Store: the same calls against moto_server and paramstore, compared (see diff_lib.py).

Usage: python3 test/compat/ssm_diff.py --paramstore http://127.0.0.1:PORT [--moto URL] [-v] [--show-expected]
Every known difference carries the reason paramstore keeps it: the spec (/work/shared/spec/ssm.md, §13 is the
AWS-vs-moto table), botocore's model and documentation, or public evidence of what AWS does.
"""
from __future__ import annotations

import sys
from typing import Any

sys.dont_write_bytecode = True  # no __pycache__ beside the sources
sys.path.insert(0, __import__("os").path.dirname(__file__))
from diff_lib import ACCOUNT, REGION, Step, main  # noqa: E402

ARN = f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter"

# ---- why a difference is kept (the regex keys say which difference lines they cover)
LAX = "moto accepts what AWS refuses (moto validates neither name characters, depth, length, tiers, sizes, patterns, "\
      "policies nor model constraints); paramstore follows ssm.md §2-§6 and the model"
REFUSED = {r"^status: moto=200 paramstore=400": LAX, r"^code: moto=OK paramstore=": LAX}
# ParameterMetadata.ARN is a member of botocore's model (added 2024); moto predates it.
# Policies: AWS always returns the list, [] when empty (ssm.md §5 "Return [] when none").
META = {r"\.ARN: only in paramstore": "ParameterMetadata.ARN is in the model; moto does not send it",
        r"\.Policies: only in paramstore \(\[\]\)": "AWS returns Policies [] when empty (ssm.md §5); moto omits it"}
HISTORY = {r"\.Policies: only in paramstore \(\[\]\)": "AWS returns Policies [] when empty (ssm.md §5); moto omits it"}
SELECTOR = {r"Selector: only in paramstore": "AWS returns Selector ':<version|label>' (documented example "
                                             "\"Selector\": \":label-name\", ssm.md §2); moto never sets it"}
# Lists whose order AWS leaves open (listings) or that moto scrambles (GetParameters, documented alphabetical) are
# compared as sets (Step.unordered); paramstore's own order is covered by test/e2e/ssm-*.test.ts.
PAGE = {r"^Parameters\[": "paging: which items land on a page depends on the order (moto: insertion, paramstore: name)"}
ROOT_NAME = {r"Name: value moto=\"/rootparam\" paramstore=\"rootparam\"":
             "root names: moto reports the spelling of the latest PutParameter; paramstore the spelling asked for "
             "in GetParameter(s) (AWS-validated localstack test_put_parameters), else the creation spelling"}
FILTER_VALUE_CODE = {r"^code: moto=InvalidFilterOption paramstore=InvalidFilterValue":
                     "invalid Type/Tier filter value: the model's code is InvalidFilterValue (ssm.md §7, §13)"}
MOTO_BROKEN_AFTER_LAX = "moto accepted an earlier overwrite that AWS refuses, so its version count runs ahead"


def P(name: str, op: str, params: Any, **kw: Any) -> Step:
    return Step(name, "ssm", op, params, **kw)


def put(name: str, pname: str, value: str = "v", typ: str | None = "String", **extra: Any) -> Step:
    params = {"Name": pname, "Value": value, **({"Type": typ} if typ else {}), **extra.pop("params", {})}
    return P(name, "PutParameter", params, **extra)


def refused(name: str, pname: str, value: str = "v", typ: str | None = "String", **extra: Any) -> Step:
    return put(name, pname, value, typ, expect={**REFUSED, **extra.pop("expect", {})}, **extra)


def forget(name: str, *names: str) -> Step:
    """moto's parameter dict is a defaultdict: probing a missing name leaves an empty entry that makes later
    listings crash (IndexError, HTTP 500). Deleting the names on moto only removes those entries."""
    return P(f"cleanup/{name}", "DeleteParameters", {"Names": list(names)}, only="moto")


def drop(name: str, *names: str) -> Step:
    """Removes throw-away parameters on both sides (moto accepted some that AWS and paramstore refuse)."""
    return P(f"cleanup/{name}", "DeleteParameters", {"Names": list(names)}, compare=False)


def puts() -> list[Step]:
    s: list[Step] = []
    s.append(put("put/create-string", "/app/db/host", "db.local", required=("Version", "Tier")))
    s.append(put("put/create-root", "rootparam", "r1"))
    s.append(put("put/create-described", "/app/db/port", "5432", params={"Description": "the port", "AllowedPattern": "^[0-9]+$",
                                                                         "Tags": [{"Key": "team", "Value": "db"}, {"Key": "env", "Value": "prod"}]}))
    s.append(put("put/create-stringlist", "/app/list", "a,b,c", "StringList"))
    s.append(put("put/create-secure", "/app/secret", "s3cr3t", "SecureString"))
    s.append(put("put/create-advanced", "/app/adv", "x", params={"Tier": "Advanced"}))
    s.append(put("put/create-deep", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o", "deep"))
    s.append(put("put/create-nested", "/app/db/nested/leaf", "leaf"))
    s.append(put("put/ami-ok", "/app/ami2", "ami-12345678", params={"DataType": "aws:ec2:image"}))
    s.append(put("put/ok-4096", "/app/big4096", "x" * 4096))
    # errors both sides agree on
    s.append(put("put/exists", "/app/db/host", "again"))
    s.append(put("put/exists-root-slash", "/rootparam", "again"))
    s.append(put("put/no-type", "/app/notype", "v", None))
    s.append(put("put/bad-type", "/app/badtype", "v", "str"))
    s.append(put("put/empty-value", "/app/empty", ""))
    s.append(put("put/tags-and-overwrite", "/app/db/host", "v", params={"Overwrite": True, "Tags": [{"Key": "a", "Value": "b"}]}))
    s.append(put("put/reserved-root-ssm", "ssm_test", "v"))
    s.append(put("put/reserved-root-aws", "AWS_TEST", "v"))
    s.append(put("put/reserved-root-slash-aws", "/awsx", "v"))
    s.append(put("put/reserved-path-ssm", "/ssm_test/path/to/var", "v"))
    s.append(put("put/reserved-path-aws", "/aws_test/path/to/var", "v", expect={
        r"model: error member message not in AccessDeniedException": "cross-service AccessDeniedException is sent "
        "with lower-case message, as AWS does and both SDKs accept (protocol.md §2.3); moto agrees"}))
    s.append(put("put/bad-datatype", "/app/dt", "v", params={"DataType": "something"}))
    # errors moto does not detect
    s.append(refused("put/bad-char-space", "/app/a b", "v"))
    s.append(refused("put/bad-char-at", "/app/a@b", "v"))
    s.append(refused("put/not-qualified", "MyParameter3/L1", "v"))
    s.append(refused("put/too-deep", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p", "v"))
    s.append(refused("put/name-too-long", "/" + "n" * 2048, "v"))
    s.append(refused("put/ami-bad-value", "/app/ami", "not-an-ami", params={"DataType": "aws:ec2:image"}))
    s.append(refused("put/pattern-mismatch", "/app/pat", "abc", params={"AllowedPattern": "^[0-9]+$"}))
    s.append(refused("put/bad-tier", "/app/tier", "v", params={"Tier": "Gold"}))
    s.append(refused("put/too-big-standard", "/app/big", "x" * 4097))
    s.append(refused("put/policies-standard", "/app/pol", "v", params={"Tier": "Standard", "Policies":
                     '[{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"2099-12-02T21:34:33.000Z"}}]'}))
    s.append(refused("put/bad-description-length", "/app/desc", "v", params={"Description": "d" * 1025}))
    s.append(drop("put-errors-1", "/app/a b", "/app/a@b", "MyParameter3/L1", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p", "/app/ami",
                  "/app/pat", "/app/tier", "/app/big", "/app/pol", "/app/desc"))
    s.append(P("cleanup/put-errors-2", "DeleteParameter", {"Name": "/" + "n" * 2048}, only="moto"))
    # overwrites
    s.append(put("put/overwrite", "/app/db/host", "db2.local", params={"Overwrite": True}))
    s.append(put("put/overwrite-no-type", "/app/db/host", "db3.local", None, params={"Overwrite": True}))
    s.append(put("put/overwrite-root-other-spelling", "/rootparam", "r2", None, params={"Overwrite": True}))
    s.append(put("put/pattern-create", "/pat/kept", "123", params={"AllowedPattern": "^[0-9]+$"}))
    s.append(refused("put/overwrite-pattern-kept", "/pat/kept", "notanumber", None, params={"Overwrite": True}))
    s.append(put("put/overwrite-pattern-replaced", "/pat/kept", "abc", None, params={"Overwrite": True, "AllowedPattern": "^[a-z]+$"},
                 expect={r"^Version: value moto=3 paramstore=2": MOTO_BROKEN_AFTER_LAX}))
    s.append(put("put/overwrite-type-change", "/pat/kept", "abc", "StringList", params={"Overwrite": True},
                 expect={r"^Version: value moto=4 paramstore=3": MOTO_BROKEN_AFTER_LAX}))
    s.append(P("history/pattern", "GetParameterHistory", {"Name": "/pat/kept"}, expect={
        r"^Parameters: length moto=4 paramstore=3": MOTO_BROKEN_AFTER_LAX,
        r"^Parameters\[[12]\]\.": MOTO_BROKEN_AFTER_LAX, **HISTORY}))
    s.append(drop("pattern", "/pat/kept"))
    return s


def types_and_tiers() -> list[Step]:
    s: list[Step] = []
    # Any type change is allowed on overwrite (Terraform's TestAccSSMParameter_updateType does SecureString ->
    # String in place against AWS); moto agrees.
    s.append(put("type/create-secure", "/type/p", "one", "SecureString"))
    s.append(put("type/secure-to-string", "/type/p", "two", "String", params={"Overwrite": True}))
    s.append(put("type/string-to-list", "/type/p", "a,b", "StringList", params={"Overwrite": True}))
    s.append(put("type/list-to-secure", "/type/p", "three", "SecureString", params={"Overwrite": True}))
    keyless = "KeyId belongs to SecureString versions only: AWS accepts a KeyId with String but does not return it "\
              "(Terraform perma-diff terraform-provider-aws#21095); moto copies the previous KeyId into every version"
    s.append(P("type/history", "GetParameterHistory", {"Name": "/type/p", "WithDecryption": True},
               expect={**HISTORY, r"^Parameters\[[12]\]\.KeyId: only in moto": keyless}))
    s.append(P("type/describe", "DescribeParameters", {"ParameterFilters": [{"Key": "Name", "Values": ["/type/p"]}]}, expect=META))
    s.append(put("keyid/string", "/type/keyed", "v", "String", params={"KeyId": "alias/aws/ssm"}))
    s.append(P("keyid/describe", "DescribeParameters", {"ParameterFilters": [{"Key": "Name", "Values": ["/type/keyed"]}]},
               expect={**META, r"\.KeyId: only in moto": keyless}))
    resolved = "Intelligent-Tiering resolves to the tier actually used (ssm.md §4); moto echoes the request"
    s.append(put("tier/intelligent-small", "/tier/it", "small", params={"Tier": "Intelligent-Tiering"},
                 expect={r"^Tier: value moto=\"Intelligent-Tiering\" paramstore=\"Standard\"": resolved}))
    s.append(put("tier/intelligent-big", "/tier/it-big", "x" * 5000, params={"Tier": "Intelligent-Tiering"},
                 expect={r"^Tier: value moto=\"Intelligent-Tiering\" paramstore=\"Advanced\"": resolved}))
    s.append(refused("tier/advanced-too-big", "/tier/adv-big", "x" * 8193, params={"Tier": "Advanced"}))
    s.append(put("tier/upgrade", "/tier/it", "small", None, params={"Overwrite": True, "Tier": "Advanced"}))
    s.append(refused("tier/downgrade", "/tier/it", "small", None, params={"Overwrite": True, "Tier": "Standard"}))
    s.append(put("tier/policies", "/tier/pol", "v", params={"Tier": "Advanced", "Policies":
             '[{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"2099-12-02T21:34:33.000Z"}}]'}))
    s.append(P("tier/describe", "DescribeParameters", {"ParameterFilters": [{"Key": "Path", "Values": ["/tier"]}]},
               unordered=("Parameters",), expect={
                   **META, r"^Parameters: length moto=4 paramstore=3": "moto created the 8193-byte Advanced parameter",
                   r"^Parameters\[\d\]\.(Name|Tier|Version|Policies)": "moto kept the refused parameter and downgrade, and hides policies",
                   r"^Parameters\[\d\]\.ARN": "ParameterMetadata.ARN is in the model; moto does not send it"}))
    s.append(refused("tier/bad-policy-type", "/tier/pol2", "v", params={"Tier": "Advanced", "Policies": '[{"Type":"Bogus","Version":"1.0","Attributes":{}}]'}))
    s.append(drop("types", "/type/p", "/type/keyed", "/tier/it", "/tier/it-big", "/tier/adv-big", "/tier/pol", "/tier/pol2"))
    return s


def gets() -> list[Step]:
    s: list[Step] = []
    req = ("Parameter.Name", "Parameter.Type", "Parameter.Value", "Parameter.Version", "Parameter.LastModifiedDate",
           "Parameter.ARN", "Parameter.DataType")
    s.append(P("get/string", "GetParameter", {"Name": "/app/db/host"}, required=req))
    s.append(P("get/root", "GetParameter", {"Name": "rootparam"}, expect=ROOT_NAME))
    s.append(P("get/root-slash", "GetParameter", {"Name": "/rootparam"}, expect=ROOT_NAME))
    s.append(P("get/stringlist", "GetParameter", {"Name": "/app/list"}))
    s.append(P("get/secure-decrypted", "GetParameter", {"Name": "/app/secret", "WithDecryption": True}))
    s.append(P("get/secure-encrypted", "GetParameter", {"Name": "/app/secret"}, ignore=(r"^Parameter\.Value$",)))
    s.append(P("get/version-selector", "GetParameter", {"Name": "/app/db/host:1"}, expect=SELECTOR))
    s.append(P("get/bad-version", "GetParameter", {"Name": "/app/db/host:9"}))
    s.append(P("get/two-selectors", "GetParameter", {"Name": "/app/db/host:1:2"}))
    s.append(P("get/missing-label", "GetParameter", {"Name": "/app/db/host:nolabel"}))
    s.append(P("get/arn", "GetParameter", {"Name": f"{ARN}/app/db/host"}))
    s.append(P("get/arn-root", "GetParameter", {"Name": f"{ARN}/rootparam"}, expect=ROOT_NAME))
    s.append(P("get/not-found", "GetParameter", {"Name": "/app/nope"}))
    s.append(P("get/not-found-selector", "GetParameter", {"Name": "/app/nope:2"}))
    s.append(P("get/bad-name", "GetParameter", {"Name": "/app/a b"}, expect={
        r"^(code|message): moto=": "inner spaces fail with ValidationException (GetParameter's model documentation; "
                                   "observed text, ssm.md §2); moto looks the name up"}))
    s.append(P("get/advanced", "GetParameter", {"Name": "/app/adv"}))
    s.append(P("get/ami", "GetParameter", {"Name": "/app/ami2"}))
    s.append(P("gets/mixed", "GetParameters", {"Names": ["/app/db/port", "/app/db/host", "/app/nope", "rootparam"]},
               required=("Parameters", "InvalidParameters"), unordered=("Parameters",), expect=ROOT_NAME))
    s.append(P("gets/all-missing", "GetParameters", {"Names": ["/x/y", "/x/z"]}, required=("Parameters", "InvalidParameters")))
    s.append(P("gets/duplicates", "GetParameters", {"Names": ["/app/db/host", "/app/db/host"]}))
    s.append(P("gets/selectors", "GetParameters", {"Names": ["/app/db/host:1", "/app/db/host:9", "/app/db/host:lbl"]}, expect=SELECTOR))
    s.append(P("gets/too-many", "GetParameters", {"Names": [f"/n{i}" for i in range(11)]}))
    s.append(P("gets/secure", "GetParameters", {"Names": ["/app/secret"], "WithDecryption": True}))
    return s


def labels() -> list[Step]:
    s: list[Step] = []
    s.append(P("label/ok", "LabelParameterVersion", {"Name": "/app/db/host", "ParameterVersion": 1, "Labels": ["prod", "blue"]},
               required=("InvalidLabels", "ParameterVersion")))
    s.append(P("label/latest", "LabelParameterVersion", {"Name": "/app/db/host", "Labels": ["latest"]}))
    s.append(P("label/invalid", "LabelParameterVersion", {"Name": "/app/db/host", "ParameterVersion": 1,
                                                          "Labels": ["1abc", "aws-x", "ssm-y", "ok.label", "bad label"]}))
    s.append(P("label/move", "LabelParameterVersion", {"Name": "/app/db/host", "ParameterVersion": 2, "Labels": ["blue"]}))
    s.append(P("label/too-long", "LabelParameterVersion", {"Name": "/app/db/host", "Labels": ["l" * 101]}))
    s.append(P("label/no-version", "LabelParameterVersion", {"Name": "/app/db/host", "ParameterVersion": 50, "Labels": ["x"]}))
    s.append(P("label/no-param", "LabelParameterVersion", {"Name": "/app/nope", "Labels": ["x"]}))
    s.append(forget("label-no-param", "/app/nope"))
    s.append(P("label/limit", "LabelParameterVersion", {"Name": "/app/db/host", "ParameterVersion": 1, "Labels": [f"l{i}" for i in range(10)]}))
    s.append(P("get/label-selector", "GetParameter", {"Name": "/app/db/host:prod"}, expect=SELECTOR))
    s.append(P("gets/label-selector", "GetParameters", {"Names": ["/app/db/host:prod", "/app/db/host:blue"]}, expect={
        **SELECTOR, r"^Parameters\[[01]\]\.(Value|Version)": "same Name twice: paramstore keeps request order (stable sort), moto not"}))
    s.append(P("unlabel/ok", "UnlabelParameterVersion", {"Name": "/app/db/host", "ParameterVersion": 1, "Labels": ["prod", "nothere"]},
               required=("RemovedLabels", "InvalidLabels")))
    s.append(P("unlabel/no-version-member", "UnlabelParameterVersion", {"Name": "/app/db/host", "Labels": ["prod"]}, expect={
        r"^message: moto=\"1 validation error detected: Value 'null' at": "a missing member prints an unquoted null, as texts "
        "recorded from AWS services do (Value null at 'roleArn' ...); moto quotes it"}))
    s.append(P("unlabel/no-param", "UnlabelParameterVersion", {"Name": "/app/nope", "ParameterVersion": 1, "Labels": ["prod"]}))
    s.append(forget("unlabel-no-param", "/app/nope"))
    s.append(P("unlabel/no-version", "UnlabelParameterVersion", {"Name": "/app/db/host", "ParameterVersion": 50, "Labels": ["prod"]}))
    return s


def history() -> list[Step]:
    s: list[Step] = []
    req = tuple(f"Parameters[*].{m}" for m in ("Name", "Type", "LastModifiedDate", "LastModifiedUser", "Value", "Version",
                                                "Labels", "Tier", "Policies", "DataType"))
    s.append(P("history/host", "GetParameterHistory", {"Name": "/app/db/host"}, required=req, expect=HISTORY))
    s.append(P("history/port", "GetParameterHistory", {"Name": "/app/db/port"}, required=req, expect=HISTORY))
    s.append(P("history/secure", "GetParameterHistory", {"Name": "/app/secret"}, ignore=(r"\.Value$",), expect=HISTORY))
    s.append(P("history/secure-decrypted", "GetParameterHistory", {"Name": "/app/secret", "WithDecryption": True}, expect=HISTORY))
    s.append(P("history/page", "GetParameterHistory", {"Name": "/app/db/host", "MaxResults": 1}, expect=HISTORY))
    s.append(P("history/not-found", "GetParameterHistory", {"Name": "/app/nope"}))
    s.append(P("history/max-51", "GetParameterHistory", {"Name": "/app/db/host", "MaxResults": 51}))
    s.append(P("history/selector", "GetParameterHistory", {"Name": "/app/db/host:1"}))
    return s


def by_path() -> list[Step]:
    s: list[Step] = []
    u = ("Parameters",)
    s.append(P("bypath/onelevel", "GetParametersByPath", {"Path": "/app/db"}, required=("Parameters",), unordered=u))
    s.append(P("bypath/recursive", "GetParametersByPath", {"Path": "/app", "Recursive": True}, unordered=u))
    s.append(P("bypath/root", "GetParametersByPath", {"Path": "/"}, unordered=u, expect=ROOT_NAME))
    s.append(P("bypath/trailing-slash", "GetParametersByPath", {"Path": "/app/db/"}, unordered=u))
    s.append(P("bypath/empty", "GetParametersByPath", {"Path": "/nothing/here"}, required=("Parameters",)))
    s.append(P("bypath/page1", "GetParametersByPath", {"Path": "/app", "Recursive": True, "MaxResults": 2}, expect=PAGE))
    s.append(P("bypath/page2", "GetParametersByPath", {"Path": "/app", "Recursive": True, "MaxResults": 2, "NextToken": "2"}, expect=PAGE))
    s.append(P("bypath/max-11", "GetParametersByPath", {"Path": "/app", "MaxResults": 11},
               expect={r"^message: moto=\"1 validation error detected: Value 11 at": "AWS's usual text quotes the value (a real SSM "
                       "answer for the same member, flanksource/config-db#35); moto's unquoted form is unverified (ssm.md §6.4)"}))
    s.append(P("bypath/bad-path", "GetParametersByPath", {"Path": "app"}, expect=REFUSED))
    s.append(P("bypath/bad-path-ssm", "GetParametersByPath", {"Path": "/ssm/x"}, expect=REFUSED))
    s.append(P("bypath/filter-type", "GetParametersByPath", {"Path": "/app", "Recursive": True,
                                                             "ParameterFilters": [{"Key": "Type", "Values": ["StringList"]}]}))
    s.append(P("bypath/filter-name", "GetParametersByPath", {"Path": "/app", "ParameterFilters": [{"Key": "Name", "Values": ["x"]}]}))
    s.append(P("bypath/filter-label", "GetParametersByPath", {"Path": "/app/db", "ParameterFilters": [{"Key": "Label", "Values": ["blue"]}]},
               expect={r"^Parameters: length moto=0 paramstore=1": "Label filter returns the labelled version of each "
                       "parameter (docs: 'view a list of specific parameter versions that all use the same label', "
                       "ssm.md §6.4); moto tests the latest version only"}))
    s.append(P("bypath/secure", "GetParametersByPath", {"Path": "/app", "WithDecryption": True,
                                                        "ParameterFilters": [{"Key": "Type", "Values": ["SecureString"]}]}))
    return s


def describes() -> list[Step]:
    s: list[Step] = []
    req = tuple(f"Parameters[*].{m}" for m in ("Name", "ARN", "Type", "LastModifiedDate", "LastModifiedUser", "Version",
                                                "Tier", "Policies", "DataType"))
    u = ("Parameters",)

    def d(name: str, params: dict, **kw: Any) -> Step:
        return P(name, "DescribeParameters", params, unordered=u, expect={**META, **kw.pop("expect", {})}, **kw)

    s.append(d("describe/all-page1", {}, required=req, expect=ROOT_NAME))
    s.append(d("describe/name-equals", {"ParameterFilters": [{"Key": "Name", "Values": ["/app/db/port", "rootparam"]}]},
               required=req, expect=ROOT_NAME))
    s.append(d("describe/name-begins", {"ParameterFilters": [{"Key": "Name", "Option": "BeginsWith", "Values": ["/app/db"]}]}))
    s.append(d("describe/name-contains", {"ParameterFilters": [{"Key": "Name", "Option": "Contains", "Values": ["db"]}]}))
    s.append(d("describe/type-secure", {"ParameterFilters": [{"Key": "Type", "Values": ["SecureString"]}]}))
    s.append(d("describe/type-bad", {"ParameterFilters": [{"Key": "Type", "Values": ["test"]}]}, expect=FILTER_VALUE_CODE))
    s.append(d("describe/tier-bad", {"ParameterFilters": [{"Key": "Tier", "Values": ["test"]}]}, expect=FILTER_VALUE_CODE))
    s.append(d("describe/tier-advanced", {"ParameterFilters": [{"Key": "Tier", "Values": ["Advanced"]}]}, expect={
        r"^Parameters: length moto=0 paramstore=1": "moto's Tier filter matches nothing although it lists /app/adv as Advanced"}))
    s.append(d("describe/keyid", {"ParameterFilters": [{"Key": "KeyId", "Values": ["alias/aws/ssm"]}]}))
    s.append(d("describe/label-key", {"ParameterFilters": [{"Key": "Label", "Values": ["x"]}]}))
    s.append(d("describe/missing-values", {"ParameterFilters": [{"Key": "Name"}]}))
    s.append(d("describe/duplicate", {"ParameterFilters": [{"Key": "Type", "Values": ["String"]}, {"Key": "Type", "Values": ["String"]}]},
               expect={r"^message: moto=.*: Name\. .* paramstore=.*: Type\.": "duplicated filter: paramstore names the "
                       "duplicated key, moto always prints Name (ssm.md §7)"}))
    s.append(d("describe/bad-option", {"ParameterFilters": [{"Key": "Type", "Option": "Contains", "Values": ["String"]}]}))
    s.append(d("describe/path-onelevel", {"ParameterFilters": [{"Key": "Path", "Values": ["/app/db"]}]}))
    s.append(d("describe/path-recursive", {"ParameterFilters": [{"Key": "Path", "Option": "Recursive", "Values": ["/app/db"]}]}))
    s.append(d("describe/path-root", {"ParameterFilters": [{"Key": "Path", "Values": ["/"]}]}, expect=ROOT_NAME))
    s.append(d("describe/path-bad-option", {"ParameterFilters": [{"Key": "Path", "Option": "Equals", "Values": ["/app"]}]}))
    s.append(d("describe/path-aws", {"ParameterFilters": [{"Key": "Path", "Values": ["/aws/x"]}]}))
    s.append(d("describe/tag", {"ParameterFilters": [{"Key": "tag:team", "Values": ["db"]}]}))
    s.append(d("describe/tag-exists", {"ParameterFilters": [{"Key": "tag:env"}]}))
    s.append(d("describe/legacy-name", {"Filters": [{"Key": "Name", "Values": ["/app/db"]}]}))
    s.append(d("describe/legacy-type", {"Filters": [{"Key": "Type", "Values": ["StringList"]}]}))
    s.append(d("describe/both-filters", {"Filters": [{"Key": "Name", "Values": ["/app"]}], "ParameterFilters": [{"Key": "Name", "Values": ["/app"]}]}))
    s.append(P("describe/max-2", "DescribeParameters", {"MaxResults": 2}, expect={
        **META, **PAGE, r"^(NextToken: value|Parameters: length) moto=\"?10": "moto ignores MaxResults (always 10); AWS honours it (ssm.md §13)"}))
    s.append(P("describe/max-51", "DescribeParameters", {"MaxResults": 51}, expect={
        **REFUSED, r"^(status|code): moto=": "MaxResults above the model's 50 is a ValidationException; moto ignores MaxResults"}))
    s.append(d("describe/page2", {"NextToken": "10"}))
    s.append(d("describe/bad-key", {"ParameterFilters": [{"Key": "Bogus", "Values": ["x"]}]}, expect={
        r"^message: moto='1 validation error detected: Value \"Bogus\"": "model validation text: AWS quotes with ' and "
        "prints the model's current pattern (with DataType); moto uses \" and an older pattern"}))
    return s


def tags() -> list[Step]:
    s: list[Step] = []
    tag_order = {r"^TagList\[": "tag order unverified on AWS: paramstore sorts by key, moto keeps insertion order"}
    s.append(P("tags/list", "ListTagsForResource", {"ResourceType": "Parameter", "ResourceId": "/app/db/port"},
               required=("TagList",), unordered=("TagList",)))
    s.append(P("tags/add", "AddTagsToResource", {"ResourceType": "Parameter", "ResourceId": "/app/db/port",
                                                 "Tags": [{"Key": "team", "Value": "ops"}, {"Key": "new", "Value": ""}]}))
    s.append(P("tags/list-after-add", "ListTagsForResource", {"ResourceType": "Parameter", "ResourceId": "/app/db/port"}, unordered=("TagList",)))
    s.append(P("tags/remove", "RemoveTagsFromResource", {"ResourceType": "Parameter", "ResourceId": "/app/db/port", "TagKeys": ["env", "absent"]}))
    s.append(P("tags/list-after-remove", "ListTagsForResource", {"ResourceType": "Parameter", "ResourceId": "/app/db/port"}, unordered=("TagList",)))
    s.append(P("tags/list-order", "ListTagsForResource", {"ResourceType": "Parameter", "ResourceId": "/app/db/port"}, expect=tag_order))
    s.append(P("tags/list-empty", "ListTagsForResource", {"ResourceType": "Parameter", "ResourceId": "/app/db/host"}, required=("TagList",)))
    s.append(P("tags/root-either-spelling", "AddTagsToResource", {"ResourceType": "Parameter", "ResourceId": "/rootparam", "Tags": [{"Key": "k", "Value": "v"}]}))
    s.append(P("tags/root-list", "ListTagsForResource", {"ResourceType": "Parameter", "ResourceId": "rootparam"}))
    s.append(P("tags/unknown-id", "ListTagsForResource", {"ResourceType": "Parameter", "ResourceId": "/app/nope"}))
    s.append(P("tags/add-unknown-id", "AddTagsToResource", {"ResourceType": "Parameter", "ResourceId": "/app/nope", "Tags": [{"Key": "a", "Value": "b"}]}))
    s.append(P("tags/other-type", "ListTagsForResource", {"ResourceType": "Document", "ResourceId": "doc"}))
    s.append(P("tags/bad-type", "ListTagsForResource", {"ResourceType": "Bogus", "ResourceId": "doc"}, expect={
        r"^(code|message): moto=": "a ResourceType outside the model's enum fails model validation before the service "
        "(ssm.md §6.10); moto answers InvalidResourceType"}))
    return s


def deletes() -> list[Step]:
    s: list[Step] = []
    s.append(P("delete/ok", "DeleteParameter", {"Name": "/app/db/nested/leaf"}))
    s.append(P("delete/again", "DeleteParameter", {"Name": "/app/db/nested/leaf"}))
    s.append(P("delete/root-other-spelling", "DeleteParameter", {"Name": "/rootparam"}))
    s.append(P("deletes/mixed", "DeleteParameters", {"Names": ["/app/list", "/app/nope", "/app/list"]},
               required=("DeletedParameters", "InvalidParameters"), expect={
                   r"^DeletedParameters: length moto=2 paramstore=1": "a name given twice is deleted once and reported once"}))
    s.append(P("deletes/too-many", "DeleteParameters", {"Names": [f"/n{i}" for i in range(11)]}, expect={
        **REFUSED, r"^(status|code): moto=": "Names is limited to 10 by the model; moto does not check"}))
    s.append(P("get/after-delete", "GetParameter", {"Name": "/app/list"}))
    s.append(put("put/recreate", "/app/list", "new", "StringList"))
    s.append(P("history/recreated", "GetParameterHistory", {"Name": "/app/list"}, expect=HISTORY))
    return s


def trimming() -> list[Step]:
    """Last: moto stores "  /trim/me  " verbatim, which would disturb every later listing."""
    trims = "the service removes spaces at the beginning and end of a name (model documentation of every parameter "\
            "operation); moto trims nothing"
    s: list[Step] = []
    s.append(put("trim/put", "  /trim/me  ", "v"))
    s.append(P("trim/get", "GetParameter", {"Name": " /trim/me "}, expect={r"^(status|code): moto=": trims}))
    s.append(P("trim/gets", "GetParameters", {"Names": [" /trim/me", "/trim/other "]}, expect={
        r"^InvalidParameters|^Parameters": trims}))
    s.append(P("trim/gets-inner-space", "GetParameters", {"Names": ["/trim/me", "/trim/a b"]}, expect={
        r"^(status|code): moto=": "a name with inner spaces fails the request with ValidationException (model "
        "documentation of GetParameters); moto reports it as invalid"}))
    s.append(P("trim/delete", "DeleteParameter", {"Name": " /trim/me "}, expect={r"^(status|code): moto=": trims}))
    return s


def steps() -> list[Step]:
    return [*puts(), *types_and_tiers(), *gets(), *labels(), *history(), *by_path(), *describes(), *tags(), *deletes(), *trimming()]


def normalize(path: str, v: Any) -> Any:
    # moto returns LastModifiedUser "N/A"; AWS the caller's ARN (ssm.md §10, §13): compared by presence and type only.
    if path.endswith("LastModifiedUser"):
        return "<user>"
    # SecureString without decryption: moto's fake "kms:<key>:<plaintext>" leaks the value; AWS (and paramstore)
    # return base64 KMS ciphertext (ssm.md §8). Both count as "some ciphertext".
    if path.endswith("Value") and isinstance(v, str) and (v.startswith("kms:") or v.startswith("AQICAH")):
        return "<ciphertext>"
    return v


if __name__ == "__main__":
    sys.exit(main(steps, normalize, sys.argv[1:]))
