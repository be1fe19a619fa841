/*
 * avr_uart_bridge.c - the project's simulated Uno (adopted from ../shared/tools/avrsim):
 * run real AVR/Arduino firmware in libsimavr (Debian 12:
 * libsimavr-dev 1.6) and expose the simulated UART0 as a pseudo-terminal that
 * pyserial (or anything else) can open.
 *
 *   avr_uart_bridge [-m mcu] [-f hz] [-l link] [-R] [-d sim_secs] [-p ms] [-k] [-w] [-v] firmware.elf|.hex
 *
 *   -m mcu      MCU name (default atmega328p = Arduino Uno)
 *   -f hz       CPU clock (default 16000000)
 *   -l path     also create this symlink to the pty slave (a stable name for the port;
 *               the UART-to-pty link itself is hil/uart_link.c)
 *   -R          do NOT throttle to wall-clock time (run as fast as the host can)
 *   -d secs     stop after this many *simulated* seconds (benchmarks)
 *   -p ms       real-time pacing / stdin polling period in simulated ms (default 5)
 *   -w          watch digital pins of ports B/C/D and print "PIN B5 1" on change
 *   -k          keep running when stdin reaches EOF (default: EOF on stdin = quit,
 *               so the simulator dies with the test process that started it)
 *   -v          more simavr logging (warnings)
 *
 * stdout (line buffered, machine readable):
 *   READY <pty-slave-path> <link>        once the pty exists and the AVR starts
 *   PIN <port><bit> <0|1>                with -w
 *   STATS sim_s=.. wall_s=.. ratio=.. cpu=.. cycles=..   on "stats" and at exit
 *   PULSED <pin> <n>                     when a pulse train is done
 *
 * stdin commands (one per line), applied inside the simulation thread:
 *   adc <ch> <millivolts>    set analog input ADC<ch> (AVCC/AREF are 5000 mV)
 *   mux <ch> <millivolts>    set CD4051 channel <ch> (0-7); from the first mux command on,
 *                            A0 follows the channel the firmware selects on D5 (S0), D6 (S1),
 *                            D7 (S2): channel = S0 + 2*S1 + 4*S2
 *   pin <port><bit> <0|1>    drive a digital input, e.g. "pin D2 1" (Uno pin 2)
 *   pulse <port><bit> <n> <low_ms> <high_ms>
 *                            n low pulses on an idle-high input (a light barrier broken n
 *                            times), timed in simulated cycles; prints "PULSED <pin> <n>"
 *   reset                    reset the AVR (like the reset button / DTR pulse)
 *   stats                    print a STATS line (simulated vs wall time, CPU share)
 *   quit                     stop
 *
 * Pin names are AVR port bits: Uno D0-D7 = D0-D7, D8-D13 = B0-B5, A0-A5 = C0-C5.
 *
 * Build (scripts/build-hil.sh does it):  gcc -O2 -Wall -Wextra -Werror -o avr_uart_bridge \
 *             avr_uart_bridge.c uart_link.c -I/usr/include/simavr -lsimavr -lutil
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <signal.h>
#include <unistd.h>
#include <time.h>
#include <poll.h>
#include <fcntl.h>
#include <errno.h>
#include <ctype.h>
#include <sys/resource.h>

#include "sim_avr.h"
#include "sim_elf.h"
#include "sim_hex.h"
#include "sim_core.h"
#include "sim_irq.h"
#include "sim_cycle_timers.h"
#include "sim_time.h"
#include "avr_ioport.h"
#include "avr_adc.h"
#include "avr_uart.h"
#include "uart_link.h"

static avr_t *avr;
static char slavename[128];
static volatile sig_atomic_t stop_flag;
static int reset_flag;
static int realtime = 1;
static double stop_after = 0;	/* simulated seconds, 0 = forever */
static struct timespec t0;
static const char *link_path;
static avr_cycle_count_t pace_period;
static double pace_ms = 5.0;
static char inbuf[512];
static size_t inlen;
static int stdin_open = 1;
static int keep_on_eof;

/* CD4051 on A0: what each channel passes, and the channel the select lines choose */
static int mux_mv[8];
static int mux_on;
static unsigned mux_select;	/* bit0 = D5 (S0), bit1 = D6 (S1), bit2 = D7 (S2) */

