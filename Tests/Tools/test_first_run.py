"""Benchmarks/first-run.c, the tracer `make code-order` lays the release builds out by (built with the
Swift toolchain's clang, as there): it must report exactly the functions a program ran, in the order
they first ran, from every thread, and leave the program's behaviour (its exit status, its signals)
as it was."""
import pathlib
import signal
import subprocess
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]

PROGRAM = r"""
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
__attribute__((noinline)) int first(int x) { return x + 1; }
__attribute__((noinline)) int second(int x) { return x * 2; }
__attribute__((noinline)) int never(int x) { return x - 3; }
__attribute__((noinline)) int on_threads(int x) { return x ^ 5; }
static void *worker(void *arg) {
    long v = (long)arg;
    for (int i = 0; i < 100000; i++) v = on_threads((int)v);
    return (void *)v;
}
static volatile sig_atomic_t stopped;
static void on_term(int sig) { (void)sig; stopped = 1; }
int main(int argc, char **argv) {
    int v = argc;
    for (int i = 0; i < 3; i++) v = second(first(v));
    pthread_t threads[4];
    for (long i = 0; i < 4; i++) pthread_create(&threads[i], 0, worker, (void *)i);
    for (int i = 0; i < 4; i++) pthread_join(threads[i], 0);
    if (argc > 2) {  /* waits for SIGTERM, then exits 7 */
        /* Blocked until sigsuspend: a SIGTERM handled between the test of `stopped` and a pause()
           would leave pause() waiting for ever (seen once in CI, 3 in 2,400 runs on a loaded machine). */
        sigset_t term, before;
        sigemptyset(&term);
        sigaddset(&term, SIGTERM);
        sigprocmask(SIG_BLOCK, &term, &before);
        signal(SIGTERM, on_term);
        write(1, "ready\n", 6);
        while (!stopped) sigsuspend(&before);
        return 7;
    }
    return argc > 1 ? atoi(argv[1]) : v > 1000;
}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    work = tmp_path_factory.mktemp("first-run")
    tool = work / "first-run"
    subprocess.run(["clang", "-O2", "-o", str(tool), str(ROOT / "Benchmarks/first-run.c")], check=True)
    (work / "program.c").write_text(PROGRAM)
    program = work / "program"
    # Position-independent, as our executables are: the tracer finds where it was loaded.
    subprocess.run(["clang", "-O1", "-fPIE", "-pie", "-pthread", "-o", str(program), str(work / "program.c")],
                   check=True)
    names = {}
    for line in subprocess.run(["nm", "--defined-only", str(program)], capture_output=True, text=True,
                               check=True).stdout.splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[1] in "tT":
            names[int(fields[0], 16)] = fields[2]
    wanted = {a: n for a, n in names.items() if n in ("main", "first", "second", "never", "on_threads", "worker")}
    (work / "addresses").write_text("".join(f"{a:x}\n" for a in wanted))
    return work, tool, program, wanted


def trace(built, *arguments, **run):
    work, tool, program, wanted = built
    out = work / "ran"
    result = subprocess.run([str(tool), str(work / "addresses"), str(out), str(program), *arguments],
                            capture_output=True, text=True, timeout=60, **run)
    return result, [wanted[int(line, 16)] for line in out.read_text().split()]


def test_it_reports_what_ran_in_the_order_it_first_ran_and_nothing_else(built):
    result, ran = trace(built)
    assert result.returncode == 0
    assert ran[:3] == ["main", "first", "second"]
    assert set(ran) == {"main", "first", "second", "worker", "on_threads"}
    assert "never" not in ran


def test_the_programs_exit_status_is_its_own(built):
    result, _ = trace(built, "3")
    assert result.returncode == 3


def test_a_stop_signal_reaches_the_program_which_ends_as_it_would(built):
    work, tool, program, wanted = built
    process = subprocess.Popen([str(tool), str(work / "addresses"), str(work / "ran-term"), str(program), "a", "b"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout.readline().strip() == "ready"
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 7
    ran = [wanted[int(line, 16)] for line in (work / "ran-term").read_text().split()]
    assert "on_threads" in ran and "never" not in ran
