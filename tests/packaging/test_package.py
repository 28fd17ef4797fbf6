#!/usr/bin/env python3
"""The Debian package as a user gets it: CPack builds it, lintian finds nothing to warn about,
its control fields and files are those a Debian program needs, its desktop entry and AppStream
metadata validate, and the mailscope unpacked from it runs, serves and stores mail.

Usage: test_package.py -v, with CMAKE_COMMAND, MAILSCOPE_BUILD_DIR and MAILSCOPE_VERSION set.
"""

import glob
import gzip
import os
import re
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "interop"))
import harness  # noqa: E402  (the interop tests' `mailscope serve` under test)

BUILD_DIR = os.environ.get("MAILSCOPE_BUILD_DIR", "")
VERSION = os.environ.get("MAILSCOPE_VERSION", "")
APP_ID = "io.github.mailscope.Mailscope"
TIMEOUT = 600  # building the package strips and compresses the binary; lintian reads it all


def run(*args, **kwargs):
    result = subprocess.run(args, capture_output=True, timeout=TIMEOUT, **kwargs)
    if result.returncode != 0:
        raise AssertionError("%s failed (%d):\n%s\n%s" % (" ".join(args), result.returncode,
                                                          result.stdout.decode(errors="replace")[-3000:],
                                                          result.stderr.decode(errors="replace")[-3000:]))
    return result.stdout.decode()