/* one pulse train at a time */
static struct {
	avr_irq_t *irq;
	char name[4];
	int total, left, high;	/* high: the pin is high now (between pulses) */
	avr_cycle_count_t low_cycles, high_cycles;
} pulse;

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9;
}

static double sim_s(void)
{
	return (double)avr->cycle / (double)avr->frequency;
}

static void print_stats(void)
{
	double w = now_s(), s = sim_s();
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	double cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
		     ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	printf("STATS sim_s=%.3f wall_s=%.3f ratio=%.3f cpu=%.3f cycles=%llu\n",
	       s, w, w > 0 ? s / w : 0.0, w > 0 ? cpu / w : 0.0, (unsigned long long)avr->cycle);
}

static void mux_apply(void)
{
	if (!mux_on)
		return;
	avr_irq_t *irq = avr_io_getirq(avr, AVR_IOCTL_ADC_GETIRQ, ADC_IRQ_ADC0);
	avr_raise_irq(irq, mux_mv[mux_select & 7]);
}

/* D5/D6/D7 changed (the firmware drives the CD4051's select lines) */
static void mux_select_changed(struct avr_irq_t *irq, uint32_t value, void *param)
{
	(void)irq;
	unsigned bit = (unsigned)(intptr_t)param;
	mux_select = value ? (mux_select | (1u << bit)) : (mux_select & ~(1u << bit));
	mux_apply();
}

static avr_irq_t *pin_irq(const char *name)
{
	if (strlen(name) != 2)
		return NULL;
	char port = toupper((unsigned char)name[0]);
	int bit = name[1] - '0';
	if (!strchr("BCD", port) || bit < 0 || bit > 7)
		return NULL;
	return avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ(port), bit);
}

/* A pin the rig drives is an external driver, as on the bench: simavr 1.6 otherwise puts an
 * input with the internal pull-up back to 1 on every write to its PORT register (the
 * firmware writing another pin of the same port), so a held LOW (a broken light barrier)
 * would not hold. SET_EXTERNAL makes the driven value the pin's input value. */
static uint8_t ext_mask[3], ext_value[3];	/* ports B, C, D */

static void drive_pin(const char *name, avr_irq_t *irq, int value)
{
	char port = toupper((unsigned char)name[0]);
	int bit = name[1] - '0', pi = port - 'B';
	ext_mask[pi] |= 1u << bit;
	if (value)
		ext_value[pi] |= 1u << bit;
	else
		ext_value[pi] &= ~(1u << bit);
	avr_ioport_external_t ext = { .name = port, .mask = ext_mask[pi], .value = ext_value[pi] };
	avr_ioctl(avr, AVR_IOCTL_IOPORT_SET_EXTERNAL(port), &ext);
	avr_raise_irq(irq, value);
}

static avr_cycle_count_t pulse_timer(avr_t *a, avr_cycle_count_t when, void *param)
{
	(void)a; (void)param;
	if (pulse.high) {		/* start the next pulse */
		pulse.high = 0;
		drive_pin(pulse.name, pulse.irq, 0);
		return when + pulse.low_cycles;
	}
	pulse.high = 1;			/* end of a pulse */
	drive_pin(pulse.name, pulse.irq, 1);
	if (--pulse.left > 0)
		return when + pulse.high_cycles;
	printf("PULSED %s %d\n", pulse.name, pulse.total);
	pulse.irq = NULL;
	return 0;
}

