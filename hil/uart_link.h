/* uart_link.h - the simulated UART as a pty, pumped from the simulation thread only. */
#ifndef UART_LINK_H
#define UART_LINK_H

#include <stddef.h>
#include "sim_avr.h"

/* Create the pty for UART `uart` ('0'); its slave path goes to `slavename`. 0 or -1. */
int uart_link_open(avr_t *avr, char uart, char *slavename, size_t size);

/* Move bytes both ways; call it often from the simulation thread (every pace period). */
void uart_link_pump(void);

/* Send what is still queued, then close the pty. */
void uart_link_close(void);

#endif
