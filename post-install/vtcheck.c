/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xeninfn-vtcheck: can this machine be a XenINFN dom0?  It needs 64-bit
 * long mode and hardware virtualization (VT-x or AMD-V) that the firmware
 * has not switched off.
 *
 * Sources, in order of trust:
 *   - inside a Xen dom0, the hypervisor's view (/proc/xen/capabilities,
 *     /sys/hypervisor/properties/capabilities, `xm info` xen_caps), since
 *     Xen 3.1 passes the real VMX/SVM bits through a PV dom0's CPUID even
 *     when HVM is off;
 *   - otherwise CPUID (or an AIDA64 text dump with --cpuid-dump), read
 *     vendor-aware, and the feature-control MSRs of every online CPU via
 *     /dev/cpu/N/msr (loading the msr driver and making the nodes the
 *     installer's missing udev would have made).
 * Exit: 0 capable, 3 no long mode, 4 no VT-x/AMD-V, 5 disabled by
 * firmware, 2 usage or unreadable input.
 */
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "json.h"

#define EXIT_CAPABLE	0
#define EXIT_NO_LM	3
#define EXIT_NO_VT	4
#define EXIT_FW_OFF	5

#define MSR_FEATURE_CONTROL	0x3a		/* Intel, VIA, Zhaoxin */
#define MSR_VM_CR		0xc0010114	/* AMD, Hygon */

/*
 * VT_VMX_NOXEN: VIA/Centaur and Zhaoxin parts set the VMX bit, but Xen
 * 3.1 starts VMX only from its Intel CPU setup, so HVM stays off there.
 */
enum vt_kind { VT_VMX, VT_VMX_NOXEN, VT_SVM, VT_ANY };
enum fw_state { FW_UNKNOWN, FW_ENABLED, FW_DISABLED };

/* The CPUID leaves the check needs, from the CPU or from a dump. */
struct cpuid_regs {
	char		 vendor[13];
	int		 have_basic;	/* leaf 0 and 1 known */
	int		 have_ext;	/* 0x80000001 valid per 0x80000000 */
	uint32_t	 l1_ecx;
	uint32_t	 e1_ecx;
	uint32_t	 e1_edx;
};

/* What was found, for the message and the JSON. */
struct verdict {
	const char	*source;	/* "cpuid", "dump", "xen" */
	const char	*vendor;
	int		 long_mode;
	int		 vt;		/* VMX or SVM present and usable */
	int		 vt_bit;	/* the CPUID bit, usable or not */
	const char	*vt_name;	/* "vmx", "svm", "vmx/svm" */
	enum fw_state	 fw;
	int		 hypervisor;	/* CPUID hypervisor bit */
	int		 xen_dom0;
	const char	*note;		/* extra explanation, or NULL */
	int		 exit;
};

static void
usage(FILE *f)
{
	fprintf(f,
"usage: xeninfn-vtcheck [--cpuid-dump FILE] [--json] [--root DIR]\n"
"Check that this machine can be a XenINFN dom0: 64-bit long mode and\n"
"VT-x/AMD-V, not disabled by the firmware.\n"
"  --cpuid-dump FILE  read CPUID from an AIDA64 text dump (first logical\n"
"                     CPU) instead of this CPU; firmware state is unknown\n"
"  --json             print one JSON object instead of a message\n"
"  --root DIR         look for /proc, /sys and /dev/cpu under DIR (tests,\n"
"                     support); with --cpuid-dump, MSRs come only from DIR\n"
"                     (--root / : this machine's)\n"
"An MSR that cannot be read gives firmware \"unknown\" (exit 0) with a\n"
"warning saying why.\n"
"  -h, --help         this text\n"
"Exit: 0 capable, 3 no long mode, 4 no VT-x/AMD-V, 5 disabled by the\n"
"firmware (BIOS setup), 2 usage error or unreadable input.\n");
}

/* Which feature bit the vendor uses for hardware virtualization. */
static enum vt_kind
vendor_kind(const char *vendor)
{
	if (strcmp(vendor, "GenuineIntel") == 0)
		return VT_VMX;
	if (strcmp(vendor, "CentaurHauls") == 0 ||
	    strcmp(vendor, "  Shanghai  ") == 0)
		return VT_VMX_NOXEN;
	if (strcmp(vendor, "AuthenticAMD") == 0 ||
	    strcmp(vendor, "HygonGenuine") == 0)
		return VT_SVM;
	return VT_ANY;
}

/* Fill a 12-byte vendor string from leaf 0 EBX, EDX, ECX. */
static void
set_vendor(struct cpuid_regs *r, uint32_t ebx, uint32_t ecx, uint32_t edx)
{
	int i;

	memcpy(r->vendor, &ebx, 4);
	memcpy(r->vendor + 4, &edx, 4);
	memcpy(r->vendor + 8, &ecx, 4);
	r->vendor[12] = '\0';
	for (i = 0; i < 12; i++)
		if (r->vendor[i] < 0x20 || r->vendor[i] > 0x7e)
			r->vendor[i] = '?';
}

/*
 * Is an extended maximum leaf believable?  Old and VIA parts return
 * garbage (often a copy of another leaf) in 0x80000000.
 */
static int
ext_valid(uint32_t max_ext)
{
	return max_ext >= 0x80000001 && max_ext <= 0x8000ffff;
}

/* Run CPUID on this CPU.  Returns nothing. */
static void
cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
	__asm__ volatile("cpuid"
	    : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
	    : "a"(leaf), "c"(0));
}

