"""The ``mlag-netconf`` command line.

- ``mlag-netconf render INTENT.yaml --out DIR``: check the intent, write
  ``DIR/<device>.xml`` (one ``<config>`` each). Exit 0; exit 2 on a bad intent with
  ``path.to.field: rule: message`` lines on stderr and nothing written.
- ``mlag-netconf check INTENT.yaml``: the same checks, nothing written.
- ``mlag-netconf rules``: list every documented rule the library checks, with its source
  (``seed`` document or ``vendor`` model) and severity.
- ``mlag-netconf schema-intent``: print the JSON Schema of intent files.
- ``mlag-netconf sim --devices A,B``: run the embedded NETCONF simulator.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from mlag_netconf.errors import MlagNetconfError, ValidationError, ValidationErrors

EXIT_OK, EXIT_ERROR, EXIT_INVALID = 0, 1, 2


def _print_errors(err: ValidationError | ValidationErrors) -> None:
    errors = err.errors if isinstance(err, ValidationErrors) else (err,)
    for e in errors:
        print(str(e), file=sys.stderr)


def _render(args: argparse.Namespace) -> int:
    from mlag_netconf.intent import load_intent

    try:
        intent = load_intent(args.intent)
        for w in intent.warnings:
            print(f"warning: {w}", file=sys.stderr)
        payloads = intent.payloads()
        if not args.no_validate:
            for p in payloads.values():
                p.validate()
    except (ValidationError, ValidationErrors) as e:
        _print_errors(e)
        return EXIT_INVALID
    except OSError as e:
        print(f"{args.intent}: {e.strerror or e}", file=sys.stderr)
        return EXIT_ERROR
    if args.command == "check":
        for name, p in payloads.items():
            print(f"{name}: ok ({len(p.features)} features, modules: {', '.join(p.modules)})")
        return EXIT_OK
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, p in payloads.items():
        path = p.write(out / f"{name}.xml")
        print(path)
    return EXIT_OK


def _rules(args: argparse.Namespace) -> int:
    from mlag_netconf.rules import CATALOGUE

    width = max(len(r) for r in CATALOGUE)
    for rule, r in CATALOGUE.items():
        print(f"{rule:<{width}}  {r.source:<6}  {r.severity:<7}  {r.text}")
    return EXIT_OK


def _schema_intent(args: argparse.Namespace) -> int:
    from mlag_netconf.intent.schema import schema_text

    sys.stdout.write(schema_text())
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mlag-netconf",
        description="BGP over M-LAG on Huawei CloudEngine over NETCONF: render, check, simulate.")
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("render", help="check an intent and write one payload per device")
    r.add_argument("intent", help="the YAML intent file")
    r.add_argument("--out", required=True, help="folder for <device>.xml")
    r.add_argument("--no-validate", action="store_true",
                   help="skip the YANG check of the payloads (the rules are still checked)")
    r.set_defaults(func=_render)
    c = sub.add_parser("check", help="check an intent, write nothing")
    c.add_argument("intent")
    c.add_argument("--no-validate", action="store_true")
    c.set_defaults(func=_render)
    ru = sub.add_parser("rules", help="list the documented rules")
    ru.set_defaults(func=_rules)
    sc = sub.add_parser("schema-intent", help="print the JSON Schema of intent files (for "
                                              "editors: yaml-language-server)")
    sc.set_defaults(func=_schema_intent)
    try:
        from mlag_netconf.sim.harness.cli import add_sim_parser
    except ImportError:  # pragma: no cover - the simulator is part of the package
        pass
    else:
        add_sim_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except MlagNetconfError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_ERROR
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
