#!/usr/bin/env python3
"""Writes packages/protocol/test/vectors/{decisions,action-digests}.json.

An independent implementation of the v1 wire formats (docs/adr/0020), NOT the TypeScript code
under test: Python's hashlib, pyca/cryptography's Ed25519 and a JCS serializer sufficient for the
values used here (integers within 2^53, ASCII keys; strings may hold any Unicode). Run it with
`python3 packages/protocol/scripts/write-vectors.py`; Ed25519 is deterministic, so the output is
byte-for-byte stable. test/vectors.test.ts checks the TypeScript code against the files.
"""
import base64
import copy
import hashlib
import json
import os

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "vectors")


def jcs(value) -> str:
    # RFC 8785 for the values used here: keys sorted (all ASCII, so code-unit order = code-point
    # order), no whitespace, minimal escapes (json.dumps escapes only ", \\ and controls, lowercase hex).
    def check(v):
        if isinstance(v, float):
            raise ValueError("floats are not used in these vectors")
        if isinstance(v, int) and not isinstance(v, bool) and abs(v) > 2**53 - 1:
            raise ValueError("integer out of range")
        if isinstance(v, dict):
            for k, x in v.items():
                assert k.isascii()
                check(x)
        if isinstance(v, list):
            for x in v:
                check(x)

    check(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def domain_bytes(domain: str, text: str) -> bytes:
    return f"{domain}\n".encode() + text.encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Key:
    def __init__(self, name: str, seed_hex: str):
        self.name = name
        self.seed = bytes.fromhex(seed_hex)
        self.private = Ed25519PrivateKey.from_private_bytes(self.seed)
        self.public = self.private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.key_id = "ed25519:" + sha256_hex(b"lodestar.keyid.v1\n" + self.public)[:32]

    def pinned(self, levels, role="approver", revoked=False, name=None):
        return {
            "name": name or self.name,
            "keyId": self.key_id,
            "publicKey": b64url(self.public),
            "levels": levels,
            "role": role,
            "revoked": revoked,
        }

    def sign(self, unsigned: dict) -> dict:
        text = jcs(unsigned)
        sig = self.private.sign(domain_bytes("lodestar.decision.v1", text))
        return {**unsigned, "sig": b64url(sig)}


# RFC 8032 §7.1 TEST 1, 2 and 3 secret keys; two more derived from fixed labels.
ALICE = Key("alice", "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
OPERATOR = Key("operator", "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb")
BOB = Key("bob", "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7")
CAROL = Key("carol", hashlib.sha256(b"lodestar vector key carol").hexdigest())
MALLORY = Key("mallory", hashlib.sha256(b"lodestar vector key mallory").hexdigest())

POLICY_DIGEST = sha256_hex(b"lodestar vector policy")


def action_digest(inp: dict) -> tuple[str, str]:
    text = jcs(inp)
    return sha256_hex(domain_bytes("lodestar.action.v1", text)), text


ACTIONS = [
    {
        "name": "write_file with non-ASCII content (raised to confidential in the log, bound literally here)",
        "input": {
            "session": "shop-2026-11-21",
            "tool": "write_file",
            "args": {"path": "/work/shop/src/total.ts", "content": "export const total = 1; // naïve ✓ 😀\n"},
            "cwd": "/work/shop",
            "level": "L3",
            "policyDigest": POLICY_DIGEST,
        },
    },
    {
        "name": "git push to a protected branch (argv list, L4)",
        "input": {
            "session": "shop-2026-11-21",
            "tool": "shell.exec",
            "args": {"argv": ["git", "push", "origin", "HEAD:main"], "cwd": "/work/shop"},
            "cwd": "/work/shop",
            "level": "L4",
            "policyDigest": POLICY_DIGEST,
        },
    },
    {
        "name": "nested objects: keys are sorted at every depth",
        "input": {
            "session": "s-1",
            "tool": "http.request",
            "args": {
                "url": "https://api.example.com/v1/charges",
                "method": "POST",
                "headers": {"X-Request-Id": "42", "Authorization": "Bearer tok_abcdefgh12345678", "Accept": "*/*"},
                "body": "{\"amount\":100}",
                "retries": 9007199254740991,
                "dryRun": False,
                "tags": [],
                "note": None,
            },
            "cwd": "/work/shop",
            "level": "L3",
            "policyDigest": POLICY_DIGEST,
        },
    },
    {
        "name": "no arguments, control characters in the tool name's neighbour fields",
        "input": {
            "session": "s-1",
            "tool": "git.status",
            "args": {},
            "cwd": "/work/a \"quoted\"\tdir\u001f",
            "level": "L0",
            "policyDigest": POLICY_DIGEST,
        },
    },
]


def write_action_vectors():
    vectors = []
    for a in ACTIONS:
        digest, text = action_digest(a["input"])
        vectors.append({"name": a["name"], "input": a["input"], "preimage": "lodestar.action.v1\n" + text, "digest": digest})
    # A hold body as recorded: the raised argument is its own part; join before hashing.
    first = ACTIONS[0]["input"]
    parts_vector = {
        "name": "hold body with a raised argument part: args.<name> joins back into args before hashing",
        "session": first["session"],
        "body": {
            "tool": first["tool"],
            "args": {"path": first["args"]["path"]},
            "args.content": first["args"]["content"],
            "cwd": first["cwd"],
            "level": first["level"],
            "policyDigest": first["policyDigest"],
        },
        "joinedArgs": first["args"],
        "digest": action_digest(first)[0],
    }
    doc = {
        "description": "Action digest vectors (protocol §5, docs/adr/0020): digest = hex SHA-256 of "
        "\"lodestar.action.v1\\n\" followed by the RFC 8785 canonical JSON of "
        "{ session, tool, args, cwd, level, policyDigest }. Generated by scripts/write-vectors.py "
        "(Python hashlib + json), independently of the TypeScript code.",
        "vectors": vectors,
        "argumentParts": [parts_vector],
    }
    with open(os.path.join(OUT, "action-digests.json"), "w") as f:
        f.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    return action_digest(ACTIONS[0]["input"])[0], action_digest(ACTIONS[1]["input"])[0]


T0 = "2026-11-21T10:00:00.000Z"


def at(seconds: int) -> str:
    # T0 + seconds, ISO 8601 UTC with milliseconds (all vectors stay within one day).
    h, rem = divmod(10 * 3600 + seconds, 3600)
    m, s = divmod(rem, 60)
    return f"2026-11-21T{h:02d}:{m:02d}:{s:02d}.000Z"


def nonce(i: int) -> str:
    return b64url(bytes((i * 16 + k) % 256 for k in range(16)))


def write_decision_vectors(digest_l3: str, digest_l4: str):
    hold = {
        "holdId": "hold_7m2k9q4x8c1v5b3n6z0w2r4t8y",
        "session": "shop-2026-11-21",
        "actionDigest": digest_l3,
        "level": "L3",
        "createdAt": at(0),
        "expiresAt": at(300),
        "open": True,
        "approvedBy": [],
    }
    other_hold = {**hold, "holdId": "hold_0p9o8i7u6y5t4r3e2w1q0a9s8d", "actionDigest": digest_l4, "level": "L4"}
    pinned = [
        ALICE.pinned(["L3", "L4"]),
        BOB.pinned(["L2"]),
        CAROL.pinned(["L3", "L4"], revoked=True),
        OPERATOR.pinned([], role="operator"),
    ]
    base_ctx = {
        "pinnedKeys": pinned,
        "holds": [hold, other_hold],
        "now": at(2),
        "selfApproval": False,
        "operatorKeys": [b64url(OPERATOR.public)],
        "usedDecisionIds": [],
    }
    counter = [0]

    def unsigned(key: Key, **over):
        counter[0] += 1
        d = {
            "v": 1,
            "holdId": hold["holdId"],
            "session": hold["session"],
            "actionDigest": hold["actionDigest"],
            "level": hold["level"],
            "verdict": "approve",
            "keyId": key.key_id,
            "approver": f"{key.name}@example.com",
            "issuedAt": at(1),
            "expiresAt": at(240),
            "nonce": nonce(counter[0]),
            "reason": "checked the diff — ship it ✓",
        }
        d.update(over)
        return {k: v for k, v in d.items() if v is not None}

    def ctx(**over):
        c = copy.deepcopy(base_ctx)
        c.update(copy.deepcopy(over))
        return c

    valid_unsigned = unsigned(ALICE)
    valid = ALICE.sign(valid_unsigned)
    signing_text = "lodestar.decision.v1\n" + jcs(valid_unsigned)
    deny = ALICE.sign(unsigned(ALICE, verdict="deny", reason=None))
    bob_deny = BOB.sign(unsigned(BOB, verdict="deny", reason="not on a Friday"))

    valid_vectors = [
        {
            "name": "alice approves the L3 hold",
            "decision": valid,
            "signingInput": signing_text,
            "signingInputHex": signing_text.encode("utf-8").hex(),
            "context": ctx(),
            "expect": {"ok": True, "approverName": "alice", "decisionId": f"{ALICE.key_id}/{valid['nonce']}"},
        },
        {
            "name": "alice denies (no reason field)",
            "decision": deny,
            "signingInput": "lodestar.decision.v1\n" + jcs({k: v for k, v in deny.items() if k != "sig"}),
            "context": ctx(),
            "expect": {"ok": True, "approverName": "alice", "decisionId": f"{ALICE.key_id}/{deny['nonce']}"},
        },
        {
            "name": "a deny needs no level authorisation: bob (pinned for L2 only) denies the L3 hold",
            "decision": bob_deny,
            "signingInput": "lodestar.decision.v1\n" + jcs({k: v for k, v in bob_deny.items() if k != "sig"}),
            "context": ctx(),
            "expect": {"ok": True, "approverName": "bob", "decisionId": f"{BOB.key_id}/{bob_deny['nonce']}"},
        },
    ]

    def tampered(**over):
        d = dict(valid)
        d.update(over)
        return d

    invalid = []

    def bad(name, code, decision, context=None, threat=None):
        # Rejections reached before the signature verified never spend the decision's id.
        spent = code not in ("malformed", "unpinned-key", "revoked-key", "bad-signature")
        entry = {"name": name, "code": code, "spent": spent}
        if threat:
            entry["threat"] = threat
        entry["decision"] = decision
        entry["context"] = context or ctx()
        invalid.append(entry)

    # Parsing: everything from the transport is attacker-controlled.
    bad("an unknown field", "malformed", tampered(admin=True))
    bad("no signature", "malformed", {k: v for k, v in valid.items() if k != "sig"}, threat="mint (no signature)")
    bad("level outside L0–L4", "malformed", tampered(level="L5"))
    bad("signature in padded base64", "malformed", tampered(sig=valid["sig"][:-2] + "=="))
    bad("key id in upper-case hex", "malformed", tampered(keyId=valid["keyId"].upper().replace("ED25519", "ed25519")))
    bad("version 2", "malformed", tampered(v=2))
    bad("not an object", "malformed", [valid])
    # Keys.
    bad("signed by a key nobody pinned", "unpinned-key", MALLORY.sign(unsigned(MALLORY)), threat="mint (unpinned key)")
    bad("signed by a revoked key", "revoked-key", CAROL.sign(unsigned(CAROL)), threat="mint (revoked key)")
    bad("verdict flipped deny → approve in transit", "bad-signature", tampered(verdict="deny"), threat="flip")
    bad("reason altered in transit", "bad-signature", tampered(reason="lgtm"), threat="alter reason")
    bad("approver identity altered in transit", "bad-signature", tampered(approver="ceo@example.com"), threat="alter identity")
    bad(
        "a valid decision re-targeted at another open hold (holdId edited)",
        "bad-signature",
        tampered(holdId=other_hold["holdId"], actionDigest=other_hold["actionDigest"], level="L4"),
        threat="replay for another hold",
    )
    bad(
        "a tampered copy is rejected and NOT spent (its id may be the genuine decision's)",
        "bad-signature",
        tampered(expiresAt=at(299)),
        threat="burn a genuine decision",
    )
    bad(
        "approval by a key pinned for a lower level",
        "key-not-authorized-for-level",
        BOB.sign(unsigned(BOB)),
        threat="mint (key pinned for a lower level)",
    )
    bad(
        "the same decision a second time",
        "replayed",
        valid,
        ctx(usedDecisionIds=[f"{ALICE.key_id}/{valid['nonce']}"]),
        threat="replay for the same hold",
    )
    bad("a hold that does not exist here", "unknown-hold", ALICE.sign(unsigned(ALICE, holdId="hold_zzzzzzzzzzzzzzzzzzzzzzzzzz")))
    bad(
        "signed for another session",
        "session-mismatch",
        ALICE.sign(unsigned(ALICE, session="other-session")),
        threat="replay for another session / another tenant",
    )
    bad(
        "an approval for another action (an argument changed after signing, or an L2 approval on this call)",
        "action-digest-mismatch",
        ALICE.sign(unsigned(ALICE, actionDigest=digest_l4)),
        threat="upgrade",
    )
    bad("right action, wrong level", "level-mismatch", ALICE.sign(unsigned(ALICE, level="L4")), threat="upgrade")
    bad(
        "the hold was already resolved (after a deny)",
        "hold-not-open",
        valid,
        ctx(holds=[{**hold, "open": False}, other_hold]),
        threat="revive",
    )
    bad("issued before the hold existed", "issued-before-hold", ALICE.sign(unsigned(ALICE, issuedAt="2026-11-21T09:59:59.000Z")))
    bad(
        "the decision's own expiry has passed",
        "decision-expired",
        ALICE.sign(unsigned(ALICE, expiresAt=at(60))),
        ctx(now=at(120)),
        threat="replay an old approval",
    )
    bad(
        "the hold expired (its decision is still valid)",
        "hold-expired",
        ALICE.sign(unsigned(ALICE, expiresAt=at(600))),
        ctx(now=at(301)),
        threat="revive after expiry",
    )
    bad(
        "the policy names other approvers for the level",
        "approver-not-named",
        valid,
        ctx(holds=[{**hold, "approverKeys": ["dave", "erin"]}, other_hold]),
    )
    bad(
        "the operator's own key approves its agent's hold",
        "self-approval",
        OPERATOR.sign(unsigned(OPERATOR)),
        ctx(pinnedKeys=[p if p["name"] != "operator" else OPERATOR.pinned(["L3", "L4"], role="operator") for p in pinned]),
        threat="self-approval",
    )
    bad(
        "the operator's key pinned under an approver label still counts as self-approval (identity, not role)",
        "self-approval",
        OPERATOR.sign(unsigned(OPERATOR)),
        ctx(pinnedKeys=[p if p["name"] != "operator" else OPERATOR.pinned(["L3", "L4"], role="approver", name="olive") for p in pinned]),
        threat="self-approval",
    )
    bad(
        "a second approval by a key that already counted toward the quorum",
        "duplicate-approver",
        ALICE.sign(unsigned(ALICE)),
        ctx(holds=[{**hold, "approvedBy": [ALICE.key_id]}, other_hold]),
    )
    doc = {
        "description": "Signed decision vectors (protocol §5, docs/adr/0012 and 0020). A decision is valid "
        "only if the checks of verifyDecision pass in order; each invalid vector names the reason code it "
        "must produce and whether its id is spent (false for every rejection reached before the signature "
        "verified). Context: the verifier's pinned keys, its local holds, its clock, its self-approval "
        "setting, the operator's public keys and the decision ids already used. Generated by "
        "scripts/write-vectors.py (Python hashlib + pyca/cryptography Ed25519), independently of the "
        "TypeScript code. Keys: alice = RFC 8032 §7.1 TEST 1, operator = TEST 2, bob = TEST 3; carol "
        "and mallory from SHA-256 of a label. The secret keys are published test keys: never pin them.",
        "secretKeys": {k.name: k.seed.hex() for k in (ALICE, OPERATOR, BOB, CAROL, MALLORY)},
        "valid": valid_vectors,
        "invalid": invalid,
    }
    with open(os.path.join(OUT, "decisions.json"), "w") as f:
        f.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    l3, l4 = write_action_vectors()
    write_decision_vectors(l3, l4)
    print("wrote", os.path.normpath(OUT))
