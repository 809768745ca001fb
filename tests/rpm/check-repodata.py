#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Reads a yum repository back the way yum 3.0 on EL5 would and checks it:
#   check-repodata.py REPODIR NAME...
# repomd.xml lists primary, filelists and other, each gzip'd XML with "sha"
# (SHA-1) checksums that match the file and its uncompressed content; no
# sqlite databases; primary.xml holds exactly the packages NAME..., each
# with a "sha" pkgid equal to the SHA-1 of the RPM file it points at.
# Exit 0 when all holds, 1 with one line per problem otherwise.
import gzip
import hashlib
import os
import sys
import xml.etree.ElementTree as ET

REPO = '{http://linux.duke.edu/metadata/repo}'
COMMON = '{http://linux.duke.edu/metadata/common}'
problems = []


def bad(msg):
    problems.append(msg)


def sha1(data):
    return hashlib.sha1(data).hexdigest()


def main():
    if len(sys.argv) < 3:
        print('usage: check-repodata.py REPODIR NAME...', file=sys.stderr)
        return 2
    top, want = sys.argv[1], sorted(sys.argv[2:])
    md = ET.parse(os.path.join(top, 'repodata', 'repomd.xml')).getroot()
    types = {}
    for d in md.findall(REPO + 'data'):
        t = d.get('type')
        href = d.find(REPO + 'location').get('href')
        cs = d.find(REPO + 'checksum')
        ocs = d.find(REPO + 'open-checksum')
        types[t] = href
        if t.endswith('_db') or href.endswith(('.sqlite', '.bz2', '.xz')):
            bad('%s: %s is not gzip XML (yum 3.0 wants .xml.gz)' % (t, href))
            continue
        raw = open(os.path.join(top, href), 'rb').read()
        if cs.get('type') != 'sha' or cs.text != sha1(raw):
            bad('%s: checksum %s %s, file sha1 %s'
                % (t, cs.get('type'), cs.text, sha1(raw)))
        if ocs is None or ocs.get('type') != 'sha' or \
                ocs.text != sha1(gzip.decompress(raw)):
            bad('%s: open-checksum missing or not sha of the content' % t)
    for t in ('primary', 'filelists', 'other'):
        if t not in types:
            bad('repomd.xml lists no %s' % t)
    if 'primary' not in types:
        return 1
    prim = ET.fromstring(gzip.decompress(
        open(os.path.join(top, types['primary']), 'rb').read()))
    names = []
    for p in prim.findall(COMMON + 'package'):
        name = p.find(COMMON + 'name').text
        names.append(name)
        cs = p.find(COMMON + 'checksum')
        href = p.find(COMMON + 'location').get('href')
        path = os.path.join(top, href)
        if not os.path.isfile(path):
            bad('%s: %s is not in the repository' % (name, href))
            continue
        if cs.get('type') != 'sha' or cs.get('pkgid') != 'YES' or \
                cs.text != sha1(open(path, 'rb').read()):
            bad('%s: pkgid %s %s is not the sha1 of %s'
                % (name, cs.get('type'), cs.text, href))
    if int(prim.get('packages', -1)) != len(names):
        bad('primary.xml says %s packages, holds %d'
            % (prim.get('packages'), len(names)))
    if sorted(names) != want:
        bad('packages %s, expected %s' % (sorted(names), want))
    for p in problems:
        print('check-repodata: %s: %s' % (top, p))
    return 1 if problems else 0


sys.exit(main())
