#!/usr/bin/env python3
"""The manual page documents every command and every option that `--help` lists, and no option
that is gone: a new option without documentation fails here.

Each command is a subsection ".SS "mailscope COMMAND"" of packaging/mailscope.1, each option an
item (.TP) whose first line names it. --help, -h and --help-all, which every command has, are
documented once.
Usage: manpage_options.py MAILSCOPE_BINARY MANPAGE
"""

import os
import re
import subprocess
import sys
import unittest

BIN = MANPAGE = ""
COMMON = {"-h", "--help", "--help-all"}
OPTION = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*")


def help_text(*args):
    result = subprocess.run([BIN, *args], capture_output=True, timeout=30,
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    if result.returncode != 0:
        raise AssertionError("mailscope %s failed: %s" % (" ".join(args), result.stderr.decode()))
    return result.stdout.decode()


def commands():
    """The commands `mailscope --help` lists."""
    text = help_text("--help")
    block = text.split("Commands:\n", 1)[1].split("\n\n", 1)[0]
    return [m.group(1) for m in re.finditer(r"^  ([a-z]+)\s", block, re.MULTILINE)]


def help_options(text):
    """Every option name in a --help text: its option lines start with two spaces and a dash;
    the names end where two spaces start the description."""
    names = set()
    for line in text.splitlines():
        if re.match(r"^  -", line):
            names.update(OPTION.findall(re.split(r"\s{2,}", line.strip(), maxsplit=1)[0]))
    return names


def unescape(roff):
    return re.sub(r"\\f[BIRP]", "", roff).replace("\\-", "-").replace("\\e", "\\")


def manpage_sections():
    """{command: set of option names} from the .SS "mailscope COMMAND" subsections."""
    with open(MANPAGE, encoding="utf-8") as f:
        lines = f.read().splitlines()
    sections, current = {}, None
    for i, line in enumerate(lines):
        heading = re.match(r'^\.SS "mailscope (\w+)"', line)
        if heading:
            current = sections.setdefault(heading.group(1), set())
        elif line.startswith(".SH"):
            current = None
        elif line == ".TP" and current is not None and i + 1 < len(lines):
            current.update(OPTION.findall(unescape(lines[i + 1])))
    return sections


class ManpageOptionsTest(unittest.TestCase):
    def test_every_command_has_a_section(self):
        self.assertEqual(sorted(manpage_sections()), sorted(commands()))

    def test_every_option_is_documented_and_nothing_more(self):
        sections = manpage_sections()
        for command in commands():
            if command == "gui":
                continue  # opens the window; its options are Qt's own
            with self.subTest(command=command):
                listed = help_options(help_text(command, "--help"))
                self.assertIn("--help", listed, "no options read from mailscope %s --help" % command)
                # sendmail's help is its own and lists --help as one of its flags.
                expected = listed if command == "sendmail" else listed - COMMON
                documented = sections.get(command, set())
                self.assertEqual(documented, expected,
                                 "in --help but not in the manual: %s; in the manual but not in --help: %s"
                                 % (sorted(expected - documented), sorted(documented - expected)))

    def test_common_options_and_version_are_documented(self):
        with open(MANPAGE, encoding="utf-8") as f:
            text = unescape(f.read())
        for name in sorted(COMMON | {"--version"}):
            self.assertRegex(text, r"(?<![\w-])%s(?![\w-])" % re.escape(name))

    def test_sendmail_link_names_are_documented(self):
        with open(MANPAGE, encoding="utf-8") as f:
            text = unescape(f.read())
        self.assertIn("mailscope-sendmail", text.split("\n.SH DESCRIPTION", 1)[0])


if __name__ == "__main__":
    BIN, MANPAGE = sys.argv.pop(1), sys.argv.pop(1)
    unittest.main()
