"""The ``mlag-netconf`` command line.

- ``mlag-netconf render INTENT.yaml --out DIR``: check the intent, write
  ``DIR/<device>.xml`` (one ``<config>`` each; the user side's too when the intent names
  it), all files or none (a temporary folder
  beside ``DIR``, then renamed), and say which files of an earlier run were replaced.
  ``--format cli`` gives the same configuration in the seed's command syntax
  (``DIR/<device>.cli``, or printed without ``--out``). Exit 0; exit 2 on a bad intent or
  an output that cannot be written, with ``path: rule: message`` lines on stderr and
  nothing written.
- ``mlag-netconf check INTENT.yaml``: the same checks (the user side's payload too),
  nothing written.
- ``mlag-netconf rules``: list every documented rule the library checks, with its source
  (``seed`` document or ``vendor`` model) and severity.
- ``mlag-netconf schema-intent``: print the JSON Schema of intent files.
- ``mlag-netconf sim --devices A,B``: run the embedded NETCONF simulator.
- ``mlag-netconf schemas pull --inventory INV --device NAME --out DIR``: download every
  YANG module the device advertises (``<get-schema>``) into ``DIR``; exit 1 if a download
  failed. ``mlag-netconf schemas find DIR``: search them (pyang) for the device's nodes of
  the gap features and print a draft registry override file, for a human to check; exit 1
  when nothing was found.
- ``plan``, ``diff``, ``apply``, ``verify``, ``undo``, ``demo``: the device commands
  (:mod:`mlag_netconf.cli_ops`; their output: :mod:`mlag_netconf.cli_report`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from mlag_netconf.cli_ops import add_ops_parsers
from mlag_netconf.cli_report import EXIT_ERROR as EXIT_ERROR  # exit codes: defined once,
from mlag_netconf.cli_report import EXIT_INVALID as EXIT_INVALID  # re-exported here
from mlag_netconf.cli_report import EXIT_OK as EXIT_OK
from mlag_netconf.errors import MlagNetconfError, ValidationError, ValidationErrors


def _print_errors(err: ValidationError | ValidationErrors, source: str) -> None:
    """One ``path: rule: message`` line per error; an error of the whole file is named
    by the file."""
    errors = err.errors if isinstance(err, ValidationErrors) else (err,)
    for e in errors:
        print(str(e) if e.path else f"{source}: {e}", file=sys.stderr)


def _render(args: argparse.Namespace) -> int:
    from mlag_netconf.intent import load_intent

    try:
        intent = load_intent(args.intent)
        for w in intent.warnings:
            print(f"warning: {w}", file=sys.stderr)
        # the user side too, when the intent names it (it is another device to configure)
        payloads = {**intent.payloads(), **intent.extra_payloads()}
        if not args.no_validate:
            for p in payloads.values():
                p.validate()
        if args.command == "check":
            for name, p in payloads.items():
                print(f"{name}: ok ({len(p.features)} features, "
                      f"modules: {', '.join(p.modules)})")
            return EXIT_OK
        texts = {name: p.cli() if args.format == "cli" else p.xml
                 for name, p in payloads.items()}
        if args.out is None:
            for name, body in texts.items():
                print(f"# {name}\n{body}")
            return EXIT_OK
        report = write_all(Path(args.out), {f"{name}.{args.format}": body + "\n"
                                            for name, body in texts.items()})
    except (ValidationError, ValidationErrors) as e:
        _print_errors(e, args.intent)
        return EXIT_INVALID
    except OSError as e:
        print(f"{e.filename or args.intent}: file-read: {e.strerror or e}", file=sys.stderr)
        return EXIT_ERROR
    for path in report.written:
        print(path)
    replaced = ", ".join(p.name for p in report.replaced) or "none"
    print(f"{args.out}: {len(report.written)} files written; replaced from an earlier run: "
          f"{replaced}")
    return EXIT_OK


@dataclass(frozen=True)
class WriteReport:
    """What :func:`write_all` wrote, and which of those files an earlier run had left."""

    written: tuple[Path, ...]
    replaced: tuple[Path, ...]


def write_all(out: Path, files: Mapping[str, str]) -> WriteReport:
    """Write ``files`` (name → text) into the folder ``out``: all of them or none.

    Everything is written into a temporary folder beside ``out`` first; a new ``out`` is
    then that folder renamed, an existing one gets each file moved in, the files it had
    set aside until all are in (and put back if one move fails). A failure raises
    :class:`~mlag_netconf.errors.ValidationError` (rule ``out-folder`` / ``out-write``)
    naming the path, with nothing left behind.
    """
    parent = out.absolute().parent
    try:
        if out.exists() and not out.is_dir():
            raise ValidationError(str(out), "out-folder", "exists and is not a folder")
        for name in files:
            if _is_folder(out / name):  # never replace (and so delete) a folder
                raise ValidationError(str(out / name), "out-write", "is a folder, not a file")
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=parent, prefix=f".{out.name}."))
    except OSError as e:
        raise ValidationError(str(e.filename or parent), "out-folder",
                              e.strerror or str(e)) from None
    try:
        for name, body in files.items():
            _write_one(tmp / name, out / name, body)
        if not out.exists():
            try:
                tmp.rename(out)
            except OSError as e:
                raise ValidationError(str(out), "out-folder", e.strerror or str(e)) from None
            return WriteReport(tuple(out / n for n in files), ())
        return _move_in(tmp, out, list(files))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name the file system refuses: writing it will say so
        return False


def _write_one(path: Path, shown: Path, body: str) -> None:
    try:
        with path.open("x", encoding="utf-8", newline="\n") as f:
            f.write(body)
    except OSError as e:
        raise ValidationError(str(shown), "out-write", e.strerror or str(e)) from None


def _move_in(tmp: Path, out: Path, names: list[str]) -> WriteReport:
    """Move ``tmp``'s files into the existing ``out``; restore ``out`` if a move fails."""
    old = tmp / ".replaced"
    old.mkdir()
    replaced, moved = [], []
    try:
        for name in names:
            if (out / name).exists() or (out / name).is_symlink():
                os.replace(out / name, old / name)
                replaced.append(name)
            os.replace(tmp / name, out / name)
            moved.append(name)
    except OSError as e:
        failed = out / name
        for done in moved:
            (out / done).unlink(missing_ok=True)
        for kept in replaced:
            os.replace(old / kept, out / kept)
        raise ValidationError(str(failed), "out-write", e.strerror or str(e)) from None
    return WriteReport(tuple(out / n for n in names), tuple(out / n for n in replaced))


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