/* Read the leaves from this CPU.  Returns nothing (CPUID cannot fail). */
static void
cpuid_live(struct cpuid_regs *r)
{
	uint32_t a, b, c, d, max_ext;

	memset(r, 0, sizeof(*r));
	cpuid(0, &a, &b, &c, &d);
	set_vendor(r, b, c, d);
	if (a >= 1) {
		cpuid(1, &a, &b, &c, &d);
		r->l1_ecx = c;
		r->have_basic = 1;
	}
	cpuid(0x80000000, &max_ext, &b, &c, &d);
	if (ext_valid(max_ext)) {
		cpuid(0x80000001, &a, &b, &c, &d);
		r->e1_ecx = c;
		r->e1_edx = d;
		r->have_ext = 1;
	}
}

/* Is this line the header of a logical CPU's block in an AIDA64 dump? */
static int
is_cpu_header(const char *line)
{
	return strncmp(line, "CPU#", 4) == 0 || strstr(line, "CPU #") != NULL;
}

/*
 * Read the first logical CPU's leaves 0, 1, 0x80000000 and 0x80000001
 * from an AIDA64 text dump ("CPUID 00000001: EAX-EBX-ECX-EDX"; older
 * dumps have a tab instead of the colon).  For a
 * repeated leaf (subleaves) the first line counts.  Returns 0, or -1
 * after a message naming the file (and line).
 */
