#!/usr/bin/env bash
# Builds tcpkali (github.com/satori-com/tcpkali, the peer bench/run-benchmark.sh compares against)
# from its sources, outside this repository, and prints the binary's path on stdout. Nothing of
# tcpkali is copied into tcpswarm: it is cloned into a scratch directory and built there.
#
#   TCPKALI=$(bench/build-tcpkali.sh) bench/run-benchmark.sh
#   TCPKALI=build bench/run-benchmark.sh             # the same, done by the benchmark
#
# Environment:
#   TCPKALI_SRC   a clone (or mirror) to clone from (default https://github.com/satori-com/tcpkali)
#   TCPKALI_DIR   where to build it (default /tmp/tcpkali-build); an existing build there is reused
#
# Needs: git, gcc, make, and Debian's autoconf automake libtool bison flex
# (apt-get install autoconf automake libtool bison flex). tcpkali 1.2's src/tcpkali_syslimits.c
# includes <sys/sysctl.h>, which glibc 2.32 removed; Linux does not use it (no sysctlbyname), so
# the include is dropped in the scratch copy before building.
set -euo pipefail
src=${TCPKALI_SRC:-https://github.com/satori-com/tcpkali}
dir=${TCPKALI_DIR:-/tmp/tcpkali-build}
if [ -x "$dir/src/tcpkali" ]; then
    echo "$dir/src/tcpkali"
    exit 0
fi
for tool in git gcc make autoreconf automake libtoolize bison flex; do
    command -v "$tool" > /dev/null || { echo "build-tcpkali: $tool is missing (apt-get install autoconf automake libtool bison flex gcc make git)" >&2; exit 1; }
done
rm -rf "$dir"
git clone -q "$src" "$dir"
cd "$dir"
sed -i 's|^#include <sys/sysctl.h>|/* <sys/sysctl.h>: gone from glibc 2.32, unused on Linux */|' src/tcpkali_syslimits.c
{ autoreconf -i && ./configure && make; } > "$dir/build.log" 2>&1 \
    || { echo "build-tcpkali: the build failed; see $dir/build.log" >&2; exit 1; }
echo "$dir/src/tcpkali"
