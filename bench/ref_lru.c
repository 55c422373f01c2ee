/* Copied from the team's shared yardstick (shared/bench/ref_lru.c) so the benchmark
 * reproduces from a clean clone. Unchanged below this comment. */
/* Reference LRU replay: the speed a tight native loop reaches on a CSV trace.
 * usage: ref_lru TRACE.csv CAPACITY_OBJECTS
 * TRACE.csv has a header row with a column named "key"; every row is a read.
 * Prints: requests hits misses hit_ratio
 * Build: gcc -O2 -o ref_lru ref_lru.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static uint64_t hash(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++) { h ^= (unsigned char)s[i]; h *= 1099511628211ULL; }
  return h;
}

typedef struct { char *key; uint32_t len; int32_t id; } slot_t;
static slot_t *table; static size_t tcap, tcount;
static int32_t *prev_, *next_; static uint8_t *in_cache; static size_t idcap;

static void grow_ids(size_t need) {
  if (need <= idcap) return;
  size_t n = idcap ? idcap * 2 : 1 << 16; while (n < need) n *= 2;
  prev_ = realloc(prev_, n * sizeof *prev_); next_ = realloc(next_, n * sizeof *next_);
  in_cache = realloc(in_cache, n); memset(in_cache + idcap, 0, n - idcap); idcap = n;
}

static void rehash(void) {
  size_t ncap = tcap ? tcap * 2 : 1 << 16; slot_t *nt = calloc(ncap, sizeof *nt);
  for (size_t i = 0; i < tcap; i++) if (table[i].key) {
    size_t j = hash(table[i].key, table[i].len) & (ncap - 1);
    while (nt[j].key) j = (j + 1) & (ncap - 1);
    nt[j] = table[i];
  }
  free(table); table = nt; tcap = ncap;
}

static int32_t intern(const char *s, size_t n) {
  if ((tcount + 1) * 2 > tcap) rehash();
  size_t j = hash(s, n) & (tcap - 1);
  while (table[j].key) {
    if (table[j].len == n && memcmp(table[j].key, s, n) == 0) return table[j].id;
    j = (j + 1) & (tcap - 1);
  }
  table[j].key = malloc(n); memcpy(table[j].key, s, n); table[j].len = (uint32_t)n;
  table[j].id = (int32_t)tcount++; grow_ids(tcount); return table[j].id;
}

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: ref_lru TRACE.csv CAPACITY_OBJECTS\n"); return 2; }
  FILE *f = fopen(argv[1], "r"); if (!f) { perror(argv[1]); return 1; }
  long cap = atol(argv[2]);
  char *line = NULL; size_t lcap = 0; ssize_t len;
  if ((len = getline(&line, &lcap, f)) <= 0) { fprintf(stderr, "empty trace\n"); return 1; }
  int keycol = -1, col = 0; char *p = line, *tok;
  while ((tok = strsep(&p, ",\r\n")) != NULL) { if (strcmp(tok, "key") == 0) { keycol = col; break; } col++; }
  if (keycol < 0) { fprintf(stderr, "no key column\n"); return 1; }
  int32_t head = -1, tail = -1; long size = 0; uint64_t req = 0, hits = 0;
  while ((len = getline(&line, &lcap, f)) > 0) {
    char *s = line; int c = 0;
    while (c < keycol) { s = strchr(s, ','); if (!s) break; s++; c++; }
    if (!s) continue;
    size_t n = strcspn(s, ",\r\n");
    int32_t id = intern(s, n); req++;
    if (in_cache[id]) {
      hits++;
      if (head != id) { /* unlink and move to head */
        int32_t pv = prev_[id], nx = next_[id];
        next_[pv] = nx; if (nx >= 0) prev_[nx] = pv; else tail = pv;
        prev_[id] = -1; next_[id] = head; prev_[head] = id; head = id;
      }
    } else {
      if (size >= cap) { int32_t v = tail; tail = prev_[v]; if (tail >= 0) next_[tail] = -1; else head = -1; in_cache[v] = 0; size--; }
      in_cache[id] = 1; prev_[id] = -1; next_[id] = head; if (head >= 0) prev_[head] = id; head = id; if (tail < 0) tail = id; size++;
    }
  }
  printf("%llu %llu %llu %.6f\n", (unsigned long long)req, (unsigned long long)hits,
         (unsigned long long)(req - hits), req ? (double)hits / req : 0.0);
  return 0;
}