static void handle_command(char *line)
{
	char cmd[16] = "", a[16] = "", b[16] = "";
	int n = sscanf(line, "%15s %15s %15s", cmd, a, b);
	if (n <= 0)
		return;
	if (!strcmp(cmd, "adc") && n == 3) {
		int ch = atoi(a), mv = atoi(b);
		avr_irq_t *irq = avr_io_getirq(avr, AVR_IOCTL_ADC_GETIRQ, ADC_IRQ_ADC0 + ch);
		if (irq && ch >= 0 && ch < 16)
			avr_raise_irq(irq, mv);
		else
			printf("ERR no adc %d\n", ch);
	} else if (!strcmp(cmd, "mux") && n == 3) {
		int ch = atoi(a);
		if (ch < 0 || ch > 7) {
			printf("ERR no mux channel %d\n", ch);
			return;
		}
		mux_mv[ch] = atoi(b);
		mux_on = 1;
		mux_apply();
	} else if (!strcmp(cmd, "pin") && n == 3) {
		avr_irq_t *irq = pin_irq(a);
		if (irq)
			drive_pin(a, irq, atoi(b) ? 1 : 0);
		else
			printf("ERR no pin %s\n", a);
	} else if (!strcmp(cmd, "pulse")) {
		char c[16] = "", d[16] = "";
		avr_irq_t *irq;
		if (sscanf(line, "%*s %15s %15s %15s %15s", a, b, c, d) != 4 || !(irq = pin_irq(a))) {
			printf("ERR usage: pulse <pin> <n> <low_ms> <high_ms>\n");
			return;
		}
		if (pulse.irq) {
			printf("ERR pulse busy on %s\n", pulse.name);
			return;
		}
		pulse.total = pulse.left = atoi(b);
		if (pulse.total <= 0) {
			printf("PULSED %s 0\n", a);
			return;
		}
		pulse.irq = irq;
		snprintf(pulse.name, sizeof(pulse.name), "%s", a);
		pulse.low_cycles = avr_usec_to_cycles(avr, (uint32_t)(atof(c) * 1000));
		pulse.high_cycles = avr_usec_to_cycles(avr, (uint32_t)(atof(d) * 1000));
		pulse.high = 1;
		avr_cycle_timer_register(avr, 1, pulse_timer, NULL);
	} else if (!strcmp(cmd, "reset")) {
		reset_flag = 1;	/* done in main loop: avr_reset() drops all cycle timers */
	} else if (!strcmp(cmd, "stats")) {
		print_stats();
	} else if (!strcmp(cmd, "quit")) {
		stop_flag = 1;
	} else {
		printf("ERR unknown command: %s\n", line);
	}
}

static void poll_stdin(void)
{
	if (!stdin_open)
		return;
	struct pollfd pfd = { .fd = 0, .events = POLLIN };
	while (poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLIN | POLLHUP))) {
		ssize_t r = read(0, inbuf + inlen, sizeof(inbuf) - 1 - inlen);
		if (r <= 0) {	/* EOF: parent gone -> quit, unless -k */
			stdin_open = 0;
			if (!keep_on_eof)
				stop_flag = 1;
			return;
		}
		inlen += r;
		char *nl;
		while ((nl = memchr(inbuf, '\n', inlen))) {
			*nl = 0;
			handle_command(inbuf);
			size_t used = nl - inbuf + 1;
			memmove(inbuf, nl + 1, inlen - used);
			inlen -= used;
		}
		if (inlen == sizeof(inbuf) - 1)
			inlen = 0;	/* overlong line: drop */
	}
}

/* Called every pace period (default 5 ms) of simulated time, inside the simulation loop. */
static avr_cycle_count_t pace_timer(avr_t *a, avr_cycle_count_t when, void *param)
{
	(void)a; (void)param;
	poll_stdin();
	uart_link_pump();
	if (stop_after > 0 && sim_s() >= stop_after)
		stop_flag = 1;
	if (realtime) {
		double ahead = sim_s() - now_s();
		if (ahead > 0.0005) {
			struct timespec ts = { (time_t)ahead, (long)((ahead - (time_t)ahead) * 1e9) };
			nanosleep(&ts, NULL);
		}
	}
	return when + pace_period;
}

static void pin_watch(struct avr_irq_t *irq, uint32_t value, void *param)
{
	(void)irq;
	intptr_t id = (intptr_t)param;
	printf("PIN %c%d %u\n", (char)(id >> 8), (int)(id & 0xff), value);
}

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static int load_firmware(const char *fn, elf_firmware_t *f)
{
	const char *suffix = strrchr(fn, '.');
	if (suffix && !strcasecmp(suffix, ".hex")) {
		ihex_chunk_p chunk = NULL;
		int cnt = read_ihex_chunks(fn, &chunk);
		if (cnt <= 0)
			return -1;
		for (int ci = 0; ci < cnt; ci++) {
			if (chunk[ci].baseaddr < (1 * 1024 * 1024)) {
				f->flash = chunk[ci].data;
				f->flashsize = chunk[ci].size;
				f->flashbase = chunk[ci].baseaddr;
			} else if (chunk[ci].baseaddr >= AVR_SEGMENT_OFFSET_EEPROM) {
				f->eeprom = chunk[ci].data;
				f->eesize = chunk[ci].size;
			}
		}
		return 0;
	}
	return elf_read_firmware(fn, f);
}

