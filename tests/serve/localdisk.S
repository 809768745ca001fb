/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The boot sector of the boot tests' local disk: says on the first
 * serial port that the machine booted from its disk, then resets (qemu
 * -no-reboot stops there).  Linked at 0x7c00 as a flat 512-byte image. */
	.code16
	.globl	_start
_start:
	xor	%ax, %ax
	mov	%ax, %ds
	mov	$msg, %si
	mov	$0x3f8, %dx
1:	lodsb
	test	%al, %al
	jz	2f
	outb	%al, %dx
	jmp	1b
2:	mov	$0xfe, %al
	outb	%al, $0x64
3:	hlt
	jmp	3b
msg:	.asciz	"\r\nXENINFN-LOCAL-DISK: booted from the local disk\r\n"
	.org	510
	.word	0xaa55
