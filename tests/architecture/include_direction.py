#!/usr/bin/env python3
"""Fails when a source file includes a folder it must not: imports run one way.

app -> ui -> capture -> smtp, store -> mime, faults -> records (see docs/architecture.md).
Usage: include_direction.py SOURCE_DIR
"""

import pathlib
import re
import sys

# What each folder may include besides itself. Core folders are named as they are included
# ("store/reader.h"); ui and app files are included by their own paths.
ALLOWED = {
    "core/records": set(),
    "core/mime": {"records"},
    "core/faults": {"records"},
    "core/smtp": {"records", "faults", "mime"},
    "core/store": {"records", "mime"},
    "core/capture": {"records", "faults", "mime", "smtp", "store"},
    "core/htmlcheck": {"records", "mime"},
    "core/api": {"records", "faults", "mime", "smtp", "store", "capture", "htmlcheck"},
    "ui": {"records", "faults", "mime", "smtp", "store", "capture", "htmlcheck", "api"},
    "app": {"records", "faults", "mime", "smtp", "store", "capture", "htmlcheck", "api", "ui"},
}
CORE_FOLDERS = {"records", "mime", "faults", "smtp", "store", "capture", "htmlcheck", "api"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)


def folder_of(path):
    """The ALLOWED key a source path belongs to, or None for files outside them."""
    parts = path.parts
    if parts[0] == "core" and len(parts) > 2:
        return "core/" + parts[1]
    if parts[0] in ("ui", "app"):
        return parts[0]
    return None


def violations(root):
    found = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".h", ".cpp") or "build" in path.relative_to(root).parts[:1]:
            continue
        relative = path.relative_to(root)
        folder = folder_of(relative)
        if folder is None:
            continue
        own = folder.split("/")[-1]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = INCLUDE.match(line)
            if not match:
                continue
            included = match.group(1)
            if included.startswith("../"):
                found.append((relative, number, included, "a path that climbs out of its folder"))
                continue
            head = included.split("/")[0]
            if head not in CORE_FOLDERS or head == own:
                continue
            if head not in ALLOWED[folder]:
                found.append((relative, number, included, "%s may not include %s/" % (folder, head)))
    # The core library links no widgets, so nothing in core/ may name the front ends' folders.
    for path in sorted((root / "core").rglob("*")):
        if path.suffix not in (".h", ".cpp"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = INCLUDE.match(line)
            if match and match.group(1).split("/")[0] in ("ui", "app"):
                found.append((path.relative_to(root), number, match.group(1), "core/ may not include the front ends"))
    return found


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    if not (root / "core").is_dir():
        print("no core/ folder under %s" % root)
        return 2
    found = violations(root)
    for relative, number, included, why in found:
        print('%s:%d: #include "%s": %s' % (relative, number, included, why))
    print("%d include(s) against the direction" % len(found))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
