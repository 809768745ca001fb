#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""%{__make} of rpmspecs/xen.spec when tests/rpm/t-xen-spec-tree.sh runs
rpmbuild on the real Xen source tree on a host that cannot compile Xen 3.1
(no EL5 toolchain, no 32-bit bcc).  It does, for each make line of the
spec:

  build targets   the host-safe steps for real (the foreign headers with
                  python2, libxc's header links, ioemu's configure, the man
                  pages with pod2man); what a compiler would make is an
                  empty file at the path the Makefile names.
  install-xen,    the tree's own install recipes: `make -n -w` prints
  install-tools   them, and every command that writes under DESTDIR runs
                  for real, in its directory, with an `install` that makes
                  an empty file where the source is a compiled file that
                  does not exist here, and a `python` that runs setup.py
                  install with empty extension modules into EL5's
                  python 2.4 platlib.

So what lands in DESTDIR is what the Makefiles install, and rpmbuild's own
check (files installed but not listed, listed but not installed) judges
%files.  An invocation it does not know is an error, so the spec and this
stay in step.
"""
import os
import re
import subprocess
import sys

# Make variables for a fast `make -n`: the tree re-evaluates uname and
# cc-option on every expansion otherwise.
FAST = ['XEN_COMPILE_ARCH=x86_64', 'XEN_TARGET_ARCH=x86_64', 'XEN_OS=Linux',
        'cc-option=$(2)', 'cc-ver=y']
# The EL5 build root has udev 095's /usr/bin/udevinfo (BuildRequires:
# udev), which makes tools/examples/Makefile pick install-udev; this host
# has no udevinfo.
EL5_ROOT = ['HOTPLUGS=install-udev']
STUBS = os.path.join(os.environ['XEN_TREE_STUBS'])


def die(msg):
    """Prints msg and exits 1; never returns."""
    sys.stderr.write('xen-tree-make: %s\n' % msg)
    sys.exit(1)


def run(args, cwd='.', env=None):
    """Runs args (a list, no shell) in cwd; exits on failure."""
    r = subprocess.run(args, cwd=cwd, env=env)
    if r.returncode != 0:
        die('%s (in %s) failed with %d' % (' '.join(args), cwd, r.returncode))


def capture(args, cwd='.'):
    """Runs args, returns stdout as text; exits on failure."""
    r = subprocess.run(args, cwd=cwd, stdout=subprocess.PIPE, text=True)
    if r.returncode != 0:
        die('%s (in %s) failed with %d' % (' '.join(args), cwd, r.returncode))
    return r.stdout


def touch(path):
    """Creates path (and its directory) as an empty file: a compiler's
    output that cannot be made here."""
    os.makedirs(os.path.dirname(path) or '.', exist_ok=True)
    open(path, 'a').close()


def mkvar(cwd, expr):
    """Returns the value of make expression expr as the Makefile in cwd
    defines it."""
    return capture(['make', '-s', '--no-print-directory', '--eval',
                    'xeninfn-print: ; @echo %s' % expr, 'xeninfn-print']
                   + FAST, cwd).strip()


def replay(out, destdir):
    """Runs, in their directories, the commands of a `make -n -w` output
    that write under destdir, with the stubs first in PATH."""
    env = dict(os.environ, PATH=STUBS + ':' + os.environ['PATH'])
    dirs = [os.getcwd()]
    cmd = ''
    n = 0
    for line in out.splitlines():
        m = re.match(r"make(\[\d+\])?: (Entering|Leaving) directory '(.*)'$",
                     line)
        if m and not cmd:
            if m.group(2) == 'Entering':
                dirs.append(m.group(3))
            else:
                dirs.pop()
            continue
        cmd += line + '\n'
        if line.endswith('\\'):
            continue
        if destdir in cmd:
            r = subprocess.run(['sh', '-ec', cmd], cwd=dirs[-1], env=env)
            if r.returncode != 0:
                die('install command failed in %s:\n%s' % (dirs[-1], cmd))
            n += 1
        cmd = ''
    if n == 0:
        die('make -n printed no command that writes under ' + destdir)


def build(cdir, targets, mvars):
    """The build targets of the spec."""
    if cdir == 'xen' and targets == ['build']:
        d = 'xen/include/public/foreign'
        run(['make'] + mkvar(d, '$(headers)').split() + FAST, d)
        touch('xen/xen.gz')
        touch('xen/xen-syms')
    elif cdir == 'tools' and targets == ['all']:
        run(['make', 'mk-symlinks'] + FAST + mvars, 'tools/libxc')
        # tools/Makefile's ioemu rule, as it runs it.
        run(['sh', 'configure', '--prefix=/usr'], 'tools/ioemu')
        # Built with bcc, as86, iasl and gcc -m32 in the build root;
        # tools/firmware/Makefile installs it only if it exists.
        touch('tools/firmware/hvmloader/hvmloader')
    elif cdir == 'docs' and targets == ['man-pages']:
        # With the stubs' pod2man, which writes the pages as EL5's does.
        run(['make', 'man-pages'] + FAST, 'docs',
            dict(os.environ, PATH=STUBS + ':' + os.environ['PATH']))
        if not os.path.isdir('docs/man1'):
            die('docs: no man pages made (pod2man missing?)')
    else:
        die('unknown build: -C %s %s' % (cdir, ' '.join(targets)))


def install(targets, mvars):
    """The install targets of the spec, from the tree's own recipes."""
    dest = [v.split('=', 1)[1] for v in mvars if v.startswith('DESTDIR=')]
    if not dest:
        die('install without DESTDIR=')
    for t in targets:
        if t == 'install-xen':
            # Makefile: install-xen is `make -C xen install`, which is
            # `make -f Rules.mk _install` with the version exported by
            # xen/Makefile; xen.gz and the headers are built already.
            vs = ['%s=%s' % (v, mkvar('xen', '$(%s)' % v)) for v in
                  ('XEN_VERSION', 'XEN_SUBVERSION', 'XEN_EXTRAVERSION')]
            top = os.path.abspath('xen')
            out = capture(['make', '-n', '-w', '-f', 'Rules.mk', '_install',
                           '-o', top + '/xen.gz', '-o', 'build-headers',
                           'BASEDIR=' + top] + vs + FAST + mvars, 'xen')
        elif t == 'install-tools':
            out = capture(['make', '-n', '-w', '-C', 'tools', 'install']
                          + FAST + EL5_ROOT + mvars)
        else:
            die('unknown install target ' + t)
        replay(out, dest[0])


def main(argv):
    """Parses a make command line of the spec and does it."""
    cdir = None
    mvars, targets = [], []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == '-C':
            cdir = argv[i + 1]
            i += 1
        elif a.startswith('-'):
            die('unknown option ' + a)
        elif '=' in a:
            mvars.append(a)
        else:
            targets.append(a)
        i += 1
    if any(t.startswith('install-') for t in targets):
        if cdir:
            die('install with -C ' + cdir)
        install(targets, mvars)
    else:
        build(cdir, targets, mvars)


main(sys.argv[1:])
