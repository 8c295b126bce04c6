"""The model file: a magic line, a JSON header (format version, size, sha256), a zlib'd JSON body.

No pickle: the body is plain JSON with arrays as base64, so a foreign or tampered file
can at worst fail the checks below, never run code. Layout:

    MOBI-NLU\n
    {"format": "mobi-nlu", "version": 1, "size": N, "sha256": "..."}\n
    <N bytes: zlib(JSON body)>
"""
from __future__ import annotations

import base64
import hashlib
import json
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from nlu.errors import ModelError

MAGIC = b"MOBI-NLU\n"
FORMAT_VERSION = 1


def encode_array(a: np.ndarray, dtype: str = "float32") -> dict[str, Any]:
    data = np.ascontiguousarray(a, dtype=dtype)
    return {"dtype": dtype, "shape": list(data.shape), "b64": base64.b64encode(data.tobytes()).decode()}


def decode_array(d: dict[str, Any]) -> np.ndarray:
    if d.get("dtype") not in ("float32", "float16", "int32"):
        raise ModelError(f"unsupported array type {d.get('dtype')!r}")
    raw = base64.b64decode(d["b64"])
    return np.frombuffer(raw, dtype=d["dtype"]).reshape(d["shape"]).astype(np.float32)


def write(path: Path, body: dict[str, Any]) -> None:
    """Write atomically (temp file + rename), so a crash never leaves half a model."""
    payload = zlib.compress(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(), 6)
    header = {"format": "mobi-nlu", "version": FORMAT_VERSION, "size": len(payload), "sha256": hashlib.sha256(payload).hexdigest()}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(MAGIC + json.dumps(header).encode() + b"\n" + payload)
    tmp.replace(path)


def read(path: Path) -> dict[str, Any]:
    """Check magic, version, size and checksum before decoding anything."""
    try:
        blob = Path(path).read_bytes()
    except FileNotFoundError:
        raise ModelError(f"{path}: no model file (train one with `mobi nlu train`)") from None
    except OSError as exc:
        raise ModelError(f"{path}: cannot read model: {exc.strerror}") from None
    if not blob.startswith(MAGIC):
        raise ModelError(f"{path}: not a mobi NLU model (wrong magic)")
    head, sep, payload = blob[len(MAGIC):].partition(b"\n")
    try:
        header = json.loads(head) if sep else None
    except (json.JSONDecodeError, UnicodeDecodeError):
        header = None
    if not isinstance(header, dict) or header.get("format") != "mobi-nlu":
        raise ModelError(f"{path}: corrupt model header")
    if header.get("version") != FORMAT_VERSION:
        raise ModelError(f"{path}: model format version {header.get('version')!r}, this mobi reads {FORMAT_VERSION}; retrain")
    if header.get("size") != len(payload) or hashlib.sha256(payload).hexdigest() != header.get("sha256"):
        raise ModelError(f"{path}: model file is truncated or corrupt (checksum mismatch)")
    try:
        return json.loads(zlib.decompress(payload))
    except (zlib.error, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(f"{path}: corrupt model body: {exc}") from None