int main(int argc, char **argv)
{
	const char *mcu = NULL;		/* default atmega328p */
	uint32_t freq = 0;		/* default 16 MHz */
	int watch = 0, verbose = 0, opt;

	while ((opt = getopt(argc, argv, "m:f:l:Rd:p:kwv")) != -1) {
		switch (opt) {
		case 'm': mcu = optarg; break;
		case 'f': freq = strtoul(optarg, NULL, 0); break;
		case 'l': link_path = optarg; break;
		case 'R': realtime = 0; break;
		case 'd': stop_after = atof(optarg); break;
		case 'p': pace_ms = atof(optarg); break;
		case 'k': keep_on_eof = 1; break;
		case 'w': watch = 1; break;
		case 'v': verbose++; break;
		default:
			fprintf(stderr, "usage: %s [-m mcu] [-f hz] [-l link] [-R] [-d secs] [-p ms] [-k] [-w] [-v] firmware.elf|.hex\n", argv[0]);
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "missing firmware file\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);

	elf_firmware_t f;
	memset(&f, 0, sizeof(f));
	if (load_firmware(argv[optind], &f) != 0) {
		fprintf(stderr, "cannot load %s\n", argv[optind]);
		return 1;
	}
	/* Arduino ELFs (and .hex files) carry no .mmcu section: command line wins,
	 * then the ELF's own .mmcu data, then Arduino Uno defaults */
	if (mcu)
		snprintf(f.mmcu, sizeof(f.mmcu), "%s", mcu);
	else if (!f.mmcu[0])
		snprintf(f.mmcu, sizeof(f.mmcu), "%s", "atmega328p");
	if (freq)
		f.frequency = freq;
	else if (!f.frequency)
		f.frequency = 16000000;

	avr = avr_make_mcu_by_name(f.mmcu);
	if (!avr) {
		fprintf(stderr, "unknown mcu %s\n", f.mmcu);
		return 1;
	}
	avr_init(avr);
	avr_load_firmware(avr, &f);
	if (f.flashbase)
		avr->pc = f.flashbase;
	avr->log = verbose ? LOG_WARNING : LOG_ERROR;
	/* analog references in millivolts; analogRead() uses AVCC by default */
	avr->vcc = avr->avcc = avr->aref = 5000;

	if (uart_link_open(avr, '0', slavename, sizeof(slavename)) != 0) {
		fprintf(stderr, "cannot create a pty: %s\n", strerror(errno));
		return 1;
	}
	if (link_path) {
		unlink(link_path);
		if (symlink(slavename, link_path) != 0)
			fprintf(stderr, "cannot create %s: %s\n", link_path, strerror(errno));
	}

	if (watch) {
		const char ports[] = "BCD";
		for (int pi = 0; ports[pi]; pi++)
			for (int b = 0; b < 8; b++) {
				avr_irq_t *irq = avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ(ports[pi]), b);
				if (irq)
					avr_irq_register_notify(irq, pin_watch,
						(void *)(intptr_t)((ports[pi] << 8) | b));
			}
	}

	/* the CD4051's select lines S0, S1, S2 on Uno D5, D6, D7 */
	for (int bit = 0; bit < 3; bit++)
		avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('D'), 5 + bit),
					mux_select_changed, (void *)(intptr_t)bit);

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);

	pace_period = avr_usec_to_cycles(avr, (uint32_t)(pace_ms * 1000));
	avr_cycle_timer_register(avr, pace_period, pace_timer, NULL);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	printf("READY %s %s\n", slavename, link_path ? link_path : slavename);

	while (!stop_flag) {
		if (reset_flag) {
			reset_flag = 0;
			avr_reset(avr);
			pulse.irq = NULL;	/* avr_reset() dropped its timer too */
			avr_cycle_timer_register(avr, pace_period, pace_timer, NULL);
		}
		int state = avr_run(avr);
		if (state == cpu_Done || state == cpu_Crashed) {
			fprintf(stderr, "avr stopped, state %d\n", state);
			break;
		}
	}
	print_stats();
	/* remove our symlink, unless another instance has replaced it */
	char target[128];
	ssize_t n;
	if (link_path && (n = readlink(link_path, target, sizeof(target) - 1)) >= 0) {
		target[n] = 0;
		if (!strcmp(target, slavename))
			unlink(link_path);
	}
	uart_link_close();
	return 0;
}
