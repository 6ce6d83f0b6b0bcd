#!/usr/bin/env python3
"""Regenerate the golden payloads: payloads/<example>/<device>.xml for examples/*.yaml
(the user side too, when the example names it), and beside each its CLI view,
payloads/<example>/<device>.cli (``Payload.cli()``).

Run it after an intended change to the emitters, then review ``git diff payloads/``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from mlag_netconf.intent import load_intent

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    out_root = ROOT / "payloads"
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        out = out_root / example.stem
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        intent = load_intent(example)
        for name, payload in {**intent.payloads(), **intent.extra_payloads()}.items():
            payload.validate()
            print(payload.write(out / f"{name}.xml").relative_to(ROOT))
            cli = out / f"{name}.cli"
            cli.write_text(payload.cli() + "\n", encoding="utf-8", newline="\n")
            print(cli.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