static int
cpuid_dump(const char *path, struct cpuid_regs *r)
{
	struct buf text;
	uint32_t reg[4], leaf, max_basic = 0, max_ext = 0;
	uint32_t seen = 0;	/* bit 0..3: leaf 0, 1, 0x80000000, 0x80000001 */
	uint32_t e1[4] = { 0, 0, 0, 0 };
	char *line, *next;
	int missing, headers = 0, lineno = 0, rc = -1;

	memset(r, 0, sizeof(*r));
	if (read_file(path, &text, &missing) == -1)
		return -1;
	if (missing) {
		pi_err("%s: no such file; give an AIDA64 CPUID text dump",
		    path);
		goto out;
	}
	for (line = text.data; line != NULL && *line; line = next) {
		int bit;

		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (strncmp(line, "--------------------------------", 32) == 0)
			break;	/* the end of the raw dump in test files */
		if (is_cpu_header(line) && ++headers > 1)
			break;	/* only the first logical CPU */
		/* "CPUID 00000001: A-B-C-D" or "CPUID 00000001<TAB>A-B-C-D" */
		if (strncmp(line, "CPUID ", 6) != 0 ||
		    strspn(line + 6, "0123456789abcdefABCDEF") != 8)
			continue;
		if (sscanf(line, "CPUID %8x%*[: \t]%8x-%8x-%8x-%8x", &leaf,
		    &reg[0], &reg[1], &reg[2], &reg[3]) != 5) {
			pi_err("%s:%d: malformed CPUID line; expected "
			    "\"CPUID LEAF: EAX-EBX-ECX-EDX\"", path, lineno);
			goto out;
		}
		bit = leaf == 0 ? 0 : leaf == 1 ? 1 : leaf == 0x80000000 ? 2 :
		    leaf == 0x80000001 ? 3 : -1;
		if (bit < 0 || (seen & (1u << bit)))
			continue;
		seen |= 1u << bit;
		if (leaf == 0) {
			max_basic = reg[0];
			set_vendor(r, reg[1], reg[2], reg[3]);
		} else if (leaf == 1)
			r->l1_ecx = reg[2];
		else if (leaf == 0x80000000)
			max_ext = reg[0];
		else
			memcpy(e1, reg, sizeof(e1));
	}
	if (!(seen & 1)) {
		pi_err("%s: no \"CPUID 00000000:\" line; is this an AIDA64 "
		    "CPUID dump?", path);
		goto out;
	}
	r->have_basic = max_basic >= 1 && (seen & 2);
	if ((seen & 4) && (seen & 8) && ext_valid(max_ext)) {
		r->e1_ecx = e1[2];
		r->e1_edx = e1[3];
		r->have_ext = 1;
	}
	rc = 0;
out:
	buf_free(&text);
	return rc;
}

/* Judge long mode and VMX/SVM from CPUID alone.  Fills v. */
static void
judge_cpuid(const struct cpuid_regs *r, struct verdict *v)
{
	enum vt_kind kind = vendor_kind(r->vendor);
	int vmx, svm;

	vmx = r->have_basic && (r->l1_ecx & (1u << 5));
	svm = r->have_ext && (r->e1_ecx & (1u << 2));
	v->vendor = r->vendor;
	v->long_mode = r->have_ext && (r->e1_edx & (1u << 29));
	v->hypervisor = r->have_basic && (r->l1_ecx & (1u << 31));
	v->vt_bit = vmx || svm;
	if (kind == VT_VMX) {
		v->vt = vmx;
		v->vt_name = "vmx";
	} else if (kind == VT_VMX_NOXEN) {
		v->vt = 0;
		v->vt_bit = vmx;
		v->vt_name = "vmx";
		if (vmx)
			v->note = "this VIA/Zhaoxin CPU has VMX, but Xen 3.1 "
			    "enables HVM only on Intel and AMD processors";
	} else if (kind == VT_SVM) {
		v->vt = svm;
		v->vt_name = "svm";
	} else {
		v->vt = vmx || svm;
		v->vt_name = vmx ? "vmx" : svm ? "svm" : "vmx/svm";
	}
}

#define MSR_MAJOR	202	/* Linux's msr driver: /dev/cpu/N/msr */
#define MAX_CPUS	1024

/* Why the firmware state is unknown, for the console and the JSON. */
static char fw_why[512];

/* Load the msr driver (it may be a module): /sbin/modprobe -q msr, fork
 * and exec, no shell, once per run.  Returns nothing. */
