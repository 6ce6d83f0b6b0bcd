#!/usr/bin/env python3
"""Make Huawei VRP8 YANG modules loadable by yuma123 2.13 (Debian bookworm netconfd).

Two yuma123 2.13 bugs are worked around (semantics otherwise unchanged):

1. ``refine <path> { must ...; }``: yuma123 cannot resolve XPath inside a refine
   ("invalid internal value") and segfaults when the refine target lies inside a nested
   ``uses``. Such refine blocks are dropped (only those extra ``must`` s are lost).
2. A grouping defined in a submodule and used in the main module resolves its prefixes
   in the main module's context: a prefix imported only by the submodule makes netconfd
   segfault. The submodules' missing imports are copied into the main module.

Usage: ``yuma-compat.py [--no-ietf] SRC_DIR DST_DIR`` (copies every ``*.yang``, patched
where needed; prints one line per patched module). ``--no-ietf`` leaves out the set's own
``ietf-*.yang`` copies: netconfd must use the ones it ships (NETCONFD.md).
"""

from __future__ import annotations

import pathlib
import re
import sys

REFINE = re.compile(r'\n[ \t]*refine [^\s{]+ \{(?:[^{}"]|"(?:[^"\\]|\\.)*")*\}')
IMPORT = re.compile(r'import\s+([\w.-]+)\s*\{\s*prefix\s+"?([\w.-]+)"?;[^}]*\}')
INCLUDE = re.compile(r"^\s*include\s+([\w.-]+)", re.M)
BELONGS_TO = re.compile(r"^\s*belongs-to\s", re.M)


def drop_refine_musts(text: str) -> tuple[str, int]:
    """Remove the ``refine`` blocks that contain a ``must``; return (text, count)."""
    new = REFINE.sub(lambda m: "" if "must" in m.group(0) else m.group(0), text)
    return new, len(REFINE.findall(text)) - len(REFINE.findall(new))


def add_submodule_imports(text: str, modules: dict[str, str]) -> tuple[str, list[str]]:
    """Copy into a main module the imports its submodules have and it lacks."""
    if BELONGS_TO.search(text):
        return text, []
    have = dict(IMPORT.findall(text))  # module -> prefix
    prefixes = set(have.values())
    added: list[str] = []
    for sub in INCLUDE.findall(text):
        for mod, pfx in IMPORT.findall(modules.get(sub, "")):
            if mod not in have and pfx not in prefixes:
                have[mod] = pfx
                prefixes.add(pfx)
                added.append(mod)
    first_include = INCLUDE.search(text)
    if not added or first_include is None:
        return text, []
    block = "".join(f"  import {mod} {{\n    prefix {have[mod]};\n  }}\n" for mod in added)
    at = first_include.start()
    return text[:at] + "\n" + block + text[at:], added


def convert(src: pathlib.Path, dst: pathlib.Path, *, ietf: bool = True) -> list[str]:
    """Copy every ``*.yang`` of ``src`` into ``dst`` with both fixes; return the notes."""
    dst.mkdir(parents=True, exist_ok=True)
    notes: list[str] = []
    out: dict[str, str] = {}
    for path in sorted(src.glob("*.yang")):
        if not ietf and path.name.startswith("ietf-"):
            continue
        out[path.stem], dropped = drop_refine_musts(path.read_text())
        if dropped:
            notes.append(f"{path.stem}: dropped {dropped} refine-with-must block(s)")
    for name, text in list(out.items()):
        out[name], added = add_submodule_imports(text, out)
        if added:
            notes.append(f"{name}: added imports {added}")
    for name, text in out.items():
        (dst / f"{name}.yang").write_text(text)
    return notes


def main(argv: list[str]) -> int:
    args = argv[1:]
    ietf = "--no-ietf" not in args
    paths = [a for a in args if a != "--no-ietf"]
    if len(paths) != 2 or any(a.startswith("-") for a in paths):
        print(__doc__, file=sys.stderr)
        return 2
    for note in convert(pathlib.Path(paths[0]), pathlib.Path(paths[1]), ietf=ietf):
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
