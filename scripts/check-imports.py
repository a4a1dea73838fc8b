#!/usr/bin/env python3
"""Checks that Package.swift's dependency lists say what the code imports.

For every target of Package.swift (name, path, dependencies), every `import X` of the
Swift files under its path is read. The check fails when a target

  - imports a module of this package it does not declare (an import that only works
    because another dependency brings the module along transitively still counts: the
    day that dependency drops it, the build breaks somewhere unrelated), or
  - declares a dependency on a module of this package that none of its files imports.

Modules of this package are its targets, the C system library targets (CLibPQ, CHiredis,
CLinux) included. Modules of the toolchain (Foundation, Glibc, Testing…) are ignored. An
import that is neither is an error too: the package has no package dependencies, so an
unknown module is a typo, a new toolchain module to add to TOOLCHAIN_MODULES below, or a
dependency that must not be there.

Usage: scripts/check-imports.py [PACKAGE_DIRECTORY]   (default: the repository root)
Exit status 0 when everything agrees, 1 with one line per problem otherwise, 2 when
Package.swift cannot be read. Python 3 standard library only.
"""

import os
import re
import sys

# Modules of the Swift toolchain and the operating system: never declared as dependencies.
TOOLCHAIN_MODULES = {
    "Foundation", "FoundationEssentials", "FoundationInternationalization", "FoundationNetworking",
    "FoundationXML", "Dispatch", "Glibc", "Musl", "Darwin", "Android", "Bionic", "WinSDK", "ucrt",
    "Swift", "_Concurrency", "_StringProcessing", "RegexBuilder", "Synchronization", "Observation",
    "Distributed", "Cxx", "CxxStdlib", "XCTest", "Testing", "PackageDescription", "os",
}

# The target kinds of PackageDescription and the folder each defaults its path to.
TARGET_KINDS = {
    "target": "Sources",
    "executableTarget": "Sources",
    "testTarget": "Tests",
    "systemLibrary": "Sources",
    "plugin": "Plugins",
    "macro": "Sources",
}


class Target:
    """One target of Package.swift."""

    def __init__(self, kind, name, path, dependencies, line):
        self.kind = kind
        self.name = name
        self.path = path
        self.dependencies = dependencies
        self.line = line

    @property
    def is_system_library(self):
        return self.kind == "systemLibrary"


def strip_comments(text):
    """Swift source with // and /* */ comments blanked out (strings kept, lines kept)."""
    out = []
    i = 0
    n = len(text)
    in_string = False
    while i < n:
        c = text[i]
        if in_string:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            if c == '"':
                in_string = False
            i += 1
            continue
        if c == '"':
            in_string = True
            out.append(c)
            i += 1
            continue
        if text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            i = end
            continue
        if text.startswith("/*", i):
            depth = 0
            while i < n:
                if text.startswith("/*", i):
                    depth += 1
                    i += 2
                elif text.startswith("*/", i):
                    depth -= 1
                    i += 2
                    if depth == 0:
                        break
                else:
                    if text[i] == "\n":
                        out.append("\n")
                    i += 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def matching_close(text, start, opening, closing):
    """The index of the bracket closing the one at `start`, skipping strings."""
    depth = 0
    i = start
    in_string = False
    while i < len(text):
        c = text[i]
        if in_string:
            if c == "\\":
                i += 2
                continue
            if c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c == opening:
            depth += 1
        elif c == closing:
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError("unbalanced %s at offset %d" % (opening, start))


def top_level_argument(call, label):
    """The text of argument `label:` of a call's argument list (depth 0 only), or None."""
    depth = 0
    i = 0
    in_string = False
    pattern = re.compile(r"\b%s\s*:" % re.escape(label))
    while i < len(call):
        c = call[i]
        if in_string:
            if c == "\\":
                i += 2
                continue
            if c == '"':
                in_string = False
            i += 1
            continue
        if c == '"':
            in_string = True
        elif c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif depth == 0:
            match = pattern.match(call, i)
            if match and (i == 0 or not (call[i - 1].isalnum() or call[i - 1] == "_")):
                rest = call[match.end():].lstrip()
                offset = len(call) - len(rest)
                if rest.startswith("["):
                    close = matching_close(call, offset, "[", "]")
                    return call[offset:close + 1]
                string = re.match(r'"((?:[^"\\]|\\.)*)"', rest)
                return '"%s"' % string.group(1) if string else rest.split(",")[0].strip()
        i += 1
    return None


def dependency_names(text):
    """The target names of a dependencies array: "X", .target(name: "X"), .byName(name: "X").
    Products of other packages (.product) are returned as "product:NAME" so they are reported."""
    names = []
    inner = text.strip()[1:-1]
    i = 0
    while i < len(inner):
        if inner[i] == '"':
            end = inner.index('"', i + 1)
            names.append(inner[i + 1:end])
            i = end + 1
            continue
        match = re.match(r"\.(target|byName|product)\s*\(", inner[i:])
        if match:
            start = i + match.end() - 1
            close = matching_close(inner, start, "(", ")")
            arguments = inner[start + 1:close]
            name = re.search(r'name\s*:\s*"([^"]+)"', arguments)
            if name:
                prefix = "product:" if match.group(1) == "product" else ""
                names.append(prefix + name.group(1))
            i = close + 1
            continue
        i += 1
    return names


