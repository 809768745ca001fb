/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Parts of xeninfn-dom0setup: grub.conf edits (grub.c) and chkconfig
 * links written without chkconfig (services.c).
 */
#ifndef XENINFN_POST_DOM0SETUP_H
#define XENINFN_POST_DOM0SETUP_H

#include "common.h"

#define MAX_SERVICE_NAME	64

int	 grub_edit(struct buf *, const char *, const char *, const char *);

int	 service_set(struct edit_ctx *, const char *, int, int);

#endif
