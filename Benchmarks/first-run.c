// first-run: runs a program under ptrace with a one-shot breakpoint on the first byte of each
// function listed in ADDRESSES (hex, as linked, one per line), and writes the addresses of those
// that ran, in the order they first ran, to OUT.
//
//   first-run ADDRESSES OUT PROGRAM [ARGUMENTS...]
//
// Each breakpoint costs one stop, the first time its function runs, then the original byte is back:
// the program runs at full speed otherwise, with all its threads. A position-independent program is
// found at the address its first mapping starts.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
    uint64_t address;  // as linked
    unsigned char original;
    int armed;
    int ran;
} Point;

static Point *points;
static volatile pid_t program;

// Stopping the tracer stops the program the usual way; it still runs to its end under the tracer.
static void forward(int sig) { if (program > 0) kill(program, sig); }
static size_t count;

static int by_address(const void *a, const void *b) {
    uint64_t x = ((const Point *)a)->address, y = ((const Point *)b)->address;
    return x < y ? -1 : x > y;
}

static Point *find(uint64_t address) {
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (points[mid].address == address) return &points[mid];
        if (points[mid].address < address) lo = mid + 1; else hi = mid;
    }
    return NULL;
}

// Where the program's first mapping starts when it is position-independent (its addresses as
// linked are offsets from there); 0 otherwise.
static uint64_t load_base(pid_t pid, const char *exe) {
    char path[64], line[8192], real[4096];
    unsigned char header[18];
    FILE *elf = fopen(exe, "rb");
    size_t got = elf ? fread(header, 1, sizeof header, elf) : 0;
    if (elf) fclose(elf);
    if (got < sizeof header || header[16] != 3) return 0;  // e_type ET_DYN: position-independent
    snprintf(path, sizeof path, "/proc/%d/maps", pid);
    if (!realpath(exe, real)) return 0;
    FILE *maps = fopen(path, "r");
    if (!maps) return 0;
    uint64_t base = 0;
    while (fgets(line, sizeof line, maps)) {
        unsigned long lo, offset;
        char file[4096] = "";
        if (sscanf(line, "%lx-%*x %*s %lx %*s %*s %4095s", &lo, &offset, file) == 3 && strcmp(file, real) == 0 && offset == 0) {
            base = lo;
            break;
        }
    }
    fclose(maps);
    return base;
}

static int poke_byte(pid_t pid, uint64_t at, unsigned char value, unsigned char *was) {
    errno = 0;
    long word = ptrace(PTRACE_PEEKDATA, pid, (void *)at, 0);
    if (errno) return -1;
    if (was) *was = (unsigned char)(word & 0xff);
    word = (word & ~0xffL) | value;
    return ptrace(PTRACE_POKEDATA, pid, (void *)at, (void *)word) == -1 ? -1 : 0;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: first-run ADDRESSES OUT PROGRAM [ARGUMENTS...]\n");
        return 2;
    }
    FILE *list = fopen(argv[1], "r");
    if (!list) { perror(argv[1]); return 2; }
    size_t capacity = 1 << 16;
    points = calloc(capacity, sizeof *points);
    if (!points) { fprintf(stderr, "first-run: out of memory\n"); return 2; }
    char line[256];
    while (fgets(line, sizeof line, list)) {
        if (count == capacity) {
            Point *grown = realloc(points, (capacity *= 2) * sizeof *points);
            if (!grown) { fprintf(stderr, "first-run: out of memory\n"); return 2; }
            points = grown;
        }
        points[count++] = (Point){.address = strtoull(line, NULL, 16)};
    }
    fclose(list);
    qsort(points, count, sizeof *points, by_address);
    FILE *out = fopen(argv[2], "w");
    if (!out) { perror(argv[2]); return 2; }

    setvbuf(out, NULL, _IOLBF, 0);
    pid_t child = fork();
    if (child == 0) {
        ptrace(PTRACE_TRACEME, 0, 0, 0);
        execvp(argv[3], argv + 3);
        perror(argv[3]);
        _exit(127);
    }
    program = child;
    signal(SIGTERM, forward);
    signal(SIGINT, forward);
    int status;
    if (waitpid(child, &status, 0) != child || !WIFSTOPPED(status)) { fprintf(stderr, "first-run: no exec stop\n"); return 1; }
    ptrace(PTRACE_SETOPTIONS, child, 0, PTRACE_O_TRACECLONE | PTRACE_O_EXITKILL);
    uint64_t base = load_base(child, argv[3]);
    size_t armed = 0;
    for (size_t i = 0; i < count; i++) {
        if (poke_byte(child, base + points[i].address, 0xcc, &points[i].original) == 0) { points[i].armed = 1; armed++; }
    }
    // Quiet unless asked: the program's standard error is its own.
    int verbose = getenv("FIRST_RUN_VERBOSE") != NULL;
    if (verbose) fprintf(stderr, "first-run: %zu of %zu breakpoints set at base 0x%lx\n", armed, count, (unsigned long)base);
    ptrace(PTRACE_CONT, child, 0, 0);

    size_t ran = 0;
    int code = 0;
    for (;;) {
        pid_t tid = waitpid(-1, &status, __WALL);
        if (tid == -1) { if (errno == EINTR) continue; break; }
        if (WIFEXITED(status) || WIFSIGNALED(status)) {
            if (tid == child) { code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); break; }
            continue;
        }
        if (!WIFSTOPPED(status)) continue;
        int sig = WSTOPSIG(status);
        if (status >> 16) {  // a ptrace event (a new thread): nothing to pass on
            ptrace(PTRACE_CONT, tid, 0, 0);
            continue;
        }
        if (sig == SIGTRAP) {
            struct user_regs_struct regs;
            ptrace(PTRACE_GETREGS, tid, 0, &regs);
            Point *point = find(regs.rip - 1 - base);
            if (point && point->armed) {
                // The first thread here: the original byte back, the function recorded.
                if (!point->ran) {
                    poke_byte(tid, base + point->address, point->original, NULL);
                    point->ran = 1;
                    fprintf(out, "%lx\n", (unsigned long)point->address);
                    ran++;
                }
                // Any thread that hit it, before or after the byte came back, runs it again.
                regs.rip -= 1;
                ptrace(PTRACE_SETREGS, tid, 0, &regs);
                sig = 0;
            } else {
                sig = 0;  // a new thread's first stop, or a stop of ours: not the program's
            }
        } else if (sig == SIGSTOP) {
            sig = 0;  // a new thread starts stopped
        }
        ptrace(PTRACE_CONT, tid, 0, (void *)(long)sig);
    }
    fclose(out);
    if (verbose) fprintf(stderr, "first-run: %zu functions ran\n", ran);
    return code;
}