class PackageTest(unittest.TestCase):
    deb = ""
    root = None

    @classmethod
    def setUpClass(cls):
        for old in glob.glob(os.path.join(BUILD_DIR, "mailscope_*.deb")):
            os.remove(old)
        run(os.environ.get("CMAKE_COMMAND", "cmake"), "--build", BUILD_DIR, "--target", "package")
        debs = glob.glob(os.path.join(BUILD_DIR, "mailscope_*.deb"))
        if len(debs) != 1:
            raise AssertionError("the package target made %r, not one mailscope_*.deb" % debs)
        cls.deb = debs[0]
        cls.root = tempfile.TemporaryDirectory(prefix="mailscope-package-")
        run("dpkg", "-x", cls.deb, cls.root.name)

    @classmethod
    def tearDownClass(cls):
        if cls.root:
            cls.root.cleanup()

    def path(self, installed):
        return os.path.join(self.root.name, installed.lstrip("/"))

    def field(self, name):
        return run("dpkg-deb", "-f", self.deb, name).strip()

    def test_file_name(self):
        arch = run("dpkg", "--print-architecture").strip()
        self.assertEqual(os.path.basename(self.deb), "mailscope_%s-1_%s.deb" % (VERSION, arch))

    def test_lintian_has_no_errors_or_warnings(self):
        args = ["lintian", "--no-cfg", "--display-level", ">=warning"]
        if os.geteuid() == 0:
            args.append("--allow-root")
        result = subprocess.run([*args, self.deb], capture_output=True, timeout=TIMEOUT)
        output = result.stdout.decode(errors="replace")
        findings = [line for line in output.splitlines() if re.match(r"^[EW]: ", line)]
        self.assertEqual(findings, [], output + result.stderr.decode(errors="replace"))

    def test_control_fields(self):
        self.assertEqual(self.field("Package"), "mailscope")
        self.assertEqual(self.field("Version"), VERSION + "-1")
        self.assertEqual(self.field("Architecture"), run("dpkg", "--print-architecture").strip())
        self.assertEqual(self.field("Section"), "mail")
        self.assertEqual(self.field("Priority"), "optional")
        self.assertRegex(self.field("Maintainer"), r"^[^<>]+ <[^@<>\s]+@[^@<>\s]+>$")
        self.assertEqual(self.field("Homepage"), "https://github.com/mailscope/mailscope")
        description = self.field("Description").splitlines()
        self.assertEqual(description[0], "SMTP test and debugging server (mail catcher)")
        self.assertIn("localhost:1025", " ".join(description[1:]))

    def test_depends_on_linked_libraries_and_run_time_plugins(self):
        depends = {re.split(r"[\s(]", d.strip(), maxsplit=1)[0] for d in self.field("Depends").split(",")}
        # From dpkg-shlibdeps: what the binary links. libqt6gui6 also holds the X11 platform
        # plugin and libqt6network6 the OpenSSL TLS backend.
        for package in ("libc6", "libstdc++6", "libqt6core6", "libqt6gui6", "libqt6widgets6", "libqt6network6",
                        "libqt6sql6", "libqt6httpserver6", "libqt6websockets6", "libgmime-3.0-0", "libsqlite3-0",
                        "libssl3"):
            self.assertIn(package, depends)
        # Loaded at run time, so only named by hand: the SQLite driver, and Qt WebEngine's
        # QtWebEngineProcess once the window uses Qt WebEngine.
        self.assertIn("libqt6sql6-sqlite", depends)
        if "libqt6webenginecore6" in depends:
            self.assertIn("libqt6webenginecore6-bin", depends)

    def test_files(self):
        listing = run("dpkg-deb", "-c", self.deb)
        entries = {}
        for line in listing.splitlines():
            # drwxr-xr-x root/root 0 2026-11-22 12:00 ./usr/bin/ [-> target]
            fields = line.split(None, 5)
            name, _, target = fields[5].partition(" -> ")
            entries[name.lstrip(".").rstrip("/")] = (fields[0], fields[1], target)
        expected = ["/usr/bin/mailscope", "/usr/share/man/man1/mailscope.1.gz",
                    "/usr/lib/systemd/user/mailscope.service",
                    "/usr/share/applications/%s.desktop" % APP_ID, "/usr/share/metainfo/%s.metainfo.xml" % APP_ID,
                    "/usr/share/icons/hicolor/scalable/apps/mailscope.svg",
                    "/usr/share/doc/mailscope/copyright", "/usr/share/doc/mailscope/changelog.Debian.gz"]
        expected += ["/usr/share/icons/hicolor/%dx%d/apps/mailscope.png" % (s, s) for s in (16, 24, 32, 48, 64, 128, 256)]
        for name in expected:
            self.assertIn(name, entries)
            self.assertEqual(entries[name][1], "root/root", name)
        self.assertEqual(entries["/usr/bin/mailscope"][0], "-rwxr-xr-x")
        self.assertEqual(entries["/usr/bin/mailscope-sendmail"][2], "mailscope")
        self.assertEqual(entries["/usr/share/man/man1/mailscope-sendmail.1.gz"][2], "mailscope.1.gz")
        allowed = re.compile(r"^/usr(/lib(/systemd)?)?$|^/usr/(bin|lib/systemd/user|share)(/|$)")
        outside = [n for n in entries if n and not allowed.match(n)]
        self.assertEqual(outside, [])
        self.assertNotIn("/usr/sbin/sendmail", entries)

    def test_changelog_names_this_version(self):
        with gzip.open(self.path("/usr/share/doc/mailscope/changelog.Debian.gz"), "rt") as f:
            first = f.readline()
        self.assertTrue(first.startswith("mailscope (%s-1) " % VERSION), first)

    def test_manual_page_names_this_version(self):
        with gzip.open(self.path("/usr/share/man/man1/mailscope.1.gz"), "rt") as f:
            title = next(line for line in f if line.startswith(".TH "))
        self.assertIn('"Mailscope %s"' % VERSION, title)

    def test_copyright_is_machine_readable(self):
        with open(self.path("/usr/share/doc/mailscope/copyright"), encoding="utf-8") as f:
            text = f.read()
        self.assertTrue(text.startswith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"))
        stanzas = [dict(re.findall(r"^([A-Za-z-]+): ?(.*)$", s, re.MULTILINE)) for s in text.split("\n\n")]
        files = {s["Files"]: s["License"] for s in stanzas if "Files" in s}
        self.assertEqual(files, {"*": "GPL-3.0-or-later", "resources/caniemail/*": "Expat"})
        licences = {s["License"] for s in stanzas if "License" in s and "Files" not in s}
        self.assertEqual(licences, {"GPL-3.0-or-later", "Expat"})

    def test_desktop_entry_and_appstream_metadata_validate(self):
        desktop = self.path("/usr/share/applications/%s.desktop" % APP_ID)
        metainfo = self.path("/usr/share/metainfo/%s.metainfo.xml" % APP_ID)
        run("desktop-file-validate", desktop)
        run("appstreamcli", "validate", "--no-net", metainfo)
        with open(metainfo, encoding="utf-8") as f:
            xml = f.read()
        self.assertIn("<id>%s</id>" % APP_ID, xml)
        self.assertIn('<launchable type="desktop-id">%s.desktop</launchable>' % APP_ID, xml)
        self.assertIn("<project_license>GPL-3.0-or-later</project_license>", xml)
        self.assertIn('<release version="%s"' % VERSION, xml)
        # Screenshots are the README's images, as the project publishes them.
        source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
        with open(os.path.join(source, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        images = re.findall(r"<image>([^<]+)</image>", xml)
        self.assertGreaterEqual(len(images), 1)
        for url in images:
            prefix = "https://raw.githubusercontent.com/mailscope/mailscope/main/"
            self.assertTrue(url.startswith(prefix), url)
            self.assertIn("(%s)" % url[len(prefix):], readme)
            self.assertTrue(os.path.isfile(os.path.join(source, url[len(prefix):])), url)
        with open(desktop, encoding="utf-8") as f:
            entry = f.read()
        self.assertRegex(entry, r"(?m)^Exec=mailscope$")
        icon = re.search(r"(?m)^Icon=(.+)$", entry).group(1)
        self.assertTrue(os.path.exists(self.path("/usr/share/icons/hicolor/256x256/apps/%s.png" % icon)))

    def test_user_service(self):
        with open(self.path("/usr/lib/systemd/user/mailscope.service"), encoding="utf-8") as f:
            unit = f.read()
        self.assertRegex(unit, r"(?m)^ExecStart=/usr/bin/mailscope serve$")
        self.assertRegex(unit, r"(?m)^Restart=on-failure$")
        self.assertRegex(unit, r"(?m)^WantedBy=default\.target$")

    def test_unpacked_mailscope_reports_its_versions(self):
        with tempfile.TemporaryDirectory(prefix="mailscope-home-") as home:
            env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
            env["HOME"] = home
            out = run(self.path("/usr/bin/mailscope"), "--version", env=env)
            # The window's Settings may name another database.
            os.makedirs(os.path.join(home, ".config", "mailscope"))
            with open(os.path.join(home, ".config", "mailscope", "mailscope.conf"), "w") as f:
                f.write("[store]\ndatabase=/srv/mail/window.sqlite\n")
            window = run(self.path("/usr/bin/mailscope"), "--version", env=env)
        self.assertNotIn("Window:", out)
        self.assertRegex(window, r"(?m)^Window: +/srv/mail/window\.sqlite ")
        lines = out.splitlines()
        self.assertEqual(lines[0], "mailscope " + VERSION)
        for name in ("Qt", "GMime", "SQLite"):
            self.assertRegex(out, r"(?m)^%s: +\d+\.\d+\.\d+$" % name)
        self.assertRegex(out, r"(?m)^TLS: +OpenSSL \d")
        self.assertIn("Database:  %s/.local/share/mailscope/mailscope.sqlite" % home, out)
        self.assertRegex(out, r"(?m)^Settings: +%s/\.config/mailscope/mailscope\.conf$" % re.escape(home))

    def test_unpacked_mailscope_serves_and_stores_mail(self):
        harness.BIN = self.path("/usr/bin/mailscope")
        harness.require_tools("swaks")
        server = harness.Server()
        self.addCleanup(server.close)
        run("swaks", "--server", "127.0.0.1:%d" % server.port, "--from", "alice@example.com",
            "--to", "bob@example.com", "--header", "Subject: from the package", "--body", "installed")
        # The link the package installs runs sendmail.
        run(self.path("/usr/bin/mailscope-sendmail"), "-S", "127.0.0.1:%d" % server.port, "-t", "-i",
            input=b"To: carol@example.com\nSubject: through mailscope-sendmail\n\nlinked\n")
        server.wait_for_line(r"^message 2 ")
        first, second = server.message_ids()
        self.assertIn(b"\r\nSubject: from the package\r\n", server.raw(first))
        self.assertEqual(server.raw(second), b"To: carol@example.com\r\nSubject: through mailscope-sendmail\r\n"
                                             b"\r\nlinked\r\n")
        self.assertEqual(server.stop(), 0)


if __name__ == "__main__":
    missing = [t for t in ("lintian", "dpkg-deb", "appstreamcli", "desktop-file-validate", "swaks")
               if not harness.tool(t)]
    if missing:
        print("SKIP: %s not installed (run scripts/install-deps.sh test)" % ", ".join(missing))
        sys.exit(harness.SKIP_CODE)
    unittest.main()
