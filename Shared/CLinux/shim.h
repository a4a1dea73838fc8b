// Linux interfaces that Swift's Glibc module does not export: epoll, eventfd, accept4.
// They live in the C library itself, so this module links nothing.
#ifndef SWITCHBOARD_CLINUX_SHIM_H
#define SWITCHBOARD_CLINUX_SHIM_H
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

// accept4 is declared only under _GNU_SOURCE, which the Glibc module is built without.
extern int accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);
#endif
