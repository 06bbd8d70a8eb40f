"""Differential harness core: run one scripted sequence of AWS calls against moto_server and paramstore, compare.

What is compared, per step: HTTP status, error code (``__type``), error message, and for answers the set of
top-level and nested keys, the JSON type of every value, and the value itself unless the key is volatile (dates,
random ids). Every paramstore answer is also checked against botocore's model: each member exists in the output
(or error) shape with the right wire type, and the members a step lists as always present are there.

Known differences (moto wrong, or a spec decision) are declared per step with a reason; anything else fails.
Only the loopback interface is ever contacted.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import boto3
import botocore
import botocore.session
from botocore.config import Config

ACCESS_KEY = "AKIAROOTEXAMPLE00001"
SECRET_KEY = "rootsecretrootsecretrootsecretrootsecret"
REGION = "us-east-1"
ACCOUNT = "123456789012"

# Keys whose values legitimately differ between two servers (time, randomness): only type and presence compared.
VOLATILE_KEYS = {
    "LastModifiedDate", "CreatedDate", "LastChangedDate", "LastAccessedDate", "DeletionDate", "DeletedDate",
    "NextRotationDate", "LastRotatedDate", "RandomPassword",
}

_MODEL_SESSION = botocore.session.get_session()


# --------------------------------------------------------------------------------------------------------------
# Targets


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_http(url: str, deadline_s: float = 20.0) -> None:
    end = time.time() + deadline_s
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except Exception:  # noqa: BLE001 - not up yet
            if time.time() > end:
                raise RuntimeError(f"{url} never answered")
            time.sleep(0.1)


class MotoServer:
    """moto_server on a free loopback port; reset between scenarios through its own API."""

    def __init__(self) -> None:
        exe = shutil.which("moto_server")
        if exe is None:
            raise RuntimeError("moto_server not installed")
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([exe, "-H", "127.0.0.1", "-p", str(self.port)], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        wait_http(f"{self.endpoint}/moto-api/")

    def reset(self) -> None:
        req = urllib.request.Request(f"{self.endpoint}/moto-api/reset", method="POST", data=b"")
        urllib.request.urlopen(req, timeout=10).read()

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=10)
        except Exception:  # noqa: BLE001 - already gone
            pass


@dataclass
class Result:
    status: int
    body: Any  # parsed JSON body (dict) or None
    code: Optional[str] = None
    message: Optional[str] = None
    message_field: Optional[str] = None

    @property
    def ok(self) -> bool:
        return self.code is None

    def summary(self) -> str:
        if self.ok:
            return f"{self.status} {json.dumps(self.body, sort_keys=True, default=str)[:400]}"
        return f"{self.status} {self.code} [{self.message_field}] {self.message!r}"


class Target:
    """One server, with boto3 clients that record the raw HTTP answer of every call."""

    def __init__(self, name: str, endpoint: str) -> None:
        self.name = name
        self.endpoint = endpoint
        self.state: dict[str, Any] = {}
        self._last: dict[str, Any] = {}
        self._clients: dict[str, Any] = {}

    def client(self, service: str):
        if service not in self._clients:
            c = boto3.client(service, endpoint_url=self.endpoint, region_name=REGION, aws_access_key_id=ACCESS_KEY,
                             aws_secret_access_key=SECRET_KEY,
                             config=Config(retries={"max_attempts": 1, "mode": "standard"}, parameter_validation=False))
            c.meta.events.register("after-call", self._record)
            self._clients[service] = c
        return self._clients[service]

    def _record(self, http_response, **_kwargs) -> None:  # botocore event hook
        self._last = {"status": http_response.status_code, "raw": http_response.content}

    def call(self, service: str, op: str, params: dict) -> Result:
        c = self.client(service)
        method = getattr(c, _snake(op))
        self._last = {}
        try:
            method(**params)
        except c.exceptions.ClientError:
            pass
        raw = self._last.get("raw", b"")
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = {"__unparsed__": raw.decode("utf8", "replace")[:300]}
        status = self._last.get("status", 0)
        if status >= 300 or (isinstance(body, dict) and "__type" in body):
            body = body if isinstance(body, dict) else {}
            code = str(body.get("__type", "")).split("#")[-1]
            field_name = "message" if "message" in body else "Message" if "Message" in body else None
            msg = body.get(field_name) if field_name else None
            return Result(status, body, code or f"HTTP{status}", msg, field_name)
        return Result(status, body)


def _snake(op: str) -> str:
    return botocore.xform_name(op)


# --------------------------------------------------------------------------------------------------------------
# Steps and known differences


@dataclass
class Step:
    name: str
    service: str
    op: str
    params: Any  # dict, or callable(state) -> dict
    save: Optional[Callable[[dict, Result], None]] = None
    ignore: tuple = ()  # extra volatile key paths (regex on the dotted path) for this step
    expect: dict = field(default_factory=dict)  # regex on a difference line -> reason (known difference)
    required: tuple = ()  # dotted paths paramstore must return (members AWS always sends)
    unordered: tuple = ()  # top-level list members compared as sets (order unverified on AWS)
    compare: bool = True  # False: run on both (state setup) but compare nothing
    only: Optional[str] = None  # "moto" / "paramstore": run on one side only (no comparison)


def _type_name(v: Any) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "list"
    if isinstance(v, dict):
        return "object"
    return "null" if v is None else type(v).__name__


def diff_values(a: Any, b: Any, path: str, ignore: tuple, normalize: Callable[[str, Any], Any]) -> list[str]:
    """Differences between moto's value `a` and paramstore's `b` as readable lines."""
    out: list[str] = []
    ta, tb = _type_name(a), _type_name(b)
    if ta != tb:
        return [f"{path or '<root>'}: type moto={ta} paramstore={tb}"]
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            p = f"{path}.{k}" if path else k
            if k not in b:
                out.append(f"{p}: only in moto ({json.dumps(a[k], default=str)[:120]})")
            elif k not in a:
                out.append(f"{p}: only in paramstore ({json.dumps(b[k], default=str)[:120]})")
            else:
                out.extend(diff_values(a[k], b[k], p, ignore, normalize))
        return out
    if isinstance(a, list):
        if len(a) != len(b):
            out.append(f"{path}: length moto={len(a)} paramstore={len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            out.extend(diff_values(x, y, f"{path}[{i}]", ignore, normalize))
        return out
    last = path.rsplit(".", 1)[-1].split("[")[0]
    if last in VOLATILE_KEYS or any(re.search(rx, path) for rx in ignore):
        return out
    na, nb = normalize(path, a), normalize(path, b)
    if na != nb:
        out.append(f"{path}: value moto={json.dumps(a, default=str)[:200]} paramstore={json.dumps(b, default=str)[:200]}")
    return out


def _item_key(v: Any) -> str:
    if isinstance(v, dict):
        return json.dumps([v.get("Name"), v.get("Version"), v.get("Key"), v.get("SecretId"), v.get("VersionId")], default=str)
    return json.dumps(v, default=str)


def _sorted(body: dict, step: "Step") -> dict:
    out = dict(body)
    for k in step.unordered:
        if isinstance(out.get(k), list):
            out[k] = sorted(out[k], key=_item_key)
    return out


def diff_results(a: Result, b: Result, step: Step, normalize: Callable[[str, Any], Any]) -> list[str]:
    out: list[str] = []
    if a.status != b.status:
        out.append(f"status: moto={a.status} paramstore={b.status}")
    if a.ok != b.ok or a.code != b.code:
        out.append(f"code: moto={a.code or 'OK'} paramstore={b.code or 'OK'}")
    if not a.ok and not b.ok:
        if normalize("message", a.message) != normalize("message", b.message):
            out.append(f"message: moto={a.message!r} paramstore={b.message!r}")
        return out
    if a.ok and b.ok:
        out.extend(diff_values(_sorted(a.body or {}, step), _sorted(b.body or {}, step), "", step.ignore, normalize))
    return out


# --------------------------------------------------------------------------------------------------------------
# botocore model checks (paramstore's answers only)


def _wire_type_ok(shape, v: Any) -> bool:
    t = shape.type_name
    if t == "structure":
        return isinstance(v, dict)
    if t == "list":
        return isinstance(v, list)
    if t == "map":
        return isinstance(v, dict)
    if t == "string":
        return isinstance(v, str) and (not shape.enum or v in shape.enum)
    if t in ("integer", "long"):
        return isinstance(v, int) and not isinstance(v, bool)
    if t in ("float", "double"):
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    if t == "boolean":
        return isinstance(v, bool)
    if t == "timestamp":  # JSON protocols: epoch seconds as a number
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    if t == "blob":
        return isinstance(v, str)
    return True


def check_shape(shape, v: Any, path: str) -> list[str]:
    if shape is None:
        return []
    if not _wire_type_ok(shape, v):
        return [f"model: {path or '<root>'} is {_type_name(v)} {json.dumps(v, default=str)[:80]}, model wants {shape.type_name}"
                + (f" enum {shape.enum}" if getattr(shape, "enum", None) else "")]
    out: list[str] = []
    if shape.type_name == "structure":
        for k, sub in v.items():
            p = f"{path}.{k}" if path else k
            if k not in shape.members:
                out.append(f"model: {p} is not a member of {shape.name}")
            else:
                out.extend(check_shape(shape.members[k], sub, p))
    elif shape.type_name == "list":
        for i, item in enumerate(v):
            out.extend(check_shape(shape.member, item, f"{path}[{i}]"))
    elif shape.type_name == "map":
        for k, item in v.items():
            out.extend(check_shape(shape.value, item, f"{path}.{k}"))
    return out


def _has_path(body: Any, path: str) -> bool:
    """`Parameters[*].Labels` style paths: every element must have the member."""
    parts = path.split(".")
    nodes = [body]
    for part in parts:
        star = part.endswith("[*]")
        key = part[:-3] if star else part
        nxt = []
        for n in nodes:
            if not isinstance(n, dict) or key not in n:
                return False
            nxt.extend(n[key] if star and isinstance(n[key], list) else [n[key]])
        nodes = nxt
    return True


def model_problems(service: str, op: str, r: Result, required: tuple) -> list[str]:
    model = _MODEL_SESSION.get_service_model(service)
    if r.ok:
        out = check_shape(model.operation_model(op).output_shape, r.body or {}, "")
        out.extend(f"model: required {p} missing" for p in required if not _has_path(r.body or {}, p))
        return out
    out = []
    if r.status not in (400, 500):
        out.append(f"model: error status {r.status}")
    try:
        eshape = model.shape_for(r.code)
    except Exception:  # noqa: BLE001 - unmodelled error code
        return out
    for k, v in (r.body or {}).items():
        if k == "__type":
            continue
        if not eshape.members and k in ("message", "Message"):
            continue  # member-less error shapes: AWS still sends a message (protocol.md §2.3)
        if k not in eshape.members:
            out.append(f"model: error member {k} not in {r.code} {list(eshape.members)}")
        else:
            out.extend(check_shape(eshape.members[k], v, k))
    return out


# --------------------------------------------------------------------------------------------------------------
# Runner


@dataclass
class Report:
    unexpected: list = field(default_factory=list)
    expected: list = field(default_factory=list)
    unused_expectations: list = field(default_factory=list)
    steps: int = 0


def resolve(params: Any, state: dict) -> dict:
    return params(state) if callable(params) else params


def run(steps: list[Step], moto: Target, ps: Target, normalize: Callable[[str, Any], Any], verbose: bool) -> Report:
    rep = Report()
    for st in steps:
        rep.steps += 1
        results: dict[str, Result] = {}
        for t in (moto, ps):
            if st.only is not None and st.only != t.name:
                continue
            try:
                params = resolve(st.params, t.state)
            except KeyError as e:
                rep.unexpected.append(f"[{st.name}] {t.name}: missing state {e}")
                continue
            r = t.call(st.service, st.op, params)
            results[t.name] = r
            if st.save is not None and r.ok:
                st.save(t.state, r)
            if verbose:
                print(f"  {st.name:<48} {t.name:<10} {r.summary()}")
        lines: list[str] = []
        b = results.get("paramstore")
        if b is not None:
            lines.extend(model_problems(st.service, st.op, b, st.required))
        a = results.get("moto")
        if st.compare and st.only is None and a is not None and b is not None:
            lines.extend(diff_results(a, b, st, normalize))
        used = set()
        for line in lines:
            reason = next((why for rx, why in st.expect.items() if re.search(rx, line) and not used.add(rx)), None)
            if reason is None:
                rep.unexpected.append(f"[{st.name}] {line}")
            else:
                rep.expected.append(f"[{st.name}] {line}  -- {reason}")
        for rx in st.expect:
            if rx not in used:
                rep.unused_expectations.append(f"[{st.name}] {rx}")
    return rep


def main(steps_factory: Callable[[], list[Step]], normalize: Callable[[str, Any], Any], argv: list[str]) -> int:
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--paramstore", required=True, help="paramstore endpoint, e.g. http://127.0.0.1:4566")
    ap.add_argument("--moto", help="moto_server endpoint (default: start one on a free loopback port)")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--show-expected", action="store_true")
    ap.add_argument("--show-unused", action="store_true", help="list known differences that did not occur")
    ap.add_argument("--json", help="write the report as JSON to this file")
    args = ap.parse_args(argv)
    started = None
    if args.moto is None:
        started = MotoServer()
        moto_ep = started.endpoint
    else:
        moto_ep = args.moto
        req = urllib.request.Request(f"{moto_ep}/moto-api/reset", method="POST", data=b"")
        urllib.request.urlopen(req, timeout=10).read()
    try:
        rep = run(steps_factory(), Target("moto", moto_ep), Target("paramstore", args.paramstore), normalize, args.verbose)
    finally:
        if started is not None:
            started.stop()
    if args.show_expected:
        for line in rep.expected:
            print(f"expected   {line}")
    for line in rep.unused_expectations if args.show_unused else []:
        print(f"unused     {line}")
    for line in rep.unexpected:
        print(f"UNEXPECTED {line}")
    if args.json:
        with open(args.json, "w", encoding="utf8") as f:
            json.dump(rep.__dict__, f, indent=1)
    print(f"{rep.steps} steps, {len(rep.expected)} known differences, {len(rep.unexpected)} unexpected")
    return 1 if rep.unexpected else 0


if __name__ == "__main__":
    sys.exit("import this module from ssm_diff.py / secrets_diff.py")
