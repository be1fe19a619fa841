/*
 * uart_link.c - the simulated Uno's UART0 as a pseudo-terminal, moved entirely inside the
 * simulation thread.
 *
 * Why not simavr's own uart_pty part: in Debian 12's libsimavr 1.6 its pty thread and the
 * simulation thread share the fifos without a lock, so under load a few host bytes could
 * be handed to the AVR twice or not at all (a Firmata set-up turned to garbage, the board
 * silent until the app reconnected), and AVR bytes beyond its 512-byte fifo overwrote the
 * unsent ones. Here one thread does everything:
 *
 *   AVR -> host   each byte the UART sends is appended to `out` (64 KiB); `uart_link_pump`
 *                 writes what the pty takes. A host that stops reading for seconds fills
 *                 the kernel's pty buffer and then `out`; only beyond that are the oldest
 *                 bytes dropped, counted, and reported on stdout as "ERR uart dropped N".
 *   host -> AVR   `uart_link_pump` reads what the host wrote into `in` and hands it to the
 *                 UART while it signals room (XON), as a USB-serial chip's buffer does.
 *
 * The slave side stays open here, so a host closing its handle (an unplug, a reconnect)
 * reads no EIO on the master: the pty simply waits for the next open.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "sim_avr.h"
#include "sim_irq.h"
#include "avr_uart.h"
#include "uart_link.h"

#define OUT_SIZE 65536u		/* powers of two: indices wrap with a mask */
#define IN_SIZE 4096u

static struct {
	avr_t *avr;
	avr_irq_t *to_avr;		/* the UART's input */
	int master, slave;
	int xon;			/* the UART has room for another byte */
	uint8_t out[OUT_SIZE];
	unsigned out_head, out_tail;	/* free-running counters */
	uint8_t in[IN_SIZE];
	unsigned in_head, in_tail;
	unsigned long dropped, dropped_said;
} conn;

static void feed_avr(void)
{
	/* avr_uart_irq_input() raises XOFF (our flag to 0) when its own fifo is full */
	while (conn.xon && conn.in_head != conn.in_tail)
		avr_raise_irq(conn.to_avr, conn.in[conn.in_tail++ & (IN_SIZE - 1)]);
}

static void on_avr_byte(struct avr_irq_t *irq, uint32_t value, void *param)
{
	(void)irq; (void)param;
	if (conn.out_head - conn.out_tail == OUT_SIZE) {
		conn.out_tail++;		/* full: the oldest byte goes, counted */
		conn.dropped++;
	}
	conn.out[conn.out_head++ & (OUT_SIZE - 1)] = (uint8_t)value;
}

static void on_xon(struct avr_irq_t *irq, uint32_t value, void *param)
{
	(void)irq; (void)value; (void)param;
	conn.xon = 1;
	feed_avr();
}

static void on_xoff(struct avr_irq_t *irq, uint32_t value, void *param)
{
	(void)irq; (void)param;
	if (value)
		conn.xon = 0;
}

int uart_link_open(avr_t *avr, char uart, char *slavename, size_t size)
{
	char name[128];
	memset(&conn, 0, sizeof(conn));
	conn.avr = avr;
	if (openpty(&conn.master, &conn.slave, name, NULL, NULL) < 0)
		return -1;
	struct termios tio;
	tcgetattr(conn.slave, &tio);
	cfmakeraw(&tio);
	tcsetattr(conn.slave, TCSANOW, &tio);
	fcntl(conn.master, F_SETFL, fcntl(conn.master, F_GETFL) | O_NONBLOCK);
	snprintf(slavename, size, "%s", name);

	/* no console echo of what the firmware prints: the pty carries it. No usleep(1) on
	 * each poll of the status register either: it costs ~60 µs of wall time per poll, so
	 * a firmware waiting for its transmit buffer fell behind real time (ratio 0.8); the
	 * harness paces the simulation to the wall clock itself. */
	uint32_t flags = 0;
	avr_ioctl(avr, AVR_IOCTL_UART_GET_FLAGS(uart), &flags);
	flags &= ~(AVR_UART_FLAG_STDIO | AVR_UART_FLAG_POOL_SLEEP);
	avr_ioctl(avr, AVR_IOCTL_UART_SET_FLAGS(uart), &flags);

	avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ(uart), UART_IRQ_OUTPUT),
				on_avr_byte, NULL);
	avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ(uart), UART_IRQ_OUT_XON),
				on_xon, NULL);
	avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ(uart), UART_IRQ_OUT_XOFF),
				on_xoff, NULL);
	conn.to_avr = avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ(uart), UART_IRQ_INPUT);
	return 0;
}

void uart_link_pump(void)
{
	/* AVR -> host: as much as the pty takes now, in at most two contiguous pieces */
	while (conn.out_head != conn.out_tail) {
		unsigned start = conn.out_tail & (OUT_SIZE - 1);
		unsigned count = conn.out_head - conn.out_tail;
		if (count > OUT_SIZE - start)
			count = OUT_SIZE - start;
		ssize_t w = write(conn.master, conn.out + start, count);
		if (w <= 0)
			break;			/* EAGAIN: the host is not reading; keep it */
		conn.out_tail += (unsigned)w;
	}
	if (conn.dropped != conn.dropped_said) {
		printf("ERR uart dropped %lu\n", conn.dropped - conn.dropped_said);
		conn.dropped_said = conn.dropped;
	}
	/* host -> AVR: read only what fits */
	while (conn.in_head - conn.in_tail < IN_SIZE) {
		unsigned start = conn.in_head & (IN_SIZE - 1);
		unsigned room = IN_SIZE - (conn.in_head - conn.in_tail);
		if (room > IN_SIZE - start)
			room = IN_SIZE - start;
		ssize_t r = read(conn.master, conn.in + start, room);
		if (r <= 0)
			break;			/* EAGAIN, or EIO while nobody has it open */
		conn.in_head += (unsigned)r;
	}
	feed_avr();
}

void uart_link_close(void)
{
	uart_link_pump();
	close(conn.master);
	close(conn.slave);
}
