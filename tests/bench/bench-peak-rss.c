/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs a program and writes its peak resident set, in KiB, to a file:
 *
 *   bench-peak-rss OUT-FILE PROGRAM [ARG…]
 *
 * Linux counts a process's peak across exec(), from the moment it was
 * forked: a program the benchmark starts itself would report at least the
 * benchmark's own size, tens of MB. Forked from this small program
 * instead, it reports what it used. */
int
main (int    argc,
      char **argv)
{
  struct rusage usage;
  int status = 0;
  pid_t pid;
  FILE *out;

  if (argc < 3)
    {
      fprintf (stderr, "usage: bench-peak-rss OUT-FILE PROGRAM [ARG…]\n");
      return 2;
    }
  pid = fork ();
  if (pid < 0)
    {
      perror ("bench-peak-rss: fork");
      return 2;
    }
  if (pid == 0)
    {
      execv (argv[2], argv + 2);
      perror (argv[2]);
      _exit (127);
    }
  while (wait4 (pid, &status, 0, &usage) < 0)
    if (errno != EINTR)
      {
        perror ("bench-peak-rss: wait");
        return 2;
      }
  out = fopen (argv[1], "w");
  if (out == NULL || fprintf (out, "%ld\n", usage.ru_maxrss) < 0 || fclose (out) != 0)
    {
      perror (argv[1]);
      return 2;
    }
  if (WIFSIGNALED (status))
    {
      signal (WTERMSIG (status), SIG_DFL);
      raise (WTERMSIG (status));
    }
  return WIFEXITED (status) ? WEXITSTATUS (status) : 2;
}
