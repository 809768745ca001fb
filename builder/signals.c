/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * signals.c: ^C, SIGTERM and SIGHUP stop a command cleanly.  The first
 * signal only sets a flag, which the long steps look at (the downloads at
 * least every quarter of a second, the pipeline between its steps); they
 * stop, remove their temporaries, and the command exits 128 + the signal
 * (130 for ^C, 143 for SIGTERM).  A second signal ends the process at
 * once, by that signal: what it leaves in OUTDIR is removed by the next
 * build or pxe run (pipeline.c), and the cache keeps its .part files.
 */
#include <signal.h>
#include <string.h>

#include "xeninfn.h"

static volatile sig_atomic_t caught;

static void
on_signal(int sig)
{
	struct sigaction sa;

	if (caught != 0) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = SIG_DFL;
		sigaction(sig, &sa, NULL);
		raise(sig);
		return;
	}
	caught = sig;
}

void
signals_catch(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: a wait (flock, poll) returns EINTR and looks */
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

int
signal_caught(void)
{
	return caught;
}

int
signal_exit_code(int rc)
{
	return rc != 0 && caught != 0 ? 128 + caught : rc;
}

void
signals_hold(int hold)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(hold ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}
