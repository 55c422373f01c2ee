#!/usr/bin/env bash
# Rebuilds scenarios/traces/scan.csv, the trace of the scan-pollution scenario:
# a product-page workload (Zipf 0.9 over 2,000 keys, 20,000 reads at 200/s,
# from `cachesim gen`) interrupted five times, after requests 2,000, 6,000,
# 10,000, 14,000 and 18,000, by a batch job that reads 1,000 keys once each
# (ids from 1,000,000 up, never requested again): a backfill, an export, a
# cache warmer walking a table. The scan rows carry the timestamp of the
# request before them. The output is byte-identical on every run.
#
#   scenarios/traces/make-scan.sh        (from anywhere; needs a built cachesim)
set -euo pipefail
cd "$(dirname "$0")/../.."
node bin/cachesim.js gen --dist zipf --alpha 0.9 --keys 2000 --requests 20000 --rate 200 --seed 7 2>/dev/null \
  | awk -F, -v every=4000 -v first=2000 -v scan=1000 '
      NR == 1 { print "timestamp,key"; next }
      {
        print $1 "," $2
        n++
        if (n >= first && (n - first) % every == 0) {
          for (i = 0; i < scan; i++) print $1 "," (1000000 + s * scan + i)
          s++
        }
      }' > scenarios/traces/scan.csv
echo "wrote scenarios/traces/scan.csv ($(($(wc -l < scenarios/traces/scan.csv) - 1)) requests)"