static void
load_msr_module(void)
{
	static int tried;
	int status, null;
	pid_t pid;

	if (tried++)
		return;
	fflush(NULL);
	if ((pid = fork()) == 0) {
		if ((null = open("/dev/null", O_RDWR)) != -1) {
			dup2(null, 1);
			dup2(null, 2);
		}
		execl("/sbin/modprobe", "modprobe", "-q", "msr", (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
}

/*
 * Make /dev/cpu/N/msr, a character device (major 202, minor N), and its
 * directories, as udev would: the RHEL 5 installer has no udev, so the
 * node is missing even with the driver loaded.  Returns 0, or -1 with
 * errno set.
 */
static int
make_msr_node(int cpu, const char *dev)
{
	char dir[64];

	snprintf(dir, sizeof(dir), "/dev/cpu/%d", cpu);
	if ((mkdir("/dev/cpu", 0755) == -1 && errno != EEXIST) ||
	    (mkdir(dir, 0755) == -1 && errno != EEXIST))
		return -1;
	if (mknod(dev, S_IFCHR | 0600, makedev(MSR_MAJOR, cpu)) == -1 &&
	    errno != EEXIST)
		return -1;
	return 0;
}

/*
 * Open the msr device of cpu: root/dev/cpu/N/msr.  On the live system
 * (no --root) a missing device first makes the msr driver load, then, if
 * still missing, its node is made.  Returns the descriptor, or -1 with
 * fw_why set.
 */
static int
open_msr(const struct edit_ctx *ctx, int cpu)
{
	char rel[64], *dev;
	int fd, err;

	snprintf(rel, sizeof(rel), "dev/cpu/%d/msr", cpu);
	if ((dev = root_path(ctx, rel)) == NULL)
		return -1;
	fd = open(dev, O_RDONLY);
	if (fd == -1 && errno == ENOENT && ctx->root[0] == '\0') {
		load_msr_module();
		if ((fd = open(dev, O_RDONLY)) == -1 && errno == ENOENT) {
			if (make_msr_node(cpu, dev) == -1) {
				snprintf(fw_why, sizeof(fw_why), "cannot make "
				    "%s (char 202,%d): %s", dev, cpu,
				    strerror(errno));
				free(dev);
				return -1;
			}
			fd = open(dev, O_RDONLY);
		}
	}
	err = errno;
	if (fd == -1)
		snprintf(fw_why, sizeof(fw_why), "%s: %s%s", dev, strerror(err),
		    err == ENXIO || err == ENODEV ? " (no msr driver in this "
		    "kernel)" : "");
	free(dev);
	return fd;
}

/*
 * Read 8 bytes of MSR msr of cpu.  Returns 0 with *val set, or -1 when it
 * cannot be read, with fw_why set (the answer is then "unknown").
 */
static int
read_msr(const struct edit_ctx *ctx, int cpu, uint32_t msr, uint64_t *val)
{
	ssize_t n;
	int fd;

	if ((fd = open_msr(ctx, cpu)) == -1)
		return -1;
	n = pread(fd, val, sizeof(*val), msr);
	if (n != sizeof(*val))
		snprintf(fw_why, sizeof(fw_why), "MSR 0x%x of CPU %d: %s", msr,
		    cpu, n == -1 ? strerror(errno) : "short read");
	close(fd);
	return n == sizeof(*val) ? 0 : -1;
}

/*
 * The CPUs to read: on the live system the ones this process may run on
 * (the online ones), else those with a dev/cpu/N/msr under the root (at
 * least CPU 0).  Fills cpus (at most MAX_CPUS).  Returns how many.
 */
static int
cpu_list(const struct edit_ctx *ctx, int *cpus)
{
	cpu_set_t set;
	char rel[64], *dev;
	int i, n = 0, have;

	if (ctx->root[0] == '\0') {
		if (sched_getaffinity(0, sizeof(set), &set) == 0)
			for (i = 0; i < CPU_SETSIZE && n < MAX_CPUS; i++)
				if (CPU_ISSET(i, &set))
					cpus[n++] = i;
		if (n == 0)
			cpus[n++] = 0;
		return n;
	}
	cpus[n++] = 0;
	for (i = 1; i < MAX_CPUS; i++) {
		snprintf(rel, sizeof(rel), "dev/cpu/%d/msr", i);
		if ((dev = root_path(ctx, rel)) == NULL)
			break;
		have = path_exists(dev);
		free(dev);
		if (!have)
			break;
		cpus[n++] = i;
	}
	return n;
}

/* The state one MSR value says: Intel FEATURE_CONTROL locked with VMXON
 * outside SMX off (VMXON will fault), or AMD VM_CR.SVMDIS. */
static enum fw_state
msr_state(int vmx, uint64_t val)
{
	if (vmx)
		return (val & 1) && !(val & 4) ? FW_DISABLED : FW_ENABLED;
	return (val & (1u << 4)) ? FW_DISABLED : FW_ENABLED;
}

/*
 * Decide from the MSRs of every CPU whether the firmware disabled
 * VMX/SVM: disabled on any CPU is disabled (Xen checks each), enabled
 * only when every CPU was read, else unknown with fw_why set.
 */
static enum fw_state
firmware_state(const struct edit_ctx *ctx, const char *vendor)
{
	static int cpus[MAX_CPUS];
	static char first[sizeof(fw_why)];
	enum fw_state fw = FW_ENABLED;
	uint64_t val;
	uint32_t msr;
	int i, n, vmx;

	switch (vendor_kind(vendor)) {
	case VT_VMX:
	case VT_VMX_NOXEN:
		vmx = 1;
		msr = MSR_FEATURE_CONTROL;
		break;
	case VT_SVM:
		vmx = 0;
		msr = MSR_VM_CR;
		break;
	default:
		snprintf(fw_why, sizeof(fw_why), "unknown CPU vendor %s: no "
		    "MSR to read", vendor);
		return FW_UNKNOWN;
	}
	n = cpu_list(ctx, cpus);
	for (i = 0; i < n; i++) {
		if (read_msr(ctx, cpus[i], msr, &val) == -1) {
			if (fw == FW_UNKNOWN)	/* keep the first reason */
				memcpy(fw_why, first, sizeof(first));
			else
				memcpy(first, fw_why, sizeof(first));
			fw = FW_UNKNOWN;
		} else if (msr_state(vmx, val) == FW_DISABLED)
			return FW_DISABLED;
	}
	return fw;
}

/*
 * Xen's capability string ("xen-3.0-x86_64 hvm-3.0-x86_64 ..."), from
 * sysfs or else from `xm info`.  Returns a string the caller frees, or
 * NULL when neither says.
 */
static char *
xen_caps(const struct edit_ctx *ctx)
{
	struct buf b;
	char *path, *line, *caps = NULL;
	int missing, fds[2], status;
	ssize_t n;
	pid_t pid;
	char chunk[4096];

	buf_init(&b);
	if ((path = root_path(ctx, "sys/hypervisor/properties/capabilities"))
	    == NULL)
		return NULL;
	if (read_file(path, &b, &missing) == 0 && !missing && b.len > 0) {
		free(path);
		b.data[strcspn(b.data, "\n")] = '\0';
		return b.data;
	}
	free(path);
	buf_free(&b);
	if (ctx->root[0] != '\0' || pipe(fds) == -1)
		return NULL;
	if ((pid = fork()) == 0) {
		close(fds[0]);
		dup2(fds[1], 1);
		close(fds[1]);
		execl("/usr/sbin/xm", "xm", "info", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	while (pid > 0 && (n = read(fds[0], chunk, sizeof(chunk))) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 || buf_add(&b, chunk, n) == -1)
			break;
	}
	close(fds[0]);
	if (pid > 0)
		waitpid(pid, &status, 0);
	for (line = b.data; line != NULL; line = strchr(line, '\n')) {
		line += *line == '\n';
		if (strncmp(line, "xen_caps", 8) == 0 && strchr(line, ':')) {
			line = strchr(line, ':') + 1;
			line += strspn(line, " \t");
			caps = strndup(line, strcspn(line, "\n"));
			break;
		}
	}
	buf_free(&b);
	return caps;
}

/*
 * Are we in a Xen domain?  Returns 2 in dom0 (control_d), 1 in a domU,
 * 0 on bare metal (or another hypervisor).
 */
static int
xen_domain(const struct edit_ctx *ctx)
{
	struct buf b;
	char *path;
	int missing, rc = 0;

	if ((path = root_path(ctx, "proc/xen/capabilities")) == NULL)
		return 0;
	if (read_file(path, &b, &missing) == 0 && !missing)
		rc = strstr(b.data, "control_d") != NULL ? 2 : 1;
	buf_free(&b);
	free(path);
	return rc;
}

/* Use Xen's own view in a dom0.  Returns 0, or -1 if Xen did not say. */
static int
judge_xen(const struct edit_ctx *ctx, struct verdict *v)
{
	char *caps;

	if ((caps = xen_caps(ctx)) == NULL)
		return -1;
	v->source = "xen";
	v->xen_dom0 = 1;
	v->long_mode = strstr(caps, "x86_64") != NULL;
	if (strstr(caps, "hvm-") != NULL) {
		v->vt = 1;
		v->fw = FW_ENABLED;
	} else if (v->vt) {
		/* The CPU has the bit yet Xen could not enable HVM. */
		v->fw = FW_DISABLED;
		v->note = "Xen lists no hvm capability although the CPU has "
		    "the feature: enable virtualization in the BIOS setup";
	}
	free(caps);
	return 0;
}

/* Set v->exit from the findings. */
static void
decide(struct verdict *v)
{
	if (!v->long_mode)
		v->exit = EXIT_NO_LM;
	else if (!v->vt)
		v->exit = EXIT_NO_VT;
	else if (v->fw == FW_DISABLED)
		v->exit = EXIT_FW_OFF;
	else
		v->exit = EXIT_CAPABLE;
}

static const char *
fw_name(enum fw_state fw)
{
	return fw == FW_ENABLED ? "enabled" : fw == FW_DISABLED ?
	    "disabled" : "unknown";
}

/* One sentence for the verdict.  Returns a static string. */
static const char *
verdict_text(const struct verdict *v)
{
	switch (v->exit) {
	case EXIT_NO_LM:
		return "not capable: no 64-bit long mode, the x86_64 dom0 "
		    "cannot run";
	case EXIT_NO_VT:
		return v->hypervisor ? "not capable: no VT-x/AMD-V visible "
		    "(running under a hypervisor, which usually hides it)" :
		    "not capable: no VT-x/AMD-V, HVM guests are impossible";
	case EXIT_FW_OFF:
		return "not capable: VT-x/AMD-V is disabled by the firmware; "
		    "enable it in the BIOS setup and power-cycle";
	default:
		return v->fw == FW_UNKNOWN ? "capable as far as CPUID can tell "
		    "(firmware state unknown: MSRs not readable)" : "capable";
	}
}

/*
 * Print the verdict as one JSON object (lib/json.h escapes the strings).
 * Returns 0, or -1 after a message when out of memory.
 */
static int
print_json(const struct verdict *v)
{
	struct buf b;
	int rc = -1;

	buf_init(&b);
	if (buf_adds(&b, "{\"source\":") == -1 ||
	    json_str(&b, v->source) == -1 ||
	    buf_adds(&b, ",\"vendor\":") == -1 ||
	    json_str(&b, v->vendor) == -1 ||
	    buf_printf(&b, ",\"long_mode\":%s,\"hvm_feature\":",
	    v->long_mode ? "true" : "false") == -1 ||
	    json_str(&b, v->vt_name) == -1 ||
	    buf_printf(&b, ",\"hvm_cpuid\":%s", v->vt_bit ? "true" :
	    "false") == -1 ||
	    buf_printf(&b, ",\"hvm\":%s,\"firmware\":\"%s\",\"hypervisor\":%s,"
	    "\"xen_dom0\":%s,\"exit\":%d,\"message\":", v->vt ? "true" :
	    "false", fw_name(v->fw), v->hypervisor ? "true" : "false",
	    v->xen_dom0 ? "true" : "false", v->exit) == -1 ||
	    json_str(&b, verdict_text(v)) == -1 ||
	    (fw_why[0] != '\0' &&
	    (buf_adds(&b, ",\"firmware_detail\":") == -1 ||
	    json_str(&b, fw_why) == -1)) ||
	    buf_adds(&b, "}\n") == -1) {
		pi_err("out of memory");
		goto out;
	}
	fputs(b.data, stdout);
	rc = 0;
out:
	buf_free(&b);
	return rc;
}

static void
print_text(const struct verdict *v)
{
	printf("CPU vendor:     %s\n", v->vendor);
	printf("source:         %s\n", v->source);
	printf("64-bit (lm):    %s\n", v->long_mode ? "yes" : "no");
	printf("%-15s %s\n", v->vt_name[0] == 's' ? "AMD-V (svm):" :
	    v->vt_name[2] == 'x' && v->vt_name[3] == '\0' ? "VT-x (vmx):" :
	    "VT-x/AMD-V:", v->vt ? "yes" : "no");
	printf("firmware:       %s%s%s%s\n", fw_name(v->fw),
	    fw_why[0] ? " (" : "", fw_why, fw_why[0] ? ")" : "");
	if (v->xen_dom0)
		printf("xen dom0:       yes (Xen's capabilities used)\n");
	if (v->note)
		printf("note:           %s\n", v->note);
	printf("%s: %s\n", progname, verdict_text(v));
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "cpuid-dump",	required_argument,	NULL, 'd' },
		{ "json",	no_argument,		NULL, 'j' },
		{ "root",	required_argument,	NULL, 'r' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct edit_ctx ctx = { "", 0, 0 };
	struct cpuid_regs regs;
	struct verdict v;
	const char *dump = NULL;
	int ch, json = 0, dom, root_given = 0;

	progname = "xeninfn-vtcheck";
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			dump = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'r':
			if (ctx_set_root(&ctx, optarg) == -1)
				return PI_EXIT_USAGE;
			root_given = 1;
			break;
		default:	/* 'h', or a usage error */
			return pi_usage(ch, usage);
		}
	}
	if (optind != argc)
		return pi_usage('?', usage);
	memset(&v, 0, sizeof(v));
	if (dump != NULL) {
		if (cpuid_dump(dump, &regs) == -1)
			return PI_EXIT_USAGE;
		v.source = "dump";
	} else {
		cpuid_live(&regs);
		v.source = "cpuid";
	}
	judge_cpuid(&regs, &v);
	/*
	 * A dump describes another machine: only an explicit --root (a test
	 * or support tree) supplies its Xen state and MSRs.
	 */
	dom = dump != NULL && !root_given ? 0 : xen_domain(&ctx);
	if (dom == 2 && judge_xen(&ctx, &v) == -1)
		pi_warn("in a Xen dom0 but neither /sys/hypervisor nor `xm "
		    "info` gave xen_caps; trusting CPUID, which Xen 3.1 does "
		    "not filter");
	if (dom == 1) {
		v.vt = 0;
		v.note = "running in a Xen guest (domU), not on bare metal";
	}
	if ((dump == NULL || root_given) && dom == 0 && v.vt) {
		v.fw = firmware_state(&ctx, regs.vendor);
		if (v.fw == FW_UNKNOWN)
			pi_warn("firmware state of VT-x/AMD-V unknown: %s; if "
			    "HVM guests will not start, check that "
			    "virtualization is enabled in the BIOS setup",
			    fw_why);
	} else
		fw_why[0] = '\0';
	decide(&v);
	if (json) {
		if (print_json(&v) == -1)
			return PI_EXIT_FAIL;
	} else
		print_text(&v);
	return v.exit;
}
