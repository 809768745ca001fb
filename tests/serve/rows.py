# SPDX-License-Identifier: GPL-2.0-or-later
# Reads the DOM that headless Chromium dumped of xeninfn serve's status
# page: prints the summary line, then one line a table row:
# "HOST|STATE|MAC|LAST EVENT|VTCHECK|ERROR" (the text as rendered).
#
# usage: rows.py DOM.html
import sys
from html.parser import HTMLParser


class Rows(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.row, self.cell, self.summary = [], None, None, None
        self.in_summary = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div" and a.get("id") == "summary":
            self.in_summary, self.summary = True, ""
        elif tag == "tr" and "data-host" in a:
            self.row = {}
        elif tag == "td" and self.row is not None:
            self.cell = a.get("class")
            self.row[self.cell] = ""

    def handle_endtag(self, tag):
        if tag == "div":
            self.in_summary = False
        elif tag == "td":
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.in_summary:
            self.summary += data
        elif self.row is not None and self.cell:
            self.row[self.cell] += data


p = Rows()
p.feed(open(sys.argv[1], encoding="utf-8").read())
print(p.summary)
for r in p.rows:
    print("|".join(r.get(k, "") for k in
                   ("name", "state", "mac", "last_event", "vtcheck", "error")))