def parse_package(package_text):
    """Every target declared in Package.swift. A `.target(name: "X")` inside another
    declaration (a dependencies array) is a reference, not a declaration: skipped."""
    text = strip_comments(package_text)
    targets = []
    declaration_end = -1
    for match in re.finditer(r"\.(%s)\s*\(" % "|".join(TARGET_KINDS), text):
        if match.start() < declaration_end:
            continue
        kind = match.group(1)
        start = match.end() - 1
        close = matching_close(text, start, "(", ")")
        call = text[start + 1:close]
        name_text = top_level_argument(call, "name")
        if not name_text or not name_text.startswith('"'):
            continue
        declaration_end = close
        name = name_text.strip('"')
        path_text = top_level_argument(call, "path")
        path = path_text.strip('"') if path_text else os.path.join(TARGET_KINDS[kind], name)
        dependencies_text = top_level_argument(call, "dependencies")
        dependencies = dependency_names(dependencies_text) if dependencies_text else []
        line = text.count("\n", 0, match.start()) + 1
        targets.append(Target(kind, name, os.path.normpath(path), dependencies, line))
    return targets


IMPORT = re.compile(
    r"^\s*(?:@[A-Za-z_]+(?:\([^)]*\))?\s+)*import\s+"
    r"(?:(?:typealias|struct|class|enum|protocol|let|var|func)\s+)?([A-Za-z_][A-Za-z0-9_]*)")


def imports_of(source):
    """The modules a Swift file imports (outside comments and multi-line strings)."""
    modules = []
    in_multiline_string = False
    for line in strip_comments(source).splitlines():
        if line.count('"""') % 2 == 1:
            in_multiline_string = not in_multiline_string
            continue
        if in_multiline_string:
            continue
        match = IMPORT.match(line)
        if match:
            modules.append(match.group(1))
    return modules


def swift_files(root, directory, other_paths):
    """The Swift files under `directory`, leaving out those of targets nested inside it."""
    base = os.path.join(root, directory)
    for folder, subfolders, files in os.walk(base):
        relative = os.path.relpath(folder, root)
        subfolders[:] = sorted(
            name for name in subfolders if os.path.normpath(os.path.join(relative, name)) not in other_paths)
        for name in sorted(files):
            if name.endswith(".swift"):
                yield os.path.join(folder, name)


def check(root):
    """The problems found, one line each."""
    package_path = os.path.join(root, "Package.swift")
    with open(package_path, encoding="utf-8") as handle:
        targets = parse_package(handle.read())
    if not targets:
        raise ValueError("no targets found in %s" % package_path)
    package_modules = {target.name for target in targets}
    all_paths = {target.path for target in targets}
    problems = []
    for target in sorted(targets, key=lambda t: t.line):
        for dependency in target.dependencies:
            if dependency.startswith("product:"):
                problems.append("%s: depends on the product %s of another package (the package has none)"
                                % (target.name, dependency[len("product:"):]))
            elif dependency not in package_modules:
                problems.append("%s: declares %s, which is not a target of this package" % (target.name, dependency))
        if target.is_system_library:
            continue  # headers and a module map: nothing imported in Swift
        if not os.path.isdir(os.path.join(root, target.path)):
            problems.append("%s: its path %s does not exist" % (target.name, target.path))
            continue
        imported = {}
        for path in swift_files(root, target.path, all_paths - {target.path}):
            with open(path, encoding="utf-8", errors="replace") as handle:
                for module in imports_of(handle.read()):
                    imported.setdefault(module, os.path.relpath(path, root))
        declared = set(target.dependencies)
        for module in sorted(imported):
            if module == target.name or module in TOOLCHAIN_MODULES:
                continue
            if module not in package_modules:
                problems.append(
                    "%s: %s imports %s, neither a target of this package nor a known toolchain module"
                    % (target.name, imported[module], module))
            elif module not in declared:
                problems.append("%s: imports %s (%s) without declaring it in dependencies"
                                % (target.name, module, imported[module]))
        for dependency in target.dependencies:
            if dependency in package_modules and dependency not in imported:
                problems.append("%s: declares %s but none of its files imports it" % (target.name, dependency))
    return problems, len(targets)


def main(arguments):
    root = arguments[1] if len(arguments) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    root = os.path.normpath(root)
    try:
        problems, count = check(root)
    except (OSError, ValueError) as error:
        print("check-imports: cannot read the package: %s" % error, file=sys.stderr)
        return 2
    for problem in problems:
        print("check-imports: " + problem, file=sys.stderr)
    if problems:
        print("check-imports: %d problem(s); fix the dependencies: arrays of Package.swift" % len(problems),
              file=sys.stderr)
        return 1
    print("check-imports: %d targets, imports and dependencies agree" % count)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