def _schemas(args: argparse.Namespace) -> int:
    from mlag_netconf.netconf.schemas import draft_override, find

    try:
        if args.schemas_command == "find":
            candidates = find(args.folder)
            print(draft_override(candidates, args.folder), end="")
            found = sum(1 for c in candidates.values() if c)
            print(f"{args.folder}: candidates for {found} of {len(candidates)} gap features; "
                  f"a draft, not a fact: check every node on the device before use",
                  file=sys.stderr)
            return EXIT_OK if found else EXIT_ERROR
        from mlag_netconf.inventory import Inventory, InventoryError
        from mlag_netconf.netconf import connect
        from mlag_netconf.netconf.schemas import pull

        inventory = Inventory.load(args.inventory)
        if args.device not in inventory.names:
            raise InventoryError("--device", "unknown-device",
                                 f"{args.device!r} is not in {args.inventory} (devices: "
                                 f"{', '.join(inventory.names)})")
        with connect(inventory[args.device]) as session:
            report = pull(session, args.out)
    except ValidationError as e:
        _print_errors(e, getattr(args, "inventory", None) or args.folder)
        return EXIT_INVALID
    print(report)
    return EXIT_ERROR if report.failed else EXIT_OK


SIM_HELP = "run simulated CloudEngine switches (NETCONF over SSH on loopback)"


def build_parser(simulator: bool = True) -> argparse.ArgumentParser:
    """The command line's parser. ``simulator=False`` lists ``sim`` without its options,
    so that the other commands (and ``--help``) do not import the simulator."""
    parser = argparse.ArgumentParser(
        prog="mlag-netconf",
        description="BGP over M-LAG on Huawei CloudEngine over NETCONF: render, check, plan, "
                    "apply, verify, undo, simulate.")
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("render", help="check an intent and write one payload per device "
                                      "(the user side's too when the intent names it)")
    r.add_argument("intent", help="the YAML intent file")
    r.add_argument("--out", help="folder for <device>.xml (or .cli); written all at once, "
                                 "or not at all (needed for --format xml)")
    r.add_argument("--format", choices=("xml", "cli"), default="xml",
                   help="xml: the <config> payloads; cli: the same configuration in the "
                        "seed's command syntax (printed when --out is not given)")
    r.add_argument("--no-validate", action="store_true",
                   help="skip the YANG check of the payloads (the rules are still checked)")
    r.set_defaults(func=_render)
    c = sub.add_parser("check", help="check an intent, write nothing")
    c.add_argument("intent")
    c.add_argument("--no-validate", action="store_true")
    c.set_defaults(func=_render)
    ru = sub.add_parser("rules", help="list the documented rules")
    ru.set_defaults(func=_rules)
    sc = sub.add_parser("schemas", help="a device's own YANG modules: pull them, find the "
                                        "gap features' nodes in them")
    scs = sc.add_subparsers(dest="schemas_command", required=True)
    pl = scs.add_parser("pull", help="download every module the device advertises "
                                     "(<get-schema>) into a folder")
    pl.add_argument("--inventory", required=True, help="the inventory YAML file")
    pl.add_argument("--device", required=True, help="the device's name in the inventory")
    pl.add_argument("--out", required=True, help="folder for name@revision.yang files")
    pl.set_defaults(func=_schemas)
    fd = scs.add_parser("find", help="search pulled modules (pyang) for the gap features' "
                                     "nodes; print a draft override file to review")
    fd.add_argument("folder", help="the folder 'schemas pull' wrote")
    fd.set_defaults(func=_schemas)
    add_ops_parsers(sub)
    si = sub.add_parser("schema-intent", help="print the JSON Schema of intent files (for "
                                              "editors: yaml-language-server)")
    si.set_defaults(func=_schema_intent)
    if simulator:
        from mlag_netconf.sim.harness.cli import add_sim_parser

        add_sim_parser(sub, help=SIM_HELP)
    else:
        sub.add_parser("sim", help=SIM_HELP, add_help=False)
    return parser


def _usage_checks(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int | None:
    """Argument errors argparse cannot express: exit 2 with ``path: rule: message``."""
    if args.command == "render" and args.format == "xml" and args.out is None:
        parser.error("render: --out is required for --format xml")
    if args.command == "sim":
        from mlag_netconf.sim.harness.cli import port_error

        problem = port_error(args)
        if problem:
            print(problem, file=sys.stderr)
            return EXIT_INVALID
    return None


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(simulator="sim" in words)  # the simulator only when asked for
    args = parser.parse_args(words)
    if (early := _usage_checks(parser, args)) is not None:
        return early
    try:
        code: int = args.func(args)
    except MlagNetconfError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_ERROR
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
