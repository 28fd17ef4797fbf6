"""Shared pieces of the faults_* interop tests: plan files, and the fault columns of the
database (the command line shows them only for sessions with a stored message)."""

import json
import os
import sqlite3
import tempfile

import harness


def rule(name, stage, action, **when):
    r = {"name": name, "stage": stage, "action": action}
    if when:
        r["when"] = when
    return r


class FaultTest(harness.InteropTest):

    def plan_dir(self):
        """A temporary folder for this test's plan files."""
        if not hasattr(self, "_plans"):
            self._plans = tempfile.TemporaryDirectory(prefix="mailscope-faults-")
            self.addCleanup(self._plans.cleanup)
        return self._plans.name

    def write_plan(self, rules, name="plan.json", seed=None):
        """Writes a version 1 plan with these rules (dicts) and returns its path."""
        plan = {"version": 1, "rules": rules}
        if seed is not None:
            plan["seed"] = seed
        path = os.path.join(self.plan_dir(), name)
        with open(path, "w") as f:
            json.dump(plan, f, indent=2)
        return path

    def start_with(self, rules, *options):
        """`mailscope serve --faults PLAN`, once it has printed the plan."""
        server = self.start_server("--faults", self.write_plan(rules), *options)
        server.wait_for_line(r"^%d\. " % len(rules))
        return server

    @staticmethod
    def sessions(server):
        """(outcome, fault_rules, dropped_messages) of every session, oldest first."""
        with sqlite3.connect("file:%s?mode=ro" % server.db, uri=True, timeout=10) as db:
            rows = db.execute("SELECT outcome, fault_rules, dropped_messages FROM sessions ORDER BY id").fetchall()
        return [(outcome, json.loads(rules), dropped) for outcome, rules, dropped in rows]
