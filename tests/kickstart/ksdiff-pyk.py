# SPDX-License-Identifier: GPL-2.0-or-later
# The Python 2 side of t-check-diff.sh: parses each kickstart with
# pykickstart 0.43 (anaconda 11.1's parser, on PYTHONPATH), then compares
# its verdicts with the findings of `xeninfn check`.
#
# usage: ksdiff-pyk.py LIST XENINFN-STDERR ALLOW
#   LIST            the kickstart files, one a line
#   XENINFN-STDERR  what `xeninfn check` printed for all of them
#   ALLOW           the allow-list: "REGEX<TAB>reason" lines; a
#                   disagreement whose "FILE:LINE: text of the line (in
#                   SECTION)" matches a REGEX is allowed
#
# Agreement: pykickstart stops at line L exactly when the first
# "[parser]" error of xeninfn is at line L (other errors are install-time
# or input classes, which the parser lets through); and every deprecation
# warning pykickstart gives before it stops is a warning of xeninfn at
# that line.  Prints each disagreement; exits 1 if any is not allowed.
import re
import sys
import warnings

from pykickstart.data import KickstartData
from pykickstart.parser import KickstartHandlers, KickstartParser


class Parser(KickstartParser):
    # Anaconda follows %include; the files a %pre writes do not exist
    # here, so every included file reads as missing (not fatal, as in
    # anaconda's first pass).  A missing name still fails as in anaconda.
    def readKickstart(self, path):
        if self.includeDepth > 0:
            raise IOError(path)
        return KickstartParser.readKickstart(self, path)


def failing_line(tb):
    """The line readKickstart was at when the exception came."""
    line = 0
    while tb is not None:
        f = tb.tb_frame
        if f.f_code.co_name == "readKickstart" and "fh" in f.f_locals:
            line = f.f_locals.get("lineno", line)
        tb = tb.tb_next
    return line


def pyk_verdict(path):
    """(error line or 0, message, [warning lines])"""
    data = KickstartData()
    parser = Parser(data, KickstartHandlers(data), followIncludes=True,
                    errorsAreFatal=True, missingIncludeIsFatal=False)
    err, msg = 0, ""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            parser.readKickstart(path)
        except Exception, e:
            err = failing_line(sys.exc_info()[2]) or 1
            msg = "%s: %s" % (e.__class__.__name__,
                              " ".join(str(e).split()))
    wlines = []
    for w in caught:
        m = re.search(r"line (\d+)", str(w.message))
        if m:
            wlines.append(int(m.group(1)))
    return err, msg, wlines


def section_of(lines, line):
    """The section line (1-based) is in: %pre, %post, ..., or commands."""
    sec = "commands"
    for l in lines[:line - 1]:
        words = l.split()
        if words and words[0] in ("%pre", "%post", "%traceback",
                                  "%packages"):
            sec = words[0]
    return sec


def xeninfn_findings(path):
    """{file: ([parser error lines], [warning lines])}"""
    out = {}
    rx = re.compile(r"^(.*?):(\d+): (error|warning): (.*)$")
    for l in open(path):
        m = rx.match(l.rstrip("\n"))
        if not m:
            continue
        errs, warns = out.setdefault(m.group(1), ([], []))
        if m.group(3) == "error" and m.group(4).endswith("[parser]"):
            errs.append(int(m.group(2)))
        elif m.group(3) == "warning":
            warns.append(int(m.group(2)))
    return out


def main():
    files = [l.rstrip("\n") for l in open(sys.argv[1]) if l.strip()]
    found = xeninfn_findings(sys.argv[2])
    allow = []
    for l in open(sys.argv[3]):
        if l.strip() and not l.startswith("#"):
            allow.append(re.compile(l.split("\t")[0]))
    bad = allowed = 0
    for f in files:
        perr, pmsg, pwarn = pyk_verdict(f)
        xerr, xwarn = found.get(f, ([], []))
        first = min(xerr) if xerr else 0
        problems = []
        if perr != first:
            problems.append((perr or first,
                             "pykickstart: %s; xeninfn: first [parser] "
                             "error at line %s" % (
                                 ("error at line %d (%s)" % (perr, pmsg))
                                 if perr else "no error", first or "none")))
        for w in pwarn:
            if (not perr or w <= perr) and w not in xwarn:
                problems.append((w, "pykickstart warns at line %d, "
                                 "xeninfn does not" % w))
        lines = open(f).read().split("\n")
        for line, why in problems:
            text = lines[line - 1] if 0 < line <= len(lines) else ""
            where = "%s:%d: %s (in %s)" % (f, line, text,
                                           section_of(lines, line))
            if [a for a in allow if a.search(where)]:
                allowed += 1
                print "allowed  %s" % where
                continue
            bad += 1
            print "DISAGREE %s\n    %s" % (where, why)
    print "%d files, %d disagreements, %d allowed" % (len(files), bad,
                                                      allowed)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
