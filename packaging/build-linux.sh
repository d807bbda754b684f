#!/usr/bin/env bash
# Builds Digit Studio for Linux x86-64 under target/dist/: the app image (target/dist/digit-studio/) and the .deb.
#
#   packaging/build-linux.sh [--skip-maven] [--app-image-only]
#
# Steps: mvn package (thin jar + target/lib) → stage the jars with their native libraries unpacked into
# native/ (and removed from the jars, so nothing is shipped twice and JavaCPP has nothing to unpack into
# ~/.javacpp/cache) → jpackage app image (jlink-trimmed runtime) → jpackage .deb from that image.
# Environment:
#   DEB_XZ_LEVEL   xz level for the .deb (default 6, dpkg-deb's own default; 1 is ~4x faster and ~25% bigger)
#   MVN            Maven command (default: mvn -B -q)
# Needs JDK 17+ (jpackage, jlink), unzip, zip, strip (binutils), and for the .deb fakeroot and dpkg-deb (dpkg-dev).
# See packaging/README.md.
set -euo pipefail

cd "$(dirname "$0")/.."
skip_maven=false
deb=true
for arg in "$@"; do
  case "$arg" in
    --skip-maven) skip_maven=true ;;
    --app-image-only) deb=false ;;
    *) echo "usage: packaging/build-linux.sh [--skip-maven] [--app-image-only]" >&2; exit 2 ;;
  esac
done

fail() { echo "build-linux.sh: $*" >&2; exit 1; }
tools=(jpackage unzip zip strip)
$deb && tools+=(fakeroot dpkg-deb)
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null || fail "$tool is missing (Debian: apt-get install -y fakeroot binutils dpkg-dev zip unzip)"
done
[ "$(uname -m)" = x86_64 ] || fail "only linux-x86_64 natives are packaged; this is $(uname -m)"

pom_version=$(sed -n '0,/<version>/s/.*<version>\(.*\)<\/version>.*/\1/p' pom.xml)
for args in packaging/jpackage-common.txt packaging/jpackage-deb.txt; do
  grep -q -- "--app-version $pom_version\$" "$args" || fail "$args: --app-version is not the pom's version $pom_version"
done

if ! $skip_maven; then
  ${MVN:-mvn -B -q} -DskipTests package
fi
[ -f target/digit-studio.jar ] && [ -d target/lib ] || fail "target/digit-studio.jar or target/lib is missing: run without --skip-maven"
unzip -l target/digit-studio.jar models/digit-studio.dsm >/dev/null \
  || echo "build-linux.sh: warning: the jar has no shipped model (models/digit-studio.dsm); the app will need --model" >&2

# ---- stage: the jars, and their native libraries unpacked -------------------------------------------------------
stage=target/jpackage
input=$stage/input
rm -rf "$stage" target/dist
mkdir -p "$input/lib" "$input/native/avx2" "$input/native/generic" target/dist
cp target/digit-studio.jar "$input/"

# unpack_natives JAR DIR: move the jar's shared libraries into DIR and drop them (and C headers, cmake and
# pkg-config files, which only a compiler needs) from the jar.
unpack_natives() {
  local jar=$1 dir=$2
  grep -Eq '\.so(\.[0-9]+)*$' <<<"$(unzip -Z1 "$jar")" || return 0
  unzip -q -j -o "$jar" '*.so*' -d "$dir"
  zip -q -d "$jar" '*.so' '*.so.*' '*/include/*' '*/lib/cmake/*' '*/lib/pkgconfig/*' >/dev/null || true
}

for jar in target/lib/*.jar; do
  name=$(basename "$jar")
  case "$name" in
    # oneDNN is linked statically into ND4J's onednn-avx2 build; nothing loads this jar's libdnnl.so
    dnnl-*-linux-x86_64.jar) continue ;;
  esac
  cp "$jar" "$input/lib/"
  case "$name" in
    nd4j-native-*-linux-x86_64-onednn-avx2.jar) unpack_natives "$input/lib/$name" "$input/native/avx2" ;;
    nd4j-native-*-linux-x86_64.jar) unpack_natives "$input/lib/$name" "$input/native/generic" ;;
    *-linux-x86_64.jar|javafx-*-linux.jar) unpack_natives "$input/lib/$name" "$input/native" ;;
    # JNA (used by oshi) carries its stub for ten platforms: keep linux-x86-64's, unpacked
    jna-[0-9]*.jar)
      unzip -q -j -o "$input/lib/$name" 'com/sun/jna/linux-x86-64/libjnidispatch.so' -d "$input/native"
      zip -q -d "$input/lib/$name" 'com/sun/jna/*/*jnidispatch*' >/dev/null ;;
  esac
done

# OpenBLAS ships as libopenblas.so.0, which JavaCPP loads under the name libopenblas_nolapack.so.0 by copying it into
# its cache ("openblas@.0#openblas_nolapack@.0"). Installed under that second name, JavaCPP loads it from here and
# finds no libopenblas.so.0 to copy; libraries that need libopenblas.so.0 get the loaded one (its soname).
mv "$input/native/libopenblas.so.0" "$input/native/libopenblas_nolapack.so.0"
# Symbol tables only (what `strip --strip-unneeded` removes) are not needed to run: ~60 MB less.
find "$input/native" -name '*.so*' -exec strip --strip-unneeded {} +
chmod 0644 "$input"/native/*.so* "$input"/native/*/*.so*

for lib in libjnijavacpp.so libjnidispatch.so libjniopenblas_nolapack.so libopenblas_nolapack.so.0 libgfortran.so.5 libglass.so \
           avx2/libnd4jcpu.so avx2/libjnind4jcpu.so generic/libnd4jcpu.so generic/libjnind4jcpu.so; do
  [ -f "$input/native/$lib" ] || fail "staging: native/$lib is missing"
done
if unzip -l "$input/lib/*.jar" 2>/dev/null | grep -E '\.(so(\.[0-9]+)*|dll|dylib|jnilib|a)$'; then
  fail "staging: a jar still holds a native library (listed above)"
fi

# ---- app image ---------------------------------------------------------------------------------------------------
echo "Building the app image (jlink + jpackage)..."
jpackage @packaging/jpackage-common.txt @packaging/jpackage-linux.txt \
  --type app-image --input "$input" --dest target/dist
echo "App image: target/dist/digit-studio ($(du -sh target/dist/digit-studio | cut -f1))"

# ---- .deb --------------------------------------------------------------------------------------------------------
if $deb; then
  echo "Building the .deb (dpkg-deb, xz -${DEB_XZ_LEVEL:-6})..."
  DPKG_DEB_COMPRESSOR_TYPE=xz DPKG_DEB_COMPRESSOR_LEVEL=${DEB_XZ_LEVEL:-6} \
    jpackage @packaging/jpackage-deb.txt --type deb --app-image target/dist/digit-studio --dest target/dist
  ls -l target/dist/*.deb
fi
